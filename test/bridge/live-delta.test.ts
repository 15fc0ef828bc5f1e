import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyDelta, diffResults } from '../../packages/bridge/src/live-delta';

interface D {
  id: number;
  v: number;
}
const keyOf = (doc: D) => doc.id;
const docs = (n: number) => Array.from({ length: n }, (_, i): D => ({ id: i, v: 0 }));

/** Applies the delta and checks that the result holds exactly the same document objects as `next`. */
function roundTrip(prev: D[], next: D[], maxEdits?: number) {
  const delta = diffResults(prev, next, keyOf, maxEdits);
  const out = delta === undefined ? prev : applyDelta(prev, delta.ops, delta.docs);
  expect(out?.length).toBe(next.length);
  expect(out?.filter((doc, i) => doc !== next[i]).length).toBe(0);
  return delta;
}

describe('diffResults', () => {
  it('finds no delta between results holding the same documents', () => {
    const prev = docs(5);
    expect(diffResults(prev, [...prev], keyOf)).toBeUndefined();
  });

  it('sends one document for one changed in place', () => {
    const prev = docs(5);
    const next = [...prev];
    next[2] = { id: 2, v: 1 };
    expect(roundTrip(prev, next)).toEqual({ ops: [2, 1, 1, -1], docs: [next[2]] });
  });

  it('sends an arriving document and where it goes', () => {
    const prev = docs(4);
    const arrived = { id: 99, v: 0 };
    const next = [prev[0], arrived, ...prev.slice(1)];
    expect(roundTrip(prev, next)).toEqual({ ops: [1, 0, 1, -1], docs: [arrived] });
  });

  it('sends only the position of a leaving document', () => {
    const prev = docs(4);
    expect(roundTrip(prev, [prev[0], prev[2], prev[3]])).toEqual({ ops: [1, 1, 0], docs: [] });
  });

  it('sends a document that moved unchanged by its old index, not the document', () => {
    const prev = docs(6);
    const next = [prev[5], ...prev.slice(0, 5)];
    expect(roundTrip(prev, next)).toEqual({ ops: [0, 0, 1, 5, 6, 1, 0], docs: [] });
  });

  it('sends a document that moved and changed once', () => {
    const prev = docs(6);
    const moved = { id: 0, v: 9 };
    const next = [...prev.slice(1), moved];
    expect(roundTrip(prev, next)).toEqual({ ops: [0, 1, 0, 5, 0, 1, -1], docs: [moved] });
  });

  it('keeps a one-document write to 25,000 documents to one document and a few numbers', () => {
    const prev = docs(25_000);
    const changed = { id: 12_345, v: 1 };
    const moved = [...prev.slice(0, 12_345), ...prev.slice(12_346), changed];
    const delta = roundTrip(prev, moved);
    expect(delta?.docs).toEqual([changed]);
    expect(delta?.ops.length).toBeLessThanOrEqual(8);
  });

  it('replaces a result that was reordered beyond the edit limit without re-sending moved documents', () => {
    const prev = docs(200);
    const next = [...prev].reverse();
    const delta = roundTrip(prev, next, 8);
    expect(delta?.docs).toEqual([]);
  });

  it('turns any result into any other exactly (property)', () => {
    const pool = docs(30);
    const result = fc.array(fc.record({ id: fc.integer({ min: 0, max: 29 }), changed: fc.boolean() }), { maxLength: 30 }).map((picks) => {
      const seen = new Set<number>();
      return picks.filter((p) => !seen.has(p.id) && seen.add(p.id)).map((p) => (p.changed ? { id: p.id, v: 1 } : pool[p.id]));
    });
    fc.assert(
      fc.property(result, result, fc.integer({ min: 0, max: 70 }), (prev, next, maxEdits) => {
        roundTrip(prev, next, maxEdits);
      }),
      { numRuns: 500 },
    );
  });
});

describe('applyDelta', () => {
  it('leaves the previous result untouched', () => {
    const prev = docs(3);
    const copy = [...prev];
    applyDelta(prev, [0, 1, 0], []);
    expect(prev).toEqual(copy);
  });

  it('refuses a delta that does not fit the result (a wrong base): no result', () => {
    expect(applyDelta(docs(2), [5, 1, 0], [])).toBeUndefined();
    expect(applyDelta(docs(2), [0, 0, 1, -3], [])).toBeUndefined();
    expect(applyDelta(docs(2), [0, 0, -3], [])).toBeUndefined();
    expect(applyDelta(docs(4), [2, 1, 0, 0, 1, 0], [])).toBeUndefined();
  });

  it('inserts more than 10,000 documents in one splice', () => {
    const many = docs(12_000);
    const out = applyDelta([], [0, 0, many.length, ...many.map((_, i) => -i - 1)], many);
    expect(out).toEqual(many);
  });
});
