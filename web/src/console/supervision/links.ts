// Where each kind of work item is handled in the console: the board links there and takes no action itself
// (every kind has its own supervise route on its own page).
export function itemLink(kind: string, id: string, listId?: string | null): string | null {
  switch (kind) {
    case 'case': return `/cases/${id}`;
    case 'receipt': return `/receipts/${id}`;
    case 'task':
    case 'milestone': return listId ? `/responsibility/${listId}` : '/responsibility';
    default: return null;
  }
}

export const KIND_COLOR: Record<string, string> = { case: 'blue', receipt: 'purple', task: 'cyan', milestone: 'geekblue', hazard: 'volcano' };
