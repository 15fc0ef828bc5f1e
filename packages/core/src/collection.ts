// The public face of one collection: validated entry points over the internal state.
import { describe, RamifyError } from './errors';
import { registerCollection } from './live';
import { lookupIndex } from './query-clause';
import { Query, queryFromJSON } from './query';
import type { ValueIndex } from './value-index';
import type { CollectionState, StoredDoc } from './state';
import { allDocs, allKeys, deferIndexes, readDoc } from './storage';
import { atomic } from './transaction';
import type { BulkOptions } from './api';
import type { ChangeListener, Key, Operator } from './types';
import { ownField } from './path';
import { addOne, checkChanges, clearAll, deleteOne, isPlainObject, putOne, updateOne, type Intake } from './writes';
import { checkKey, keyFieldsOf, publicKey, publicKeys } from './keys';

function checkArray(state: CollectionState, method: string, value: unknown): readonly unknown[] {
  if (!Array.isArray(value)) {
    throw new RamifyError('INVALID_ARGUMENT', `collection "${state.name}": ${method}() needs an array (got ${describe(value)})`, {
      collection: state.name,
      value,
    });
  }
  return value;
}

/**
 * Runs a bulk write atomically; an error names the position and key of the offending item.
 * `load`: the items are whole documents, so a large batch may defer the secondary indexes.
 */
function bulk<R>(state: CollectionState, method: string, items: readonly unknown[], keyOf: (item: unknown) => unknown, write: (item: unknown) => R, load = false): R[] {
  return atomic(state.store, () => {
    if (load) deferIndexes(state, items.length);
    const out: R[] = new Array(items.length);
    for (let i = 0; i < items.length; i++) {
      try {
        out[i] = write(items[i]);
      } catch (error) {
        if (!(error instanceof RamifyError)) throw error;
        const key = keyOf(items[i]);
        throw new RamifyError(error.code, `${method}: item #${i} (key ${describe(key)}): ${error.message}`, {
          collection: error.collection,
          field: error.field,
          value: error.value,
          cause: error,
          index: i,
          key,
        });
      }
    }
    return out;
  });
}

function checkIntake(state: CollectionState, method: string, options: unknown): Intake {
  if (options === undefined) return 'copy';
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new RamifyError('INVALID_ARGUMENT', `collection "${state.name}": ${method}() options must be an object (got ${describe(options)})`, {
      collection: state.name,
      value: options,
    });
  }
  const adopt = ownField(options, 'adopt');
  if (adopt !== undefined && typeof adopt !== 'boolean') {
    throw new RamifyError('INVALID_ARGUMENT', `collection "${state.name}": ${method}() option adopt must be a boolean (got ${describe(adopt)})`, {
      collection: state.name,
      field: 'adopt',
      value: adopt,
    });
  }
  return adopt === true ? 'adopt' : 'copy';
}

function checkListener(state: CollectionState, listener: unknown): ChangeListener {
  if (typeof listener !== 'function') {
    throw new RamifyError('INVALID_ARGUMENT', `collection "${state.name}": subscribe() needs a function (got ${describe(listener)})`, {
      collection: state.name,
      value: listener,
    });
  }
  return listener as ChangeListener;
}

/** An index by name: its path, or `[a+b]` for a compound index. */
const declared = (index: ValueIndex) => index.path;

export function createCollection(state: CollectionState) {
  const all = () => new Query(state);
  const docKey = (doc: unknown) => keyFieldsOf(state, doc);
  const sameKey = (key: unknown) => key;
  /** A key on its way out: a compound one as its tuple. */
  const out = state.keyParts === undefined ? <K>(key: K) => key : <K>(key: K) => (key === undefined ? key : publicKey(state, key as Key));
  const load = (method: string, docs: unknown, options: unknown, writeOne: (state: CollectionState, doc: unknown, intake: Intake) => Key) => {
    const intake = checkIntake(state, method, options);
    return publicKeys(state, bulk(state, method, checkArray(state, method, docs), docKey, (doc) => writeOne(state, doc, intake), true));
  };
  const collection = {
    collectionName: state.name,
    primaryKey: state.keyParts === undefined ? state.primaryKey : Object.freeze([...state.keyParts]),
    indexes: Object.freeze(state.indexes.filter((i) => !i.multiEntry).map(declared)),
    multiEntry: Object.freeze(state.indexes.filter((i) => i.multiEntry).map(declared)),
    unique: Object.freeze(state.indexes.filter((i) => i.unique).map(declared)),

    add: (doc: unknown) => out(addOne(state, doc)),
    put: (doc: unknown) => out(putOne(state, doc)),
    get: (key: unknown) => readDoc(state, checkKey(state, key)),
    update: (key: unknown, changes: unknown) => out(updateOne(state, key, changes)),
    delete: (key: unknown) => out(deleteOne(state, key)),
    bulkAdd: (docs: unknown, options?: BulkOptions) => load('bulkAdd', docs, options, addOne),
    bulkPut: (docs: unknown, options?: BulkOptions) => load('bulkPut', docs, options, putOne),
    bulkGet: (keys: unknown) => checkArray(state, 'bulkGet', keys).map((key) => readDoc(state, checkKey(state, key))),
    bulkUpdate: (keys: unknown, changes: unknown) => {
      const list = checkArray(state, 'bulkUpdate', keys);
      checkChanges(state, changes);
      return publicKeys(state, bulk(state, 'bulkUpdate', list, sameKey, (key) => updateOne(state, key, changes)));
    },
    bulkDelete: (keys: unknown) => {
      const list = checkArray(state, 'bulkDelete', keys);
      for (const key of list) checkKey(state, key);
      return publicKeys(state, bulk(state, 'bulkDelete', list, sameKey, (key) => deleteOne(state, key)));
    },
    clear: () => clearAll(state),

    count: () => state.slots.size,
    keys: () => publicKeys(state, allKeys(state)),
    has: (key: unknown) => state.slots.has(checkKey(state, key)),
    toArray: () => allDocs(state),
    each: (fn: (doc: StoredDoc, key: Key | readonly Key[]) => void) => {
      for (const doc of allDocs(state)) fn(doc, out(state.keyIndex.read(doc) as Key));
    },

    where: (pathOrCriteria: unknown) => {
      if (typeof pathOrCriteria === 'string' || Array.isArray(pathOrCriteria)) return all().and(pathOrCriteria);
      if (!isPlainObject(pathOrCriteria)) {
        throw new RamifyError('INVALID_QUERY', `collection "${state.name}": where() needs a field path or a plain criteria object (got ${describe(pathOrCriteria)})`, {
          collection: state.name,
          value: pathOrCriteria,
        });
      }
      let query = all();
      for (const [path, value] of Object.entries(pathOrCriteria)) {
        const index = lookupIndex(state, path);
        const op: Operator = Array.isArray(value) && !(index !== null && index.multiEntry) ? 'anyOf' : 'equals';
        query = query.withClause({ path, op, args: [value] });
      }
      return query;
    },
    filter: (fn: (doc: never) => boolean) => all().filter(fn),
    sortBy: (path: string) => all().sortBy(path),
    limit: (n: number) => all().limit(n),
    offset: (n: number) => all().offset(n),
    reverse: () => all().reverse(),
    query: (description: unknown) => queryFromJSON(state, description),

    subscribe: (listener: ChangeListener) => {
      const fn = checkListener(state, listener);
      state.listeners.add(fn);
      return () => {
        state.listeners.delete(fn);
      };
    },
    unsubscribe: (listener: ChangeListener) => {
      state.listeners.delete(listener);
    },
  };
  registerCollection(collection, state);
  return Object.freeze(collection);
}
