// The documents holding one index value, as slots (positions in the collection's document array):
// a result is built by reading array slots, never by hashing keys. Most values of a selective index
// (timestamps, urls) belong to one document, so a lone slot is stored bare; more go in a list.

export type Bucket = number | SlotList;

/** Slots, read-only: a list's own array or a view of it. */
export type Slots = ArrayLike<number>;

export interface SlotList {
  /**
   * The slots in use are the first `length`. A plain array (its length is `length`) while the
   * list is short; from LONG slots on, an Int32Array with room to grow: 4 bytes a slot instead of 8.
   */
  slots: number[] | Int32Array;
  length: number;
  /**
   * multiEntry indexes only: slots removed but still in `slots`. Finding a slot in a long list
   * costs a scan, so a removal only notes it here and the next read drops them all at once.
   */
  dead: Set<number> | undefined;
}

/**
 * Where each slot sits in its list, for a plain index, where a slot is in one bucket at most:
 * a removal moves the list's last slot into its place, in constant time.
 */
export interface Positions {
  at: Int32Array;
}

/** multiEntry lists up to this long drop a removed slot at once: the scan is shorter than a Set lookup. */
const SCAN_LIMIT = 32;

/** From this many slots a list is an Int32Array (a typed array costs ~150 bytes of its own). */
const LONG = 64;

export function bucketSize(bucket: Bucket | undefined): number {
  if (bucket === undefined) return 0;
  if (typeof bucket === 'number') return 1;
  return bucket.dead === undefined ? bucket.length : bucket.length - bucket.dead.size;
}

function place(positions: Positions, slot: number, at: number): void {
  if (slot >= positions.at.length) reserve(positions, slot + (slot >> 1));
  positions.at[slot] = at;
}

/** Makes room for the positions of slots below `slots`. */
export function reserve(positions: Positions, slots: number): void {
  if (slots <= positions.at.length) return;
  const grown = new Int32Array(Math.max(1024, slots));
  grown.set(positions.at);
  positions.at = grown;
}

function append(list: SlotList, slot: number): void {
  const { slots, length } = list;
  if (Array.isArray(slots)) {
    if (length + 1 < LONG) slots.push(slot);
    else {
      const long = new Int32Array(LONG * 2);
      long.set(slots);
      long[length] = slot;
      list.slots = long;
    }
  } else {
    if (length === slots.length) {
      const grown = new Int32Array(length + (length >> 1));
      grown.set(slots);
      list.slots = grown;
    }
    list.slots[length] = slot;
  }
  list.length = length + 1;
}

/** Drops the last `n` slots in use. */
function truncate(list: SlotList, length: number): void {
  if (Array.isArray(list.slots)) list.slots.length = length;
  list.length = length;
}

/** The bucket with `slot` joined (it is not there yet). */
export function joinBucket(bucket: Bucket, slot: number, positions: Positions | undefined): Bucket {
  if (typeof bucket === 'number') {
    if (bucket === slot) return bucket;
    if (positions !== undefined) {
      place(positions, bucket, 0);
      place(positions, slot, 1);
    }
    return { slots: [bucket, slot], length: 2, dead: undefined };
  }
  if (positions !== undefined) place(positions, slot, bucket.length);
  else if (bucket.dead !== undefined && bucket.dead.delete(slot)) return bucket;
  append(bucket, slot);
  return bucket;
}

/** The bucket without `slot` (which is there): undefined when it held nothing else, a bare slot when one is left. */
export function leaveBucket(bucket: Bucket, slot: number, positions: Positions | undefined): Bucket | undefined {
  if (typeof bucket === 'number') return bucket === slot ? undefined : bucket;
  const slots = bucket.slots;
  if (positions !== undefined) {
    const at = positions.at[slot];
    const last = slots[bucket.length - 1];
    if (at < bucket.length - 1) {
      slots[at] = last;
      positions.at[last] = at;
    }
    truncate(bucket, bucket.length - 1);
  } else if (bucket.dead === undefined && bucket.length <= SCAN_LIMIT) {
    let at = bucket.length - 1;
    while (slots[at] !== slot) at--;
    removeAt(bucket, at);
  } else {
    (bucket.dead ??= new Set()).add(slot);
    if (bucket.dead.size * 2 > bucket.length) compact(bucket);
  }
  const size = bucketSize(bucket);
  if (size > 1) return bucket;
  return size === 0 ? undefined : liveSlots(bucket)[0];
}

/** The slots of a list, removed ones dropped first. Read them, never change them. */
export function liveSlots(bucket: SlotList): Slots {
  if (bucket.dead !== undefined) compact(bucket);
  const slots = bucket.slots;
  return Array.isArray(slots) || slots.length === bucket.length ? slots : slots.subarray(0, bucket.length);
}

/** Appends the bucket's slots to `out`. */
export function pushSlots(out: number[], bucket: Bucket): void {
  if (typeof bucket === 'number') {
    out.push(bucket);
    return;
  }
  const slots = liveSlots(bucket);
  for (let i = 0; i < slots.length; i++) out.push(slots[i]);
}

/** A list of slots as a bucket, positions noted for a plain index. */
export function listBucket(slots: number[], positions: Positions | undefined): Bucket {
  if (slots.length === 1) return slots[0];
  if (positions !== undefined) for (let i = slots.length - 1; i >= 0; i--) place(positions, slots[i], i);
  // A list grown by push keeps up to half its length spare: the copy has none.
  return { slots: slots.length >= LONG ? Int32Array.from(slots) : slots, length: slots.length, dead: undefined };
}

/** Removes the slot at `at`, keeping the order of the others. */
function removeAt(list: SlotList, at: number): void {
  const slots = list.slots;
  if (Array.isArray(slots)) slots.splice(at, 1);
  else slots.copyWithin(at, at + 1, list.length);
  list.length--;
}

function compact(bucket: SlotList): void {
  const dead = bucket.dead as Set<number>;
  bucket.dead = undefined;
  if (dead.size === 0) return;
  const slots = bucket.slots;
  let kept = 0;
  for (let i = 0; i < bucket.length; i++) {
    const slot = slots[i];
    if (!dead.has(slot)) slots[kept++] = slot;
  }
  truncate(bucket, kept);
}
