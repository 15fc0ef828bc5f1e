// A live query's result as the page holds it: the documents it last delivered, the sequence number
// of the delta they correspond to, and whether it waits for a snapshot. A delta is applied only on
// top of the exact result it was computed from; anything else asks for a fresh snapshot.
import { deepEqual } from '@ramify-db/core';
import { freezeValue } from '@ramify-db/core/internal';
import { decode } from './codec';
import { applyDelta } from './live-delta';

export type Doc = Record<string, unknown>;

export interface LiveResult {
  docs: Doc[] | undefined;
  sequence: number;
  /** False from (re)subscribing until the snapshot arrives. */
  synced: boolean;
}

/**
 * Takes a snapshot. After a reconnect, documents equal to the ones the page holds keep their
 * identity; returns the next result, or undefined when nothing changed (no callback then).
 * A document is matched to the one it replaces by the JSON of its `keyFields` (the snapshot's
 * `pk`), one form for every key: a match is only kept when deepEqual says it is the same document.
 */
export function takeSnapshot(live: LiveResult, fresh: Doc[], keyFields: string[]): Doc[] | undefined {
  live.sequence = 0;
  live.synced = true;
  const old = live.docs;
  if (old === undefined) {
    for (const doc of fresh) freezeValue(doc);
    return (live.docs = fresh);
  }
  const byKey = new Map(old.map((doc) => [JSON.stringify(doc, keyFields), doc]));
  let changed = old.length !== fresh.length;
  const next = fresh.map((doc, i) => {
    const before = byKey.get(JSON.stringify(doc, keyFields));
    const kept = before !== undefined && deepEqual(before, doc) ? before : freezeValue(doc);
    if (kept !== old[i]) changed = true;
    return kept;
  });
  return changed ? (live.docs = next) : undefined;
}

/**
 * Applies delta `sequence`. Returns the next result; 'ignore' while a snapshot is on its way
 * (deltas still in flight belong to the old base); 'resync' when it does not follow the result held.
 */
export function takeDelta(live: LiveResult, sequence: unknown, ops: unknown, value: unknown, meta: unknown): Doc[] | 'ignore' | 'resync' {
  if (!live.synced) return 'ignore';
  if (live.docs === undefined || sequence !== live.sequence + 1 || !Array.isArray(ops)) return 'resync';
  let next: Doc[] | undefined;
  try {
    const docs = decode(value, meta, { readOnlyDates: true }) as Doc[];
    for (const doc of docs) freezeValue(doc);
    next = applyDelta(live.docs, ops as number[], docs);
  } catch {
    // Not the documents a delta carries, or a result too long to allocate.
    return 'resync';
  }
  if (next === undefined) return 'resync';
  live.sequence = sequence as number;
  return (live.docs = next);
}
