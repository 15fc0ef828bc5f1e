// Indexes at the sizes where their inner structure changes shape: thousands of distinct values
// (the ordered values split into chunks, and chunks thin out and merge as values leave), values
// held by hundreds of documents (long lists, whose removals are swapped or deferred), slots
// emptied and reused, bulk loads that defer indexes, and transactions that roll back. Seeded random
// writes, and after each round every kind of query is compared with a scan of toArray().
// The model-based test covers the semantics on small stores; this one covers the structures.
import { describe, expect, it } from 'vitest';
import { Ramify, type Schema } from '@ramify-db/core';
import { compareValues, sameValue } from './model/values';

interface Item {
  id: string | number;
  /** Thousands of distinct values of every type, a few shared. */
  value?: string | number | boolean | Date | null;
  /** Five values: lists of hundreds of documents. */
  group: string;
  /** A multiEntry index over a pool of 40 words: long lists, documents in several. */
  words: string[];
  /** Unique among documents that have it. */
  code?: string;
}

const schema: Schema<Item, 'id'> = { primaryKey: 'id', indexes: ['value', 'group'], multiEntry: ['words'], unique: ['code'] };

function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: <T>(list: readonly T[]) => list[int(list.length)] };
}

type Random = ReturnType<typeof random>;

const GROUPS = ['a', 'b', 'c', 'd', 'e'];
const WORDS = Array.from({ length: 40 }, (_, i) => `w${i}`);
const EPOCH = Date.UTC(2025, 0, 1);

function randomValue(r: Random): Item['value'] {
  switch (r.int(8)) {
    case 0:
      return undefined;
    case 1:
      return null;
    case 2:
      return r.int(2) === 0;
    case 3:
    case 4:
      return r.int(6000) - 3000;
    case 5:
      return new Date(EPOCH + r.int(5000) * 1000);
    default:
      return `v${r.int(6000)}`;
  }
}

let codes = 0;

/** A document; its code (if any) is new, so a load never collides by chance. */
function randomItem(r: Random, id: string | number): Item {
  const item: Item = { id, group: r.pick(GROUPS), words: Array.from({ length: r.int(5) }, () => r.pick(WORDS)) };
  const value = randomValue(r);
  if (value !== undefined || r.int(2) === 0) item.value = value;
  if (r.int(3) === 0) item.code = `c${codes++}`;
  return item;
}

const randomId = (r: Random) => (r.int(4) === 0 ? r.int(20_000) : `k${r.int(20_000)}`);

function openStore() {
  return new Ramify().createStore<{ items: Schema<Item, 'id'> }>({ items: schema });
}

type Store = ReturnType<typeof openStore>;
type Items = Store['items'];

const keyOrder = (a: Item, b: Item) => compareValues(a.id, b.id);

/** The same document objects, in any order. */
function sameDocuments(a: readonly Item[], b: readonly Item[]): boolean {
  const x = [...a].sort(keyOrder);
  const y = [...b].sort(keyOrder);
  return x.length === y.length && x.every((doc, i) => doc === y[i]);
}
const ids = (items: readonly Item[]) => items.map((item) => item.id).sort((a, b) => compareValues(a, b));
const elements = (item: Item) => item.words;

/** Every kind of query against a scan of the documents. */
function checkQueries(items: Items, r: Random, context: string): void {
  const all = items.toArray() as Item[];
  expect(all.length, context).toBe(items.count());
  const probe = () => (all.length > 0 && r.int(3) > 0 ? r.pick(all).value : randomValue(r));

  for (let q = 0; q < 6; q++) {
    const v = probe();
    const expected = all.filter((item) => sameValue(item.value, v));
    expect(ids(items.where('value').equals(v as never).toArray() as Item[]), `${context}: value = ${String(v)}`).toEqual(ids(expected));
    expect(items.where('value').equals(v as never).count(), `${context}: count of value = ${String(v)}`).toBe(expected.length);

    const [lo, hi] = [probe(), probe()].sort(compareValues);
    const between = all.filter((item) => compareValues(item.value, lo) >= 0 && compareValues(item.value, hi) < 0);
    expect(ids(items.where('value').between(lo as never, hi as never).toArray() as Item[]), `${context}: between ${String(lo)} and ${String(hi)}`).toEqual(ids(between));
    const above = all.filter((item) => compareValues(item.value, lo) > 0);
    expect(items.where('value').above(lo as never).count(), `${context}: above ${String(lo)}`).toBe(above.length);

    const prefix = `v${r.int(60)}`;
    const prefixed = all.filter((item) => typeof item.value === 'string' && item.value.startsWith(prefix));
    expect(ids(items.where('value').startsWith(prefix).toArray() as Item[]), `${context}: startsWith ${prefix}`).toEqual(ids(prefixed));
  }

  for (const group of GROUPS) {
    expect(ids(items.where('group').equals(group).toArray() as Item[]), `${context}: group ${group}`).toEqual(ids(all.filter((item) => item.group === group)));
  }
  const pair = [r.pick(WORDS), r.pick(WORDS)];
  expect(ids(items.where('words').anyOf(pair).toArray() as Item[]), `${context}: anyOf ${pair}`).toEqual(
    ids(all.filter((item) => elements(item).some((w) => pair.includes(w)))),
  );
  expect(ids(items.where('words').allOf(pair).toArray() as Item[]), `${context}: allOf ${pair}`).toEqual(
    ids(all.filter((item) => pair.every((w) => elements(item).includes(w)))),
  );
  const [from, to] = [r.pick(WORDS), r.pick(WORDS)].sort();
  expect(ids(items.where('words').between(from, to, true, true).toArray() as Item[]), `${context}: words between ${from} and ${to}`).toEqual(
    ids(all.filter((item) => elements(item).some((w) => w >= from && w <= to))),
  );
  expect(ids(items.where({ group: 'a', words: pair[0] }).toArray() as Item[]), `${context}: group a with ${pair[0]}`).toEqual(
    ids(all.filter((item) => item.group === 'a' && elements(item).includes(pair[0]))),
  );

  // Sorted walks, both ways, windows at both ends: ties in key order.
  const byValue = [...all].sort((a, b) => compareValues(a.value, b.value) || keyOrder(a, b));
  const byGroup = [...all].sort((a, b) => compareValues(a.group, b.group) || keyOrder(a, b));
  const offset = r.int(Math.max(1, all.length));
  const keysOf = (items: readonly Item[]) => items.map((item) => item.id);
  expect(keysOf(items.sortBy('value').limit(25).toArray() as Item[]), `${context}: first 25 by value`).toEqual(keysOf(byValue.slice(0, 25)));
  expect(keysOf(items.sortBy('value').reverse().limit(25).toArray() as Item[]), `${context}: last 25 by value`).toEqual(keysOf([...byValue].reverse().slice(0, 25)));
  expect(keysOf(items.sortBy('value').offset(offset).limit(10).toArray() as Item[]), `${context}: by value from ${offset}`).toEqual(keysOf(byValue.slice(offset, offset + 10)));
  expect(keysOf(items.sortBy('group').reverse().limit(30).toArray() as Item[]), `${context}: last 30 by group`).toEqual(keysOf([...byGroup].reverse().slice(0, 30)));
  expect(keysOf(items.sortBy('id').limit(30).toArray() as Item[]), `${context}: first 30 keys`).toEqual(keysOf([...all].sort(keyOrder).slice(0, 30)));
  const lowKey = randomId(r);
  expect(ids(items.where('id').aboveOrEqual(lowKey).toArray() as Item[]), `${context}: keys from ${lowKey}`).toEqual(ids(all.filter((item) => compareValues(item.id, lowKey) >= 0)));

  const coded = all.filter((item) => item.code !== undefined);
  if (coded.length > 0) {
    const one = r.pick(coded);
    expect(items.where('code').equals(one.code as string).keys(), `${context}: code ${one.code}`).toEqual([one.id]);
  }
}

/** One random write; errors the store raises for bad luck (a duplicate key or code) are expected. */
function randomWrite(store: Store, r: Random): void {
  const items = store.items;
  const all = items.toArray() as Item[];
  const existing = () => (all.length > 0 ? r.pick(all).id : randomId(r));
  const tolerate = (write: () => void) => {
    try {
      write();
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code !== 'DUPLICATE_KEY' && code !== 'UNIQUE_VIOLATION') throw error;
    }
  };
  switch (r.int(12)) {
    case 0:
      // Someone else's code, now and then: UNIQUE_VIOLATION, and nothing changes.
      return tolerate(() => items.add({ ...randomItem(r, randomId(r)), code: r.pick(all)?.code }));
    case 1:
      return tolerate(() => items.add(randomItem(r, randomId(r))));
    case 2:
      return tolerate(() => items.put(randomItem(r, existing())));
    case 3:
    case 4: {
      const changes: Partial<Item> = r.int(2) === 0 ? { value: randomValue(r) } : { group: r.pick(GROUPS), words: [r.pick(WORDS), r.pick(WORDS)] };
      return tolerate(() => void items.update(existing(), changes));
    }
    case 5:
      return tolerate(() => void items.update(existing(), { id: randomId(r) }));
    case 6:
    case 7:
      return void items.delete(existing());
    case 8:
      return void items.bulkDelete(Array.from({ length: r.int(60) }, existing));
    case 9:
      return tolerate(() => void items.bulkPut(Array.from({ length: r.int(120) }, () => randomItem(r, r.int(2) === 0 ? existing() : randomId(r)))));
    case 10:
      return tolerate(() => void items.where('group').equals(r.pick(GROUPS)).limit(r.int(50)).modify({ value: randomValue(r) }));
    default:
      return tolerate(() => randomTransaction(store, r));
  }
}

/** A transaction of bulk writes that is kept or undone; undone, it leaves every document as it was. */
function randomTransaction(store: Store, r: Random): void {
  const items = store.items;
  const before = items.toArray();
  const abort = new Error('undo');
  try {
    store.transaction(() => {
      items.bulkUpdate(before.slice(0, 2).map((item) => item.id), { words: [] });
      items.where('group').equals(r.pick(GROUPS)).limit(40).delete();
      items.bulkAdd(Array.from({ length: 30 + r.int(300) }, (_, i) => randomItem(r, `t${r.int(1000)}-${i}`)));
      items.where('words').equals(r.pick(WORDS)).limit(30).modify({ group: r.pick(GROUPS) });
      if (r.int(2) === 0) throw abort;
    });
  } catch (error) {
    if (error !== abort) throw error;
    expect(sameDocuments(items.toArray(), before)).toBe(true);
  }
}

describe('indexes at scale', () => {
  it('answer every query as a scan does through thousands of random writes', () => {
    const r = random(13);
    const store = openStore();
    const items = store.items;
    // A load large enough to defer every index, then writes before and after queries build them.
    items.bulkAdd(Array.from({ length: 4000 }, (_, i) => randomItem(r, `k${i}`)));
    for (let i = 0; i < 200; i++) randomWrite(store, r);
    checkQueries(items, r, 'after the load');
    for (let round = 0; round < 12; round++) {
      for (let i = 0; i < 250; i++) randomWrite(store, r);
      checkQueries(items, r, `round ${round}`);
    }
  }, 60_000);

  it('stay right when most documents leave and others take their slots', () => {
    const r = random(7);
    const items = openStore().items;
    items.bulkAdd(Array.from({ length: 5000 }, (_, i) => randomItem(r, i)));
    checkQueries(items, r, 'loaded');
    // Delete in random order (chunks thin out and merge), refill (freed slots are reused).
    const keys = items.keys();
    for (let i = keys.length - 1; i > 0; i--) {
      const j = r.int(i + 1);
      [keys[i], keys[j]] = [keys[j], keys[i]];
    }
    items.bulkDelete(keys.slice(0, 4500));
    checkQueries(items, r, 'after deleting 90%');
    for (let i = 0; i < 3000; i++) items.put(randomItem(r, `n${i}`));
    checkQueries(items, r, 'refilled');
    for (const key of items.keys().slice(0, 2000)) items.delete(key);
    checkQueries(items, r, 'after single deletes');
  });

  it('walk the newest documents right while the newest are deleted one by one', () => {
    const items = openStore().items;
    items.bulkAdd(Array.from({ length: 3000 }, (_, i) => ({ id: i, value: new Date(EPOCH + i * 1000), group: 'a', words: [] })));
    for (let n = 2999; n >= 1000; n -= 7) {
      items.delete(n);
      const newest = items.sortBy('value').reverse().limit(3).keys();
      const expected = items.keys().sort((a, b) => (b as number) - (a as number)).slice(0, 3);
      expect(newest).toEqual(expected);
    }
  });

  it('undo a large bulkAdd inside a transaction, and a transaction around large bulk writes', () => {
    const r = random(99);
    const store = openStore();
    const items = store.items;
    items.bulkAdd(Array.from({ length: 1500 }, (_, i) => randomItem(r, `k${i}`)));
    const before = items.toArray();
    const events: unknown[] = [];
    items.subscribe((type, keys) => {
      events.push([type, keys.length]);
    });
    expect(() =>
      items.bulkAdd([...Array.from({ length: 2000 }, (_, i) => randomItem(r, `x${i}`)), { id: 'k5', group: 'a', words: [] }]),
    ).toThrow(expect.objectContaining({ code: 'DUPLICATE_KEY', index: 2000 }));
    expect(items.toArray()).toEqual(before);
    expect(items.toArray().every((doc, i) => doc === before[i])).toBe(true);
    expect(() =>
      store.transaction(() => {
        items.bulkAdd(Array.from({ length: 2000 }, (_, i) => randomItem(r, `y${i}`)));
        items.bulkDelete(items.keys().slice(0, 700));
        items.bulkAdd(Array.from({ length: 600 }, (_, i) => randomItem(r, `k${i}`)));
        throw new Error('undo');
      }),
    ).toThrow('undo');
    // Undone, every document is back, the same objects (their order may differ: slots were reused).
    expect(sameDocuments(items.toArray(), before)).toBe(true);
    expect(events).toEqual([]);
    checkQueries(items, r, 'after the undone transaction');
    store.transaction(() => {
      items.bulkAdd(Array.from({ length: 2000 }, (_, i) => randomItem(r, `y${i}`)));
      items.bulkDelete(['y1', 'y2', 'k1']);
      items.add(randomItem(r, 'y1'));
    });
    expect(events).toEqual([
      ['delete', 1],
      ['create', 1999],
    ]);
    checkQueries(items, r, 'after the kept transaction');
  });
});
