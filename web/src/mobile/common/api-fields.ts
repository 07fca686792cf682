import type { FormInstance } from 'antd';
import { ApiError } from '../../shared/api';

/**
 * The server names a field by where it came from ("body.description"); the form by its own name
 * ("description"). Puts each server message under the form field it concerns; returns the messages
 * of fields the form does not have, so the caller can show them elsewhere.
 */
export function showFieldErrors(form: FormInstance, e: unknown, known: string[], rename: Record<string, string> = {}): string[] {
  if (!(e instanceof ApiError) || e.fields.length === 0) return [];
  const rest: string[] = [];
  const byField = new Map<string, string[]>();
  for (const f of e.fields) {
    const parts = f.field.split('.');
    const name0 = ['body', 'query', 'params'].includes(parts[0]!) ? parts[1] ?? parts[0]! : parts[0]!;
    const name = rename[name0] ?? name0;
    if (known.includes(name)) byField.set(name, [...(byField.get(name) ?? []), f.message]);
    else rest.push(f.message);
  }
  form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
  return rest;
}
