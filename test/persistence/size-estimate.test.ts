// The size estimate that bounds chunks and request records: near the serialized size, over own
// properties only, and never more work than its limit, whatever the value.
import { describe, expect, it } from 'vitest';
import { estimateSize } from '../../packages/persistence/src/size-estimate';

describe('estimateSize', () => {
  it.each([
    ['a small document', { id: 'm000001', text: 'hello', n: 4, tags: ['a', 'b'], at: new Date(0) }],
    ['a large text', { id: 'big', text: 'x'.repeat(100_000) }],
    ['nested objects and arrays', { id: 1, meta: { level: 3, nested: { deep: [1, 2, { three: 'three' }] } } }],
    ['many small fields', Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`field${i}`, i]))],
  ])('is within a factor of two of the JSON length of %s', (_, doc) => {
    const json = JSON.stringify(doc).length;
    const estimate = estimateSize(doc, Infinity);
    expect(estimate).toBeGreaterThanOrEqual(json / 2);
    expect(estimate).toBeLessThanOrEqual(json * 2);
  });

  it('counts the bytes of binary data', () => {
    expect(estimateSize({ data: new Uint8Array(10_000) }, Infinity)).toBeGreaterThanOrEqual(10_000);
  });

  it('counts own properties only, not inherited ones', () => {
    const inherited = Object.create({ text: 'x'.repeat(10_000) }) as object;
    expect(estimateSize(inherited, Infinity)).toBeLessThan(100);
  });

  it('stops soon after the limit on a cyclic value', () => {
    const cycle: { self?: unknown; list: unknown[] } = { list: [] };
    cycle.self = cycle;
    cycle.list.push(cycle, cycle);
    const estimate = estimateSize(cycle, 10_000);
    expect(estimate).toBeGreaterThan(10_000);
    expect(estimate).toBeLessThan(10_100);
  });

  it('stops soon after the limit on a sparse array of huge length', () => {
    const sparse: unknown[] = [];
    sparse.length = 2 ** 32 - 1;
    const estimate = estimateSize({ sparse }, 1_000_000);
    expect(estimate).toBeGreaterThan(1_000_000);
    expect(estimate).toBeLessThan(1_000_100);
  });

  it('stops soon after the limit on an array of many empty objects', () => {
    const many = Array.from({ length: 1_000_000 }, () => ({}));
    expect(estimateSize(many, 1000)).toBeLessThan(1100);
  });
});
