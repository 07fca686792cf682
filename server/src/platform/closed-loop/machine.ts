import type { Permission } from '../access/permissions.js';

/** One action of a closed loop: the states it leaves from, the state it reaches, who may take it. */
export interface TransitionDef<S extends string> {
  from: readonly S[];
  /** Omitted: the action is recorded on the timeline but the state stays. */
  to?: S;
  permission: Permission;
  /** Only the unit currently owning the item (or above it) may act, not anyone who can see it. */
  byOwner?: boolean;
}

export interface MachineDef<S extends string, A extends string> {
  kind: string;
  states: readonly S[];
  initial: S;
  final: readonly S[];
  transitions: Record<A, TransitionDef<S>>;
}

export function defineMachine<S extends string, A extends string>(def: MachineDef<S, A>): MachineDef<S, A> {
  for (const [action, t] of Object.entries(def.transitions) as Array<[A, TransitionDef<S>]>) {
    for (const s of [...t.from, ...(t.to ? [t.to] : [])]) {
      if (!def.states.includes(s)) throw new Error(`${def.kind}.${action}: unknown state ${s}`);
    }
    if (t.from.some((s) => def.final.includes(s))) throw new Error(`${def.kind}.${action}: leaves a final state`);
  }
  return def;
}

export function allowedActions<S extends string, A extends string>(def: MachineDef<S, A>, state: S): A[] {
  return (Object.keys(def.transitions) as A[]).filter((a) => def.transitions[a].from.includes(state));
}
