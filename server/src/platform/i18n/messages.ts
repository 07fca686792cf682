import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import en from '../../i18n/en.json' with { type: 'json' };
import zhCN from '../../i18n/zh-CN.json' with { type: 'json' };

export type Locale = 'zh-CN' | 'en';
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];

type Tree = { [k: string]: string | Tree };

/** The shared catalogue (server/src/i18n) merged with each module's own (server/src/modules/<m>/i18n). */
export const catalogs: Record<Locale, Tree> = {
  'zh-CN': mergeModuleCatalogs(zhCN as Tree, 'zh-CN'),
  en: mergeModuleCatalogs(en as Tree, 'en'),
};

function mergeModuleCatalogs(base: Tree, locale: Locale): Tree {
  const modules = fileURLToPath(new URL('../../modules', import.meta.url));
  const out = structuredClone(base);
  for (const m of readdirSync(modules).sort()) {
    const file = `${modules}/${m}/i18n/${locale}.json`;
    if (existsSync(file)) deepMerge(out, JSON.parse(readFileSync(file, 'utf8')) as Tree);
  }
  return out;
}

function deepMerge(into: Tree, from: Tree): void {
  for (const [k, v] of Object.entries(from)) {
    const cur = into[k];
    if (typeof v === 'object' && typeof cur === 'object') deepMerge(cur, v);
    else into[k] = v;
  }
}

/** Looks up a dotted key and fills `{name}` placeholders; falls back to zh-CN, then to the key. */
export function t(locale: Locale, key: string, params: Record<string, unknown> = {}): string {
  const raw = lookup(catalogs[locale], key) ?? lookup(catalogs['zh-CN'], key) ?? key;
  return raw.replace(/\{(\w+)\}/g, (_, name: string) => (name in params ? String(params[name]) : `{${name}}`));
}

function lookup(tree: Tree, key: string): string | undefined {
  let node: string | Tree | undefined = tree;
  for (const part of key.split('.')) {
    if (typeof node !== 'object') return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/** Picks the locale from an explicit choice, then Accept-Language; zh-CN is the default. */
export function pickLocale(explicit: string | undefined, acceptLanguage: string | undefined): Locale {
  if (explicit === 'en' || explicit === 'zh-CN') return explicit;
  if (acceptLanguage) {
    for (const part of acceptLanguage.split(',')) {
      const tag = part.split(';')[0]!.trim().toLowerCase();
      if (tag.startsWith('zh')) return 'zh-CN';
      if (tag.startsWith('en')) return 'en';
    }
  }
  return 'zh-CN';
}
