// What a write changed in a layout's bookkeeping, recorded step by step so that a write that fails
// (a request throwing as it is issued, an aborted transaction) can be taken back: the bookkeeping
// must describe what is on disk, or the retry would skip what is still owed. Outside a write
// (hydration) nothing is recorded.

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
  unset<K, V>(map: Map<K, V>, key: K): void;
  /** Any other change, by the function that undoes it. */
  step(undo: () => void): void;
}

export function createUndoLog(): UndoLog {
  let steps: (() => void)[] | undefined;
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
      for (let i = undo.length - 1; i >= 0; i--) undo[i]();
    },
    add(set, value) {
      if (set.has(value)) return;
      set.add(value);
      steps?.push(() => set.delete(value));
    },
    delete(set, value) {
      if (set.delete(value)) steps?.push(() => set.add(value));
    },
    set(map, key, value) {
      if (steps !== undefined) {
        const old = map.get(key);
        steps.push(map.has(key) ? () => map.set(key, old as never) : () => map.delete(key));
      }
      map.set(key, value);
    },
    unset(map, key) {
      if (!map.has(key)) return;
      const old = map.get(key);
      map.delete(key);
      steps?.push(() => map.set(key, old as never));
    },
    step(undo) {
      steps?.push(undo);
    },
  };
}
