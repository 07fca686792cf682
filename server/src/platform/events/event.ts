/** A domain event as written to the outbox by the transaction that caused it. */
export interface DomainEvent {
  /** `topic.verb`, e.g. `unit.updated`; the part before the dot is the SSE topic. Topic `sys` is internal. */
  type: string;
  /** The unit the event belongs to; viewers see it when it lies in their scope. */
  unitPath: string;
  /** Further units the event concerns (the unit handling an item elsewhere in the tree). */
  alsoPaths?: string[];
  subjectType?: string;
  subjectId?: string;
  payload?: Record<string, unknown>;
}

/** An event after the relay published it: `seq` orders events in commit order and is the SSE id. */
export interface PublishedEvent {
  id: number;
  seq: number;
  type: string;
  unitPath: string;
  alsoPaths: string[];
  subjectType: string | null;
  subjectId: string | null;
  actorId: string | null;
  payload: Record<string, unknown>;
  createdAt: string;
}

export function topicOf(type: string): string {
  const dot = type.indexOf('.');
  return dot < 0 ? type : type.slice(0, dot);
}
