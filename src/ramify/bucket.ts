// The documents holding one index value, as slots (positions in the collection's document array):
// a result is built by reading array slots, never by hashing keys. Most values of a selective index
// (timestamps, urls) belong to one document, so a lone slot is stored bare; more go in a list.

export type Bucket = number | SlotList;

export interface SlotList {
  slots: number[];
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

export function bucketSize(bucket: Bucket | undefined): number {
  if (bucket === undefined) return 0;
  if (typeof bucket === 'number') return 1;
  return bucket.dead === undefined ? bucket.slots.length : bucket.slots.length - bucket.dead.size;
}

function place(positions: Positions, slot: number, at: number): void {
  if (slot >= positions.at.length) {
    const grown = new Int32Array(Math.max(1024, slot * 2));
    grown.set(positions.at);
    positions.at = grown;
  }
  positions.at[slot] = at;
}

/** The bucket with `slot` joined (it is not there yet). */
export function joinBucket(bucket: Bucket, slot: number, positions: Positions | undefined): Bucket {
  if (typeof bucket === 'number') {
    if (bucket === slot) return bucket;
    if (positions !== undefined) {
      place(positions, bucket, 0);
      place(positions, slot, 1);
    }
    return { slots: [bucket, slot], dead: undefined };
  }
  if (positions !== undefined) place(positions, slot, bucket.slots.length);
  else if (bucket.dead !== undefined && bucket.dead.delete(slot)) return bucket;
  bucket.slots.push(slot);
  return bucket;
}

/** The bucket without `slot` (which is there): undefined when it held nothing else, a bare slot when one is left. */
export function leaveBucket(bucket: Bucket, slot: number, positions: Positions | undefined): Bucket | undefined {
  if (typeof bucket === 'number') return bucket === slot ? undefined : bucket;
  const slots = bucket.slots;
  if (positions !== undefined) {
    const at = positions.at[slot];
    const last = slots.pop() as number;
    if (at < slots.length) {
      slots[at] = last;
      positions.at[last] = at;
    }
  } else if (bucket.dead === undefined && slots.length <= SCAN_LIMIT) {
    slots.splice(slots.lastIndexOf(slot), 1);
  } else {
    (bucket.dead ??= new Set()).add(slot);
    if (bucket.dead.size * 2 > slots.length) compact(bucket);
  }
  const size = bucketSize(bucket);
  if (size > 1) return bucket;
  return size === 0 ? undefined : liveSlots(bucket)[0];
}

/** The slots of a list, removed ones dropped first. Read them, never change them. */
export function liveSlots(bucket: SlotList): readonly number[] {
  if (bucket.dead !== undefined) compact(bucket);
  return bucket.slots;
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
  return { slots, dead: undefined };
}

function compact(bucket: SlotList): void {
  const dead = bucket.dead as Set<number>;
  bucket.dead = undefined;
  if (dead.size === 0) return;
  const slots = bucket.slots;
  if (dead.size <= 4) {
    // A few removals: native scans beat a Set lookup per slot.
    for (const slot of dead) slots.splice(slots.indexOf(slot), 1);
    return;
  }
  let kept = 0;
  for (let i = 0; i < slots.length; i++) {
    const slot = slots[i];
    if (!dead.has(slot)) slots[kept++] = slot;
  }
  slots.length = kept;
}
