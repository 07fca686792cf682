import { ActionTimeline } from '../lib/ActionTimeline';
import type { CaseDetail } from './types';

const COLOUR: Record<string, string> = {
  reject: 'gray', overdue: 'red', warn: 'orange', rework: 'red', sendBack: 'orange', park: 'orange', supervise: 'volcano',
  close: 'green', verify: 'green', create: 'cyan',
};

/** Every action on the case, oldest first: what, who, when, the state change, the unit and the note. */
export function CaseTimeline({ items, unitNames }: { items: CaseDetail['timeline']; unitNames: Map<string, string> }) {
  return (
    <ActionTimeline items={items} colours={COLOUR} actionKeys="actions." stateKeys="state."
      detail={(i) => (i.unitCode ? unitNames.get(i.unitCode) ?? i.unitCode : null)} />
  );
}
