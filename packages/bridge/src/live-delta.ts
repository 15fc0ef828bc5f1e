// Live results travel as deltas: the documents that are new or changed, plus splices that turn the
// previous result into the next one. A one-document write to a 25k-document result sends one
// document and a handful of numbers, whether the document changed in place, moved, arrived or left.
//
// ops is a flat list of splices `at, deleteCount, insertCount, ...items`, in increasing order of
// `at`, applied in order to a copy of the previous result (positions count in the array as it is
// after the earlier splices). An item `i >= 0` is the previous result's document at index i (moved,
// unchanged: the page keeps its identity); an item `i < 0` is `docs[-i - 1]`, sent with the delta.
//
// Finding the splices: unchanged documents keep their identity, so the common prefix and suffix
// are found by comparing identities (then keys, for documents changed in place); the middle is
// diffed by key with Myers' O((N+M)·D) algorithm, which costs one pass per edit for small edits.
// Large reorders (more than `maxEdits` edits) replace the middle at once, still without re-sending
// documents that only moved.

export interface Delta<D> {
  ops: number[];
  docs: D[];
}

const MATCH = 0;
const DELETE = 1;
const INSERT = 2;

/**
 * Myers' shortest edit script between a[start..start+n) and b[start..start+m), by key, as records
 * `kind, i, j, length` (offsets from start): a run of `length` matches from (i, j) (a whole diagonal
 * in one record, so long results cost no memory), or one DELETE of a[i] or INSERT of b[j].
 */
function shortestEdit<D>(a: readonly D[], b: readonly D[], start: number, n: number, m: number, keyOf: (doc: D) => unknown, maxEdits: number): number[] | undefined {
  const max = Math.min(n + m, maxEdits);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = false;
  search: for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[k - 1 + offset] < v[k + 1 + offset]) ? v[k + 1 + offset] : v[k - 1 + offset] + 1;
      let y = x - k;
      // Identity first: along a diagonal of unchanged documents it is all that runs.
      while (x < n && y < m && (a[start + x] === b[start + y] || keyOf(a[start + x]) === keyOf(b[start + y]))) {
        x++;
        y++;
      }
      v[k + offset] = x;
      if (x >= n && y >= m) {
        found = true;
        break search;
      }
    }
  }
  if (!found) return undefined;
  const records: number[][] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const t = trace[d];
    const k = x - y;
    const prevK = k === -d || (k !== d && t[k - 1 + offset] < t[k + 1 + offset]) ? k + 1 : k - 1;
    const prevX = t[prevK + offset];
    const prevY = prevX - prevK;
    const run = Math.min(x - prevX, y - prevY);
    if (run > 0) {
      x -= run;
      y -= run;
      records.push([MATCH, x, y, run]);
    }
    if (d > 0) records.push(x === prevX ? [INSERT, -1, y - 1, 1] : [DELETE, x - 1, -1, 1]);
    x = prevX;
    y = prevY;
  }
  return records.reverse().flat();
}

/** Collects splices in new-array order, merging neighbours. */
function opsBuilder() {
  const ops: number[] = [];
  let cursor = 0;
  let open = false;
  let at = 0;
  let deleted = 0;
  let items: number[] = [];
  const flush = () => {
    if (!open) return;
    ops.push(at, deleted, items.length);
    for (const item of items) ops.push(item);
    cursor = at + items.length;
    open = false;
    items = [];
  };
  const start = () => {
    if (open) return;
    open = true;
    at = cursor;
    deleted = 0;
  };
  return {
    ops,
    keep(count: number) {
      flush();
      cursor += count;
    },
    remove() {
      start();
      deleted++;
    },
    insert(item: number) {
      start();
      items.push(item);
    },
    done() {
      flush();
      return ops;
    },
  };
}

/**
 * The delta that turns `prev` into `next`, or undefined when they hold the same documents in the
 * same order. `keyOf` gives a document's primary key.
 */
export function diffResults<D>(prev: readonly D[], next: readonly D[], keyOf: (doc: D) => unknown, maxEdits = 64): Delta<D> | undefined {
  // Identity first (unchanged documents keep it, and it costs nothing), the key only when it differs.
  const shortest = Math.min(prev.length, next.length);
  let head = 0;
  while (head < shortest && (prev[head] === next[head] || keyOf(prev[head]) === keyOf(next[head]))) head++;
  let prevEnd = prev.length;
  let nextEnd = next.length;
  while (prevEnd > head && nextEnd > head && (prev[prevEnd - 1] === next[nextEnd - 1] || keyOf(prev[prevEnd - 1]) === keyOf(next[nextEnd - 1]))) {
    prevEnd--;
    nextEnd--;
  }

  const docs: D[] = [];
  const send = (doc: D) => -docs.push(doc);
  const out = opsBuilder();
  /** Documents at the same place on both sides from here on: only the changed ones become splices. */
  const alignedRun = (prevStart: number, nextStart: number, length: number) => {
    let kept = 0;
    for (let k = 0; k < length; k++) {
      const doc = next[nextStart + k];
      if (prev[prevStart + k] === doc) {
        kept++;
        continue;
      }
      if (kept > 0) out.keep(kept);
      kept = 0;
      out.remove();
      out.insert(send(doc));
    }
    if (kept > 0) out.keep(kept);
  };

  alignedRun(0, 0, head);

  const n = prevEnd - head;
  const m = nextEnd - head;
  let edits: number[] | undefined;
  if (n > 0 && m > 0) edits = shortestEdit(prev, next, head, n, m, keyOf, maxEdits);
  // Documents deleted in one place and inserted in another only moved: refer to them by old index.
  const removedAt = new Map<unknown, number>();
  const insert = (doc: D) => {
    const from = removedAt.get(keyOf(doc));
    out.insert(from !== undefined && prev[from] === doc ? from : send(doc));
  };
  if (edits === undefined) {
    // Too many edits to search for the fewest: replace the whole middle at once.
    for (let i = head; i < prevEnd; i++) {
      removedAt.set(keyOf(prev[i]), i);
      out.remove();
    }
    for (let j = head; j < nextEnd; j++) insert(next[j]);
  } else {
    for (let e = 0; e < edits.length; e += 4) if (edits[e] === DELETE) removedAt.set(keyOf(prev[head + edits[e + 1]]), head + edits[e + 1]);
    for (let e = 0; e < edits.length; e += 4) {
      const kind = edits[e];
      if (kind === MATCH) alignedRun(head + edits[e + 1], head + edits[e + 2], edits[e + 3]);
      else if (kind === DELETE) out.remove();
      else insert(next[head + edits[e + 2]]);
    }
  }

  alignedRun(prevEnd, nextEnd, next.length - nextEnd);
  const ops = out.done();
  return ops.length === 0 ? undefined : { ops, docs };
}

/**
 * Applies a delta to a copy of `prev`, in one pass and one allocation (arrays above ~16k elements
 * are large objects in V8, and every extra copy of one costs as much as the whole delta).
 * Returns undefined when the delta does not fit `prev` (a wrong base): the page then asks for a
 * snapshot, so why it does not fit is never shown to anyone, and not worth shipping as messages.
 */
export function applyDelta<D>(prev: readonly D[], ops: readonly number[], docs: readonly D[]): D[] | undefined {
  let length = prev.length;
  for (let p = 0; p < ops.length; ) {
    const count = ops[p + 2];
    if (!(count >= 0)) return undefined;
    length += count - ops[p + 1];
    p += 3 + count;
  }
  if (!(length >= 0)) return undefined;
  const out = new Array<D>(length);
  let from = 0;
  let to = 0;
  for (let p = 0; p < ops.length; ) {
    const at = ops[p++];
    const deleted = ops[p++];
    const count = ops[p++];
    // Splices come in order, each at or after where the previous one ended.
    if (!(at >= to && deleted >= 0 && count >= 0 && from + (at - to) + deleted <= prev.length && p + count <= ops.length)) return undefined;
    while (to < at) out[to++] = prev[from++];
    from += deleted;
    for (let q = 0; q < count; q++) {
      const ref = ops[p++];
      const item = ref >= 0 ? prev[ref] : docs[-ref - 1];
      if (item === undefined) return undefined;
      out[to++] = item;
    }
  }
  if (prev.length - from !== length - to) return undefined;
  while (to < length) out[to++] = prev[from++];
  return out;
}
