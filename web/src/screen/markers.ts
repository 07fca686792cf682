// The live marker set: open cases and today's closures, keyed by case id, grouped by what the screen colours.
export type MarkerClass = 'overdue' | 'warning' | 'inProgress' | 'closedToday';
export const MARKER_CLASSES: MarkerClass[] = ['closedToday', 'inProgress', 'warning', 'overdue'];

export interface Marker { lng: number; lat: number; state: string; warnLevel: string }

/** Final states that are not a closure leave the map (rejected, merged). */
const GONE = new Set(['rejected', 'merged']);

export function markerClass(m: Pick<Marker, 'state' | 'warnLevel'>): MarkerClass {
  if (m.state === 'closed') return 'closedToday';
  if (m.warnLevel === 'red') return 'overdue';
  if (m.warnLevel === 'yellow') return 'warning';
  return 'inProgress';
}

export class MarkerSet {
  private readonly byId = new Map<string, Marker>();

  replace(rows: Array<[string, number, number, string, string]>): void {
    this.byId.clear();
    for (const [id, lng, lat, state, warnLevel] of rows) this.byId.set(id, { lng, lat, state, warnLevel });
  }

  /** Rows fetched by id: present ones are (re)placed, missing ones are no longer markers of the place. */
  merge(asked: string[], rows: Array<[string, number, number, string, string]>): void {
    const got = new Set(rows.map((r) => r[0]));
    for (const id of asked) if (!got.has(id)) this.byId.delete(id);
    for (const [id, lng, lat, state, warnLevel] of rows) this.byId.set(id, { lng, lat, state, warnLevel });
  }

  has(id: string): boolean { return this.byId.has(id); }

  /** Applies an event's new state; false when the case is unknown here (its position must be fetched). */
  apply(id: string, state: string | undefined, warnLevel: string | undefined): boolean {
    const m = this.byId.get(id);
    if (!m) return false;
    if (state && GONE.has(state)) { this.byId.delete(id); return true; }
    if (state) m.state = state;
    if (warnLevel) m.warnLevel = warnLevel;
    return true;
  }

  get size(): number { return this.byId.size; }

  /** [lng, lat] per class, for one scatter series each. */
  byClass(): Record<MarkerClass, number[][]> {
    const out: Record<MarkerClass, number[][]> = { overdue: [], warning: [], inProgress: [], closedToday: [] };
    for (const m of this.byId.values()) out[markerClass(m)].push([m.lng, m.lat]);
    return out;
  }
}
