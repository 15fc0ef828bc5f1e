// What a write changed in a layout's bookkeeping, recorded step by step so that a write that fails
// (a request throwing as it is issued, an aborted transaction) can be taken back: the bookkeeping
// must describe what is on disk, or the retry would skip what is still owed. Each step records the
// old state, and a rollback restores it newest first. Outside a write (hydration) nothing is recorded.
//
// Steps are kept flat in one array (an operation and its operands), not as a closure each: a write
// of 100k documents records hundreds of thousands of them, and closures would all be garbage.

export interface UndoLog {
  /** Starts recording the steps of a write. */
  begin(): void;
  /** The write committed: its steps stay. */
  commit(): void;
  /** The write failed: its steps are undone, newest first. */
  rollback(): void;
  add<T>(set: Set<T>, value: T): void;
  delete<T>(set: Set<T>, value: T): void;
  set<K, V>(map: Map<K, V>, key: K, value: V): void;
  /** `set` of a key known to be absent from the map (no lookup). */
  setNew<K, V>(map: Map<K, V>, key: K, value: V): void;
  unset<K, V>(map: Map<K, V>, key: K): void;
  assign<T extends object, P extends keyof T>(object: T, property: P, value: T[P]): void;
  /** Any other change, by the function that undoes it. */
  step(undo: () => void): void;
}

/** The operations, each step taking four slots: the operation, its target and two operands. */
const ADDED = 0; // delete the value from the set
const DELETED = 1; // add the value back to the set
const CREATED = 2; // delete the key from the map
const REPLACED = 3; // set the key's old value again
const ASSIGNED = 4; // assign the property's old value again
const CALL = 5; // call the function

export function createUndoLog(): UndoLog {
  let steps: unknown[] | undefined;
  return {
    begin() {
      steps = [];
    },
    commit() {
      steps = undefined;
    },
    rollback() {
      const undo = steps ?? [];
      steps = undefined;
      for (let i = undo.length - 4; i >= 0; i -= 4) {
        const target = undo[i + 1] as Set<unknown> & Map<unknown, unknown> & Record<PropertyKey, unknown>;
        const a = undo[i + 2];
        switch (undo[i]) {
          case ADDED:
          case CREATED:
            target.delete(a);
            break;
          case DELETED:
            target.add(a);
            break;
          case REPLACED:
            target.set(a, undo[i + 3]);
            break;
          case ASSIGNED:
            target[a as PropertyKey] = undo[i + 3];
            break;
          case CALL:
            (a as () => void)();
            break;
        }
      }
    },
    add(set, value) {
      if (set.has(value)) return;
      set.add(value);
      steps?.push(ADDED, set, value, undefined);
    },
    delete(set, value) {
      if (set.delete(value)) steps?.push(DELETED, set, value, undefined);
    },
    set(map, key, value) {
      if (steps !== undefined) {
        const old = map.get(key);
        if (old === undefined && !map.has(key)) steps.push(CREATED, map, key, undefined);
        else steps.push(REPLACED, map, key, old);
      }
      map.set(key, value);
    },
    setNew(map, key, value) {
      steps?.push(CREATED, map, key, undefined);
      map.set(key, value);
    },
    unset(map, key) {
      if (!map.has(key)) return;
      steps?.push(REPLACED, map, key, map.get(key));
      map.delete(key);
    },
    assign(object, property, value) {
      steps?.push(ASSIGNED, object, property, object[property]);
      object[property] = value;
    },
    step(undo) {
      steps?.push(CALL, undefined, undo, undefined);
    },
  };
}
