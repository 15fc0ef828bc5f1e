// Model-based test: thousands of random operation sequences run against the store and against a
// deliberately naive model (plain arrays and scans, test/ramify/model/naive-store.ts). After every
// step the two must agree on the operation's result or error code, the change events, the stored
// documents (and the identity of unchanged ones) and the answers to random queries of every kind.
// Seeded, so CI sees the same cases every run; a failure prints the shrunk sequence.
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { PROBE_KEYS, steps, type Step } from './model/arbitraries';
import { attempt, checkEvents, checkIdentities, checkOutcome, checkQueryResult, checkState, identities, sameKeySet, show } from './model/compare';
import { apply, createModel, mergeJournal, runQuery, snapshotData, type Journal, type Model, type QueryOutcome } from './model/naive-store';
import { hasStep, type QuerySpec, type SimpleOp, type TransactionOp } from './model/specs';
import { DEFINITIONS, openStore, runStoreOp, runStoreQuery, type StoreUnderTest } from './model/store-view';

const collectionOf = (op: SimpleOp) => (op.kind === 'storeDelete' ? undefined : op.kind === 'modify' || op.kind === 'queryDelete' ? op.query.coll : op.coll);
const sameResultFor = (op: SimpleOp) => (op.kind === 'modify' || op.kind === 'queryDelete' ? sameKeySet : undefined);

function checkQuery(context: string, model: Model, store: StoreUnderTest, query: QuerySpec): void {
  let expected: QueryOutcome = runQuery(model, query);
  // A query with a filter function has no JSON description.
  if (expected.ok && query.terminal === 'json' && hasStep(query, 'filter')) expected = { ok: false, codes: new Set(['INVALID_QUERY']) };
  checkQueryResult(`${context}, query ${show(query)}`, query.coll, model.defs[query.coll], query.terminal, expected, attempt(() => runStoreQuery(store, query)));
}

/** The store must copy what it is given: the caller's objects stay unfrozen and theirs. */
function checkInputsUntouched(context: string, op: SimpleOp): void {
  const inputs = op.kind === 'add' || op.kind === 'put' ? [op.doc] : op.kind === 'bulkAdd' || op.kind === 'bulkPut' ? op.docs : [];
  const frozenObject = (value: unknown) => value !== null && typeof value === 'object' && Object.isFrozen(value);
  for (const doc of inputs) {
    if (frozenObject(doc) || frozenObject(doc?.meta)) throw new Error(`${context}: the store froze the caller's document ${show(doc)}`);
  }
}

function runSimple(context: string, op: SimpleOp, model: Model, store: StoreUnderTest, journal: Journal) {
  const expected = apply(model, op, journal);
  const actual = attempt(() => runStoreOp(store, op));
  checkOutcome(context, expected, actual, collectionOf(op), sameResultFor(op));
  checkInputsUntouched(context, op);
  return actual;
}

/**
 * Runs a transaction on both sides in lockstep (each inner operation is compared as it happens,
 * and a query probes the uncommitted state), then checks how it ended: committed, or rolled back
 * with the error that ended it.
 */
function runTransaction(context: string, op: TransactionOp, model: Model, store: StoreUnderTest, journal: Journal): void {
  const before = snapshotData(model);
  const inner: Journal = new Map();
  const abort = new Error('the test aborts this transaction');
  let mismatch: unknown;
  let endedBy: unknown = abort;
  const checked = (check: () => void) => {
    try {
      check();
    } catch (error) {
      mismatch = error;
      throw error;
    }
  };
  const result = attempt(() =>
    store.transaction(() => {
      op.ops.forEach((step, i) => {
        let actual: ReturnType<typeof runSimple> | undefined;
        checked(() => (actual = runSimple(`${context}, inner op ${i} ${show(step)}`, step, model, store, inner)));
        if (actual !== undefined && !actual.ok && !op.catchErrors) {
          endedBy = actual.error;
          throw actual.error;
        }
      });
      checked(() => checkQuery(`${context}, probe inside the transaction`, model, store, op.probe));
      checked(() => {
        if (store.events.length > 0) throw new Error(`${context}: events delivered before the transaction returned: ${show(store.events)}`);
      });
      if (op.throwAtEnd) throw abort;
      return 'committed';
    }),
  );
  if (mismatch !== undefined) throw mismatch;
  const threw = !result.ok;
  const mustThrow = op.throwAtEnd || endedBy !== abort;
  if (threw !== mustThrow || (threw && result.error !== endedBy)) {
    throw new Error(`${context}: transaction ${result.ok ? `returned ${show(result.value)}` : `threw ${show(result.error)}`}, expected ${mustThrow ? `to rethrow ${show(endedBy)}` : "to return 'committed'"}`);
  }
  if (result.ok && result.value !== 'committed') throw new Error(`${context}: transaction returned ${show(result.value)}, not the function's result`);
  if (threw) model.data = before;
  else mergeJournal(journal, inner);
}

function runSequence(sequence: Step[]): void {
  const store = openStore();
  const model = createModel(DEFINITIONS);
  sequence.forEach(({ op, checks }, index) => {
    const context = `step ${index} ${show(op)}`;
    const before = snapshotData(model);
    const identitiesBefore = identities(store, model.defs);
    const journal: Journal = new Map();
    store.events.length = 0;
    if (op.kind === 'transaction') runTransaction(context, op, model, store, journal);
    else runSimple(context, op, model, store, journal);
    checkEvents(context, model.defs, before, model.data, journal, store.events);
    checkIdentities(context, identitiesBefore, identities(store, model.defs), journal);
    checkState(context, model, store, PROBE_KEYS);
    for (const query of checks) checkQuery(`after ${context}`, model, store, query);
  });
}

describe('the store against a naive model', () => {
  it('agrees on results, errors, events and every query over random single and bulk writes', { timeout: 120_000 }, () => {
    fc.assert(fc.property(steps(0), runSequence), { seed: 42, numRuns: 2500 });
  });

  it('agrees on random transactions that commit, catch errors or roll back', { timeout: 120_000 }, () => {
    fc.assert(fc.property(steps(5), runSequence), { seed: 4242, numRuns: 1500 });
  });
});
