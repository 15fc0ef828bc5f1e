// A helper for the user's upgrade(): change every stored document of a collection, whatever the
// layout (chunked records are an implementation detail a migration should not have to know).
import type { IDBPTransaction } from 'idb';
import type { Key } from '@ramify-db/core';
import { checkDelta, DELTAS_FROM, deltaKey } from './chunk-deltas';
import { isChunkNumber } from './chunk-layout';
import { packChunks } from './chunk-placement';
import type { KeyPath } from './compound-keys';
import { keyOf } from './layout';
import { META_STORE, type MetaRow } from './internal-stores';

/**
 * Calls `change` with each document of `collection` and stores what it returns; `undefined`
 * deletes the document. Use it inside `upgrade` with the transaction idb passes there:
 * `upgrade: (db, oldVersion, newVersion, tx) => migrateDocuments(tx, 'users', (u) => ({ ...u, role: 'user' }))`.
 */
export async function migrateDocuments(
  transaction: IDBPTransaction<unknown, string[], 'versionchange'>,
  collection: string,
  change: (doc: Record<string, unknown>) => Record<string, unknown> | undefined,
): Promise<void> {
  const store = transaction.objectStore(collection);
  const chunked = store.keyPath === null;
  const keyPath = store.keyPath as KeyPath;
  const deltas = chunked ? await foldDeltas(transaction, collection) : undefined;
  // Moved documents are put after the walk, so the cursor does not meet them again.
  const moved: Record<string, unknown>[] = [];
  /** Documents a chunk no longer has room for once changed: new chunks after the walk. */
  const overflow: unknown[] = [];
  /** After the last chunk number: where documents only a delta held go. */
  let nextChunk = 0;
  let cursor = await store.openCursor(chunked ? IDBKeyRange.upperBound(DELTAS_FROM, true) : undefined);
  while (cursor !== null) {
    if (chunked) {
      if (isChunkNumber(cursor.primaryKey)) nextChunk = Math.max(nextChunk, cursor.primaryKey + 1);
      // A record that is not a chunk (a damaged store) is left as it is; hydration reports it.
      if (Array.isArray(cursor.value)) {
        const docs = (cursor.value as unknown[])
          .flatMap((doc) => deltas?.take(doc) ?? [doc])
          .map((doc) => (isDocument(doc) ? change(doc) : doc))
          .filter((doc) => doc !== undefined);
        const [first = [], ...more] = packChunks(docs);
        overflow.push(...more.flat());
        await (first.length > 0 ? cursor.update(first) : cursor.delete());
      }
    } else {
      const doc = change(cursor.value as Record<string, unknown>);
      if (doc === undefined) await cursor.delete();
      else if (keyOf(doc, keyPath) === (typeof keyPath === 'string' ? cursor.primaryKey : JSON.stringify(cursor.primaryKey))) await cursor.update(doc);
      else {
        await cursor.delete();
        moved.push(doc);
      }
    }
    cursor = await cursor.continue();
  }
  for (const doc of moved) await store.put(doc);
  // Documents only a delta held, and those a chunk had no room for, go into new chunks after the last one.
  const rest = deltas === undefined ? [] : deltas.rest().map(change).filter((doc) => doc !== undefined);
  for (const chunk of packChunks([...overflow, ...rest])) await store.put(chunk, nextChunk++);
}

/** A stored value `change` can take: a plain object (anything else in a chunk is left as it is). */
function isDocument(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Chunks layout: takes the delta records out of the store, so the walk sees each document once, in
 * its latest state. `take` swaps a chunk's copy for its delta (none for a deletion).
 */
async function foldDeltas(transaction: IDBPTransaction<unknown, string[], 'versionchange'>, collection: string) {
  const store = transaction.objectStore(collection);
  const row = (await transaction.objectStore(META_STORE).get(collection)) as MetaRow | undefined;
  const range = IDBKeyRange.lowerBound(DELTAS_FROM);
  const [keys, values] = await Promise.all([store.getAllKeys(range), store.getAll(range)]);
  if (row === undefined) return undefined;
  const primaryKey = row.primaryKey;
  // Malformed deltas override nothing: left as they are, as hydration leaves them.
  const deltas = new Map<unknown, unknown>();
  keys.forEach((recordKey, i) => {
    const delta = checkDelta(recordKey, values[i], primaryKey);
    if (!('problem' in delta)) deltas.set(delta.key, values[i]);
  });
  if (deltas.size === 0) return undefined;
  for (const key of deltas.keys()) await store.delete(deltaKey(key as Key));
  /** Keys whose delta was used: any other chunk copy of them is stale. */
  const taken = new Set<unknown>();
  return {
    take(doc: unknown): unknown[] {
      const key = keyOf(doc, primaryKey);
      if (taken.has(key)) return [];
      if (!deltas.has(key)) return [doc];
      const delta = deltas.get(key) as Record<string, unknown> | null;
      deltas.delete(key);
      taken.add(key);
      return delta === null ? [] : [delta];
    },
    rest: () => [...deltas.values()].filter(isDocument),
  };
}
