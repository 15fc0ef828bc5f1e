// Random operation sequences over small domains, so keys collide, values tie, unique values clash
// and multiEntry arrays overlap often. Invalid inputs appear now and then, one fault per document.
import fc from 'fast-check';
import { compareValues, keyId } from './values';
import {
  FILTERS,
  type ChainStep,
  type Doc,
  type FilterName,
  type OpSpec,
  type Operator,
  type QuerySpec,
  type SimpleOp,
  type Start,
  type Terminal,
} from './specs';

interface Profile {
  coll: string;
  primaryKey: string;
  keys: unknown[];
  doc: fc.Arbitrary<Doc>;
  /** Changes for update/bulkUpdate; may move the primary key. */
  changes: fc.Arbitrary<Doc>;
  /** Changes for query modify: never the primary key. */
  modifyChanges: fc.Arbitrary<Doc>;
  /** Operands per plain path (the primary key included), per multiEntry path, and unindexed paths. */
  plain: Record<string, unknown[]>;
  multi: Record<string, unknown[]>;
  /** Compound indexes: their paths and the operands of each part. */
  compound: { paths: string[]; operands: unknown[][] }[];
  unindexed: string[];
  sortPaths: string[];
}

// Shared by every case; the store must copy them, never freeze or keep them.
const DATES = [new Date(0), new Date(1000), new Date(2000)];
const VALUES = [null, false, true, -1, 0, 1, 2.5, new Date(0), new Date(5), '', 'a', 'ab', 'B', 'b'];
const OPERANDS = [undefined, ...VALUES, 3, 'c', new Date(3)];
const PREFIXES = ['', 'a', 'b', 'x', 'B', 'X', '1'];
const TAGS = ['x', 'y', 'z', 'X', 1];
const REFS = [1, 2, '1', null];

const cyclic: Record<string, unknown> = { name: 'loop' };
cyclic.self = cyclic;
class Point {
  x = 1;
}

/** A missing field is written as `undefined` in a fault and removed when applied. */
function withFault(doc: Doc, fault: Doc): Doc {
  const next: Doc = { ...doc, ...fault };
  for (const [field, value] of Object.entries(fault)) if (value === undefined) delete next[field];
  return next;
}

/** A record whose fields are each present with their own frequency (out of 4); absent fields are left out, not undefined. */
function sparseRecord(fields: Record<string, fc.Arbitrary<unknown>>, presence: Record<string, number>): fc.Arbitrary<Doc> {
  const maybe = Object.fromEntries(
    Object.entries(fields).map(([field, arbitrary]) => [field, fc.oneof({ weight: presence[field], arbitrary }, { weight: 4 - presence[field], arbitrary: fc.constant(undefined) })]),
  );
  return fc.record(maybe).map((doc) => Object.fromEntries(Object.entries(doc).filter(([, value]) => value !== undefined)));
}

function documents(valid: fc.Arbitrary<Doc>, faults: Doc[]): fc.Arbitrary<Doc> {
  return fc.oneof(
    { weight: 14, arbitrary: valid },
    { weight: 1, arbitrary: fc.tuple(valid, fc.constantFrom(...faults)).map(([doc, fault]) => withFault(doc, fault)) },
  );
}

/** Changes: some fields set, some removed (undefined), rarely a new primary key or a fault. */
function changeSets(fields: Record<string, fc.Arbitrary<unknown>>, keyField: string | undefined, keys: unknown[], faults: Doc[]): fc.Arbitrary<Doc> {
  const removable = Object.fromEntries(Object.entries(fields).map(([field, arbitrary]) => [field, fc.oneof(arbitrary, fc.constant(undefined))]));
  const plain = fc.record(removable, { requiredKeys: [] });
  const moving =
    keyField === undefined ? plain : fc.tuple(plain, fc.constantFrom(...keys)).map(([changes, key]) => ({ ...changes, [keyField]: key }));
  return fc.oneof(
    { weight: 12, arbitrary: plain },
    { weight: keyField === undefined ? 0 : 2, arbitrary: moving },
    { weight: 1, arbitrary: fc.tuple(plain, fc.constantFrom(...faults)).map(([changes, fault]) => ({ ...changes, ...fault })) },
  );
}

const itemFields = {
  n: fc.constantFrom(...VALUES),
  when: fc.constantFrom(...DATES, null),
  code: fc.constantFrom('p', 'q', 'r', 's'),
  tags: fc.oneof(fc.array(fc.constantFrom(...TAGS), { maxLength: 3 }), fc.constantFrom('x', 'y')),
  meta: fc.oneof(
    {
      weight: 8,
      arbitrary: fc.record(
        { level: fc.constantFrom(...VALUES), refs: fc.array(fc.constantFrom(...REFS), { maxLength: 3 }), note: fc.constantFrom('deep', '') },
        { requiredKeys: [] },
      ),
    },
    // A nested path through something that is not an object reads as missing.
    { weight: 1, arbitrary: fc.constantFrom<unknown>(null, 'flat', [1]) },
  ),
  note: fc.constantFrom('a', 'm', 'n', 'zz'),
  blob: fc.constantFrom<unknown>({ list: [1, { x: 'y' }] }, 10n, [null, true], 'text'),
};
/** How often each field is present in a generated item (out of 4); unique codes are rarer so they clash sometimes, not always. */
const ITEM_PRESENCE: Record<keyof typeof itemFields, number> = { n: 3, when: 2, code: 1, tags: 3, meta: 2, note: 2, blob: 1 };
const ITEM_KEYS = [0, 1, 2, 3, 'a', 'b', 'c', '1'];
const ITEM_FAULTS: Doc[] = [
  { id: undefined },
  { id: NaN },
  { id: Infinity },
  { id: null },
  { id: true },
  { id: {} },
  { id: [1] },
  { n: { x: 1 } },
  { n: [1] },
  { n: NaN },
  { n: new Date(NaN) },
  { when: () => 1 },
  { tags: [{}] },
  { tags: { x: 1 } },
  { meta: { level: { x: 1 } } },
  { meta: { refs: [[1]] } },
  { blob: () => 1 },
  { blob: new Map() },
  { blob: new Point() },
  { blob: Symbol.for('s') },
  { blob: cyclic },
];
const itemDocs = fc
  .tuple(fc.constantFrom(...ITEM_KEYS), sparseRecord(itemFields, ITEM_PRESENCE))
  .map(([id, fields]): Doc => ({ id, ...fields }));
const ITEM_CHANGE_FAULTS = ITEM_FAULTS.filter((fault) => !('id' in fault) || fault.id !== undefined);

export const items: Profile = {
  coll: 'items',
  primaryKey: 'id',
  keys: ITEM_KEYS,
  doc: documents(itemDocs, ITEM_FAULTS),
  changes: changeSets(itemFields, 'id', [...ITEM_KEYS, undefined, NaN], ITEM_CHANGE_FAULTS),
  modifyChanges: changeSets(itemFields, undefined, [], ITEM_CHANGE_FAULTS.filter((fault) => !('id' in fault))),
  plain: {
    id: [...ITEM_KEYS, 5, 'd', ''],
    n: OPERANDS,
    'meta.level': OPERANDS,
    when: [undefined, null, ...DATES, new Date(500), 0, 'a'],
    code: [undefined, 'p', 'q', 'r', 's', null],
  },
  multi: { tags: [...TAGS, 2, 'w'], 'meta.refs': [...REFS, 3, 'x', true] },
  compound: [{ paths: ['when', 'n'], operands: [[undefined, null, ...DATES, new Date(500)], [undefined, null, false, 0, 1, 2.5, 'a', new Date(0)]] }],
  unindexed: ['note', 'blob', 'meta.note'],
  sortPaths: ['id', 'n', 'meta.level', 'when', 'code', 'note'],
};

const NOTE_KEYS = [1, 2, 3, 'k'];
const noteFields = { v: fc.constantFrom('a', 'b', 1, null, true), note: fc.constantFrom('m', 'z') };
const NOTE_FAULTS: Doc[] = [{ k: NaN }, { k: undefined }, { v: {} }, { note: () => 0 }];

export const notes: Profile = {
  coll: 'notes',
  primaryKey: 'k',
  keys: NOTE_KEYS,
  doc: documents(fc.record({ k: fc.constantFrom(...NOTE_KEYS), ...noteFields }, { requiredKeys: ['k'] }), NOTE_FAULTS),
  changes: changeSets(noteFields, 'k', NOTE_KEYS, [{ v: {} }]),
  modifyChanges: changeSets(noteFields, undefined, [], [{ v: {} }]),
  plain: { k: [...NOTE_KEYS, 0, 'j'], v: [undefined, 'a', 'b', 'c', 1, 0, null, true, false] },
  multi: {},
  compound: [],
  unindexed: ['note'],
  sortPaths: ['k', 'v', 'note'],
};

// ---------------------------------------------------------------------------------------------
// Queries

const RANGE_OPS: Operator[] = ['above', 'aboveOrEqual', 'below', 'belowOrEqual'];

function clause(path: string, operands: unknown[], multi: boolean): fc.Arbitrary<Start> {
  const one = fc.constantFrom(...operands);
  const list = fc.array(one, { maxLength: 3 });
  const where = (op: Operator, args: fc.Arbitrary<unknown[]>) => args.map((a): Start => ({ kind: 'where', path, op, args: a }));
  return fc.oneof(
    where('equals', multi ? fc.oneof(one.map((v) => [v]), fc.uniqueArray(one, { minLength: 1, maxLength: 3 }).map((v) => [v])) : one.map((v) => [v])),
    where('anyOf', list.map((v) => [v])),
    where('allOf', list.map((v) => [v])),
    where('noneOf', list.map((v) => [v])),
    fc.constantFrom(...RANGE_OPS).chain((op) => where(op, one.map((v) => [v]))),
    where(
      'between',
      fc
        .tuple(one, one, fc.boolean(), fc.constantFrom<boolean[]>([], [true], [false], [true, true], [false, true], [true, false], [false, false]))
        // Mostly lower <= upper (an empty range otherwise); sometimes as generated.
        .map(([x, y, ordered, flags]) => (ordered && compareValues(x, y) > 0 ? [y, x, ...flags] : [x, y, ...flags])),
    ),
    where('startsWith', fc.constantFrom(...PREFIXES).map((p) => [p])),
  );
}

/** Clauses on a compound index: full tuples for equality and lists, a tuple or a start of one for ranges. */
function compoundClause(paths: string[], operands: unknown[][]): fc.Arbitrary<Start> {
  const tuple = fc.tuple(...operands.map((values) => fc.constantFrom(...values)));
  const bound = fc.oneof(tuple, tuple.map((t) => t.slice(0, 1)));
  const tuples = fc.array(tuple, { maxLength: 3 });
  const where = (op: Operator, args: fc.Arbitrary<unknown[]>) => args.map((a): Start => ({ kind: 'where', path: paths, op, args: a }));
  return fc.oneof(
    where('equals', tuple.map((t) => [t])),
    where('anyOf', tuples.map((ts) => [ts])),
    where('noneOf', tuples.map((ts) => [ts])),
    fc.constantFrom(...RANGE_OPS).chain((op) => where(op, bound.map((b) => [b]))),
    where('between', fc.tuple(bound, bound, fc.constantFrom<boolean[]>([], [true], [false, true], [true, true], [false, false])).map(([lo, hi, flags]) => [lo, hi, ...flags])),
  );
}

function starts(profile: Profile): fc.Arbitrary<Start> {
  const paths = [
    ...Object.entries(profile.plain).map(([path, operands]) => clause(path, operands, false)),
    ...Object.entries(profile.multi).map(([path, operands]) => clause(path, operands, true)),
    ...profile.compound.map(({ paths: parts, operands }) => compoundClause(parts, operands)),
  ];
  // Criteria values: a scalar (equals) or an array (anyOf on a plain index, the exact elements on a multiEntry one).
  const entry = fc.oneof(
    ...Object.entries(profile.plain).map(([path, operands]) => {
      const defined = operands.filter((v) => v !== undefined);
      return fc.tuple(fc.constant(path), fc.oneof(fc.constantFrom(...defined), fc.array(fc.constantFrom(...defined), { maxLength: 3 })));
    }),
    ...Object.entries(profile.multi).map(([path, operands]) =>
      fc.tuple(fc.constant(path), fc.oneof(fc.constantFrom(...operands), fc.uniqueArray(fc.constantFrom(...operands), { minLength: 1, maxLength: 3 }))),
    ),
  );
  const criteria = fc
    .oneof({ weight: 3, arbitrary: entry.map((e) => [e]) }, { weight: 1, arbitrary: fc.uniqueArray(entry, { minLength: 2, maxLength: 2, selector: ([path]) => path }) })
    .map((entries): Start => ({ kind: 'criteria', entries }));
  const unindexedPath = fc.constantFrom(...profile.unindexed);
  const notIndexed = fc.oneof(
    unindexedPath.map((path): Start => ({ kind: 'where', path, op: 'equals', args: ['a'] })),
    unindexedPath.map((path): Start => ({ kind: 'criteria', entries: [[path, 'a']] })),
  );
  return fc.oneof(
    { weight: 6, arbitrary: fc.constant<Start>({ kind: 'all' }) },
    { weight: 24, arbitrary: fc.oneof(...paths) },
    { weight: 8, arbitrary: criteria },
    { weight: 1, arbitrary: notIndexed },
  );
}

const STEP_ORDER = ['filter', 'sortBy', 'reverse', 'offset', 'limit'] as const;

/** `arbitrary` in `weight` cases out of 4, otherwise undefined. */
const sometimes = <T>(arbitrary: fc.Arbitrary<T>, weight: number) =>
  fc.oneof({ weight, arbitrary }, { weight: 4 - weight, arbitrary: fc.constant(undefined) });

function chains(sortPaths: string[], window: boolean): fc.Arbitrary<ChainStep[]> {
  return fc
    .record({
      filter: sometimes(fc.constantFrom(...(Object.keys(FILTERS) as FilterName[])), 1),
      sortBy: sometimes(fc.constantFrom(...sortPaths), 2),
      reverse: fc.boolean(),
      offset: sometimes(fc.integer({ min: 0, max: 3 }), window ? 1 : 0),
      limit: sometimes(fc.integer({ min: 0, max: 4 }), window ? 2 : 0),
      order: fc.shuffledSubarray([...STEP_ORDER], { minLength: STEP_ORDER.length }),
    })
    .map(({ order, ...steps }) =>
      order.flatMap((name): ChainStep[] => {
        if (name === 'reverse') return steps.reverse ? [{ step: 'reverse' }] : [];
        if (name === 'filter') return steps.filter ? [{ step: 'filter', name: steps.filter }] : [];
        if (name === 'sortBy') return steps.sortBy ? [{ step: 'sortBy', path: steps.sortBy }] : [];
        const n = steps[name];
        return n === undefined ? [] : [{ step: name, n }];
      }),
    );
}

export function queries(profile: Profile): fc.Arbitrary<QuerySpec> {
  return fc
    .record({
      start: starts(profile),
      chain: chains(profile.sortPaths, true),
      terminal: fc.constantFrom<Terminal>('toArray', 'toArray', 'first', 'last', 'count', 'keys', 'json'),
    })
    .map(({ start, chain, terminal }) => ({
      coll: profile.coll,
      start,
      chain,
      // The bare collection has no first/last/toJSON: use toArray there.
      terminal: start.kind === 'all' && chain.length === 0 && ['first', 'last', 'json'].includes(terminal) ? 'toArray' : terminal,
    }));
}

/**
 * Queries that write. With offset or limit they sort by the primary key, so the documents they
 * touch are determined; the bare collection is never used (its delete takes a key).
 */
function writingQueries(profile: Profile): fc.Arbitrary<QuerySpec> {
  const sortedWindow = chains([profile.primaryKey], true).map((chain): ChainStep[] =>
    chain.some((s) => s.step === 'offset' || s.step === 'limit') && !chain.some((s) => s.step === 'sortBy')
      ? [...chain, { step: 'sortBy', path: profile.primaryKey }]
      : chain,
  );
  const anyOrder = chains(profile.sortPaths, false);
  return fc.record({ start: starts(profile), chain: fc.oneof(sortedWindow, anyOrder) }).map(({ start, chain }) => ({
    coll: profile.coll,
    start,
    chain: start.kind === 'all' && chain.length === 0 ? [{ step: 'sortBy', path: profile.primaryKey }] : chain,
    terminal: 'toArray',
  }));
}

// ---------------------------------------------------------------------------------------------
// Operations

function keyLists(profile: Profile) {
  return fc.array(fc.constantFrom(...profile.keys), { maxLength: 4 });
}

function writes(profile: Profile): fc.Arbitrary<SimpleOp> {
  const coll = profile.coll;
  const key = fc.constantFrom(...profile.keys);
  const docs = fc.array(profile.doc, { maxLength: 4 });
  return fc.oneof(
    { weight: 12, arbitrary: profile.doc.map((doc): SimpleOp => ({ kind: 'put', coll, doc })) },
    { weight: 8, arbitrary: profile.doc.map((doc): SimpleOp => ({ kind: 'add', coll, doc })) },
    { weight: 12, arbitrary: fc.tuple(key, profile.changes).map(([k, changes]): SimpleOp => ({ kind: 'update', coll, key: k, changes })) },
    { weight: 4, arbitrary: key.map((k): SimpleOp => ({ kind: 'delete', coll, key: k })) },
    { weight: 4, arbitrary: docs.map((d): SimpleOp => ({ kind: 'bulkAdd', coll, docs: d })) },
    { weight: 6, arbitrary: docs.map((d): SimpleOp => ({ kind: 'bulkPut', coll, docs: d })) },
    { weight: 4, arbitrary: fc.tuple(keyLists(profile), profile.changes).map(([keys, changes]): SimpleOp => ({ kind: 'bulkUpdate', coll, keys, changes })) },
    { weight: 3, arbitrary: keyLists(profile).map((keys): SimpleOp => ({ kind: 'bulkDelete', coll, keys })) },
    { weight: 1, arbitrary: fc.constant<SimpleOp>({ kind: 'clear', coll }) },
    { weight: 5, arbitrary: fc.tuple(writingQueries(profile), profile.modifyChanges).map(([query, changes]): SimpleOp => ({ kind: 'modify', query, changes })) },
    { weight: 2, arbitrary: writingQueries(profile).map((query): SimpleOp => ({ kind: 'queryDelete', query })) },
  );
}

const simpleOps: fc.Arbitrary<SimpleOp> = fc.oneof(
  { weight: 32, arbitrary: writes(items) },
  { weight: 8, arbitrary: writes(notes) },
  { weight: 1, arbitrary: fc.constant<SimpleOp>({ kind: 'storeDelete' }) },
);

const anyQuery = fc.oneof({ weight: 4, arbitrary: queries(items) }, { weight: 1, arbitrary: queries(notes) });

const transactions: fc.Arbitrary<OpSpec> = fc
  .record({ ops: fc.array(simpleOps, { minLength: 1, maxLength: 5 }), catchErrors: fc.boolean(), throwAtEnd: fc.boolean(), probe: anyQuery })
  .map((t): OpSpec => ({ kind: 'transaction', ...t }));

export interface Step {
  op: OpSpec;
  /** Queries compared after the step. */
  checks: QuerySpec[];
}

/** A first bulkPut that fills both collections, so later steps meet documents to collide with. */
const seeding: fc.Arbitrary<Step[]> = fc
  .record({
    items: fc.uniqueArray(itemDocs, { minLength: 2, maxLength: 7, selector: (doc) => keyId(doc.id) }),
    notes: fc.uniqueArray(notes.doc, { maxLength: 3, selector: (doc) => keyId(doc.k) }),
    checks: fc.array(anyQuery, { minLength: 1, maxLength: 3 }),
  })
  .map(({ items: itemSeed, notes: noteSeed, checks }) => [
    // Unique codes come later, from the random writes; here they would often clash and empty the seed.
    { op: { kind: 'bulkPut', coll: 'items', docs: itemSeed.map(({ code: _code, ...doc }) => doc) }, checks },
    { op: { kind: 'bulkPut', coll: 'notes', docs: noteSeed }, checks: [] },
  ]);

export function steps(transactionWeight: number): fc.Arbitrary<Step[]> {
  const op = fc.oneof({ weight: 10, arbitrary: simpleOps }, { weight: transactionWeight, arbitrary: transactions });
  const step = fc.record({ op, checks: fc.array(anyQuery, { minLength: 1, maxLength: 3 }) });
  return fc.tuple(seeding, fc.array(step, { minLength: 1, maxLength: 14 })).map(([seed, rest]) => [...seed, ...rest]);
}

/** Keys to probe with get/has/bulkGet besides the stored ones. */
export const PROBE_KEYS: Record<string, unknown[]> = { items: [...ITEM_KEYS, 5, '0'], notes: [...NOTE_KEYS, 0] };
