// The distinct values of one index in the total value order, each with its bucket of slots. Kept in
// chunks of at most CHUNK values, so a value joins with a binary search and a short splice wherever
// it sorts, and equality, ranges, prefixes and sorted walks all start with a binary search and then
// read arrays in order: a 1,000-row range touches 1,000 buckets, not 1,000 hashes.
//
// A value that loses its last document stays in its chunk with no bucket until a quarter of the
// chunk is like it, so deleting a document with a unique value (a timestamp) moves no array.
import { joinBucket, leaveBucket, liveSlots, pushSlots, type Bucket, type Positions, type SlotList } from './bucket';
import { compareIndexValues } from './value-order';

interface Chunk {
  values: unknown[];
  /** `undefined` where a value has no document left (see above). */
  buckets: (Bucket | undefined)[];
  /** How many of the values have no bucket. */
  dead: number;
}

export interface OrderedValues {
  chunks: Chunk[];
  /** Distinct values with documents. */
  size: number;
  /**
   * The lists of the values held by more than one document, by value (Dates by time value): the
   * same objects the chunks hold. A write to a common value (a status, a tag) finds its list in
   * one lookup instead of a binary search; values of one document (timestamps) cost nothing here.
   */
  readonly lists: Map<unknown, SlotList>;
  readonly dateLists: Map<number, SlotList>;
}

/** The most values one chunk holds: a splice moves at most this many. */
const CHUNK = 512;

export function createOrderedValues(): OrderedValues {
  return { chunks: [], size: 0, lists: new Map(), dateLists: new Map() };
}

function listOf(ordered: OrderedValues, v: unknown): SlotList | undefined {
  return v instanceof Date ? ordered.dateLists.get(v.getTime()) : ordered.lists.get(v);
}

function noteList(ordered: OrderedValues, v: unknown, list: SlotList | undefined): void {
  const map: Map<unknown, SlotList> = v instanceof Date ? ordered.dateLists : ordered.lists;
  const k = v instanceof Date ? v.getTime() : v;
  if (list === undefined) map.delete(k);
  else map.set(k, list);
}

/** A bound of a range walk; `undefined` is a real (the lowest) value, so "no bound" is `null`. */
export interface Bound {
  value: unknown;
  inclusive: boolean;
}

/** First position in `values` whose value is >= v (> v when `after`). */
function search(values: readonly unknown[], v: unknown, after: boolean): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const c = compareIndexValues(values[mid], v);
    if (c < 0 || (after && c === 0)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first chunk whose last value is >= v (> v when `after`); chunks.length when none is. */
function chunkOf(chunks: readonly Chunk[], v: unknown, after: boolean): number {
  let lo = 0;
  let hi = chunks.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const values = chunks[mid].values;
    const c = compareIndexValues(values[values.length - 1], v);
    if (c < 0 || (after && c === 0)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function bucketOf(ordered: OrderedValues, v: unknown): Bucket | undefined {
  const list = listOf(ordered, v);
  if (list !== undefined) return list;
  const chunks = ordered.chunks;
  const c = chunkOf(chunks, v, false);
  if (c === chunks.length) return undefined;
  const { values, buckets } = chunks[c];
  const at = search(values, v, false);
  return at < values.length && compareIndexValues(values[at], v) === 0 ? buckets[at] : undefined;
}

function newChunk(v: unknown, slot: number): Chunk {
  return { values: [v], buckets: [slot], dead: 0 };
}

export function addSlot(ordered: OrderedValues, v: unknown, slot: number, positions: Positions | undefined): void {
  const list = listOf(ordered, v);
  if (list !== undefined) {
    joinBucket(list, slot, positions);
    return;
  }
  const chunks = ordered.chunks;
  const n = chunks.length;
  if (n === 0) {
    chunks.push(newChunk(v, slot));
    ordered.size++;
    return;
  }
  // Appending (ascending timestamps and counters) needs one comparison.
  const last = chunks[n - 1];
  if (compareIndexValues(last.values[last.values.length - 1], v) < 0) {
    if (last.values.length < CHUNK) {
      last.values.push(v);
      last.buckets.push(slot);
    } else chunks.push(newChunk(v, slot));
    ordered.size++;
    return;
  }
  const c = chunkOf(chunks, v, false);
  const chunk = chunks[c];
  const { values, buckets } = chunk;
  const at = search(values, v, false);
  if (at < values.length && compareIndexValues(values[at], v) === 0) {
    const bucket = buckets[at];
    if (bucket === undefined) {
      buckets[at] = slot;
      chunk.dead--;
      ordered.size++;
      return;
    }
    // A bare slot: the value gets its list.
    const joined = joinBucket(bucket, slot, positions);
    buckets[at] = joined;
    noteList(ordered, v, joined as SlotList);
    return;
  }
  values.splice(at, 0, v);
  buckets.splice(at, 0, slot);
  ordered.size++;
  if (values.length > CHUNK) {
    const half = values.length >> 1;
    const upper: Chunk = { values: values.splice(half), buckets: buckets.splice(half), dead: 0 };
    chunk.dead = countDead(chunk.buckets);
    upper.dead = countDead(upper.buckets);
    chunks.splice(c + 1, 0, upper);
  }
}

function countDead(buckets: readonly (Bucket | undefined)[]): number {
  let dead = 0;
  for (let i = 0; i < buckets.length; i++) if (buckets[i] === undefined) dead++;
  return dead;
}

export function removeSlot(ordered: OrderedValues, v: unknown, slot: number, positions: Positions | undefined): void {
  let left: Bucket | undefined;
  const list = listOf(ordered, v);
  if (list !== undefined) {
    left = leaveBucket(list, slot, positions);
    if (left === list) return;
    // One document or none left: the chunk's entry changes, found by a binary search.
    noteList(ordered, v, undefined);
  }
  const chunks = ordered.chunks;
  const c = chunkOf(chunks, v, false);
  if (c === chunks.length) return;
  const chunk = chunks[c];
  const { values, buckets } = chunk;
  const at = search(values, v, false);
  if (at === values.length || compareIndexValues(values[at], v) !== 0) return;
  const bucket = buckets[at];
  if (bucket === undefined) return;
  if (list === undefined) left = leaveBucket(bucket, slot, positions);
  if (left !== undefined) {
    buckets[at] = left;
    return;
  }
  ordered.size--;
  buckets[at] = undefined;
  chunk.dead++;
  if (at === values.length - 1) {
    // Deleting the newest documents empties the end, where newest-first walks start: trim it.
    while (values.length > 0 && buckets[values.length - 1] === undefined) {
      values.pop();
      buckets.pop();
      chunk.dead--;
    }
    if (values.length === 0) chunks.splice(c, 1);
  } else if (chunk.dead * 4 > values.length) compactChunk(chunks, c);
}

/** Drops the values without documents from chunk `c`; a chunk left small joins its successor. */
function compactChunk(chunks: Chunk[], c: number): void {
  const chunk = chunks[c];
  const { values, buckets } = chunk;
  let kept = 0;
  for (let i = 0; i < values.length; i++) {
    if (buckets[i] === undefined) continue;
    values[kept] = values[i];
    buckets[kept++] = buckets[i];
  }
  values.length = kept;
  buckets.length = kept;
  chunk.dead = 0;
  if (kept === 0) {
    chunks.splice(c, 1);
    return;
  }
  const next = chunks[c + 1];
  if (next !== undefined && kept + next.values.length <= CHUNK >> 1) {
    for (let i = 0; i < next.values.length; i++) {
      values.push(next.values[i]);
      buckets.push(next.buckets[i]);
    }
    chunk.dead = next.dead;
    chunks.splice(c + 1, 1);
  }
}

/** Builds the structure from distinct values in order and their buckets, in one pass. */
export function fromSorted(values: unknown[], buckets: Bucket[]): OrderedValues {
  const ordered = createOrderedValues();
  for (let i = 0; i < values.length; i += CHUNK) {
    ordered.chunks.push({ values: values.slice(i, i + CHUNK), buckets: buckets.slice(i, i + CHUNK), dead: 0 });
  }
  for (let i = 0; i < buckets.length; i++) {
    const bucket = buckets[i];
    if (typeof bucket !== 'number') noteList(ordered, values[i], bucket);
  }
  ordered.size = values.length;
  return ordered;
}

/** A position between values: chunk `c`, value `i` of it. */
interface Cursor {
  c: number;
  i: number;
}

/** Where the values at or above the lower bound start (`null`: the first value). */
function lowerCursor(chunks: readonly Chunk[], lower: Bound | null): Cursor {
  if (lower === null) return { c: 0, i: 0 };
  const after = !lower.inclusive;
  const c = chunkOf(chunks, lower.value, after);
  return { c, i: c === chunks.length ? 0 : search(chunks[c].values, lower.value, after) };
}

/** Where the values within the upper bound end, exclusive (`null`: after the last value). */
function upperCursor(chunks: readonly Chunk[], upper: Bound | null): Cursor {
  if (upper === null) return { c: chunks.length, i: 0 };
  const after = upper.inclusive;
  const c = chunkOf(chunks, upper.value, after);
  return { c, i: c === chunks.length ? 0 : search(chunks[c].values, upper.value, after) };
}

/**
 * Visits the values between the bounds with their buckets, in order or in reverse order, until
 * `visit` returns false.
 */
export function walk(
  ordered: OrderedValues,
  lower: Bound | null,
  upper: Bound | null,
  reverse: boolean,
  visit: (value: unknown, bucket: Bucket) => boolean,
): void {
  const chunks = ordered.chunks;
  const from = lowerCursor(chunks, lower);
  const to = upperCursor(chunks, upper);
  if (from.c > to.c || (from.c === to.c && from.i >= to.i)) return;
  if (!reverse) {
    for (let c = from.c; c <= to.c && c < chunks.length; c++) {
      const { values, buckets } = chunks[c];
      const end = c === to.c ? to.i : values.length;
      for (let i = c === from.c ? from.i : 0; i < end; i++) {
        const bucket = buckets[i];
        if (bucket !== undefined && !visit(values[i], bucket)) return;
      }
    }
    return;
  }
  for (let c = Math.min(to.c, chunks.length - 1); c >= from.c; c--) {
    const { values, buckets } = chunks[c];
    const start = c === from.c ? from.i : 0;
    for (let i = (c === to.c ? to.i : values.length) - 1; i >= start; i--) {
      const bucket = buckets[i];
      if (bucket !== undefined && !visit(values[i], bucket)) return;
    }
  }
}

/**
 * Appends the slots of every value between the bounds to `out`, in value order: no callback per
 * value on the hot path of ranges. A multiEntry index may list a slot more than once.
 */
export function slotsBetween(ordered: OrderedValues, lower: Bound | null, upper: Bound | null, out: number[]): void {
  const chunks = ordered.chunks;
  const from = lowerCursor(chunks, lower);
  const to = upperCursor(chunks, upper);
  for (let c = from.c; c <= to.c && c < chunks.length; c++) {
    const buckets = chunks[c].buckets;
    const end = c === to.c ? to.i : buckets.length;
    for (let i = c === from.c ? from.i : 0; i < end; i++) {
      const bucket = buckets[i];
      if (typeof bucket === 'number') out.push(bucket);
      else if (bucket !== undefined) pushSlots(out, bucket);
    }
  }
}

/** As slotsBetween, appending `at[slot]` instead of each slot, at most `stop` in all. */
export function pickBetween<T>(ordered: OrderedValues, lower: Bound | null, upper: Bound | null, at: readonly T[], stop: number): T[] {
  const chunks = ordered.chunks;
  const from = lowerCursor(chunks, lower);
  const to = upperCursor(chunks, upper);
  const out: T[] = [];
  for (let c = from.c; c <= to.c && c < chunks.length; c++) {
    const buckets = chunks[c].buckets;
    const end = c === to.c ? to.i : buckets.length;
    for (let i = c === from.c ? from.i : 0; i < end; i++) {
      const bucket = buckets[i];
      if (typeof bucket === 'number') out.push(at[bucket]);
      else if (bucket !== undefined) {
        const slots = liveSlots(bucket);
        for (let j = 0; j < slots.length; j++) out.push(at[slots[j]]);
      } else continue;
      if (out.length >= stop) {
        out.length = stop;
        return out;
      }
    }
  }
  return out;
}

/** About how many distinct values lie between the bounds (values left without documents count too). */
export function countBetween(ordered: OrderedValues, lower: Bound | null, upper: Bound | null): number {
  const chunks = ordered.chunks;
  const from = lowerCursor(chunks, lower);
  const to = upperCursor(chunks, upper);
  if (from.c > to.c) return 0;
  if (from.c === to.c) return Math.max(0, to.i - from.i);
  let count = chunks[from.c].values.length - from.i + to.i;
  for (let c = from.c + 1; c < to.c; c++) count += chunks[c].values.length;
  return count;
}
