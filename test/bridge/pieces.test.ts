import { describe, expect, it } from 'vitest';
import { createInbox, createOutbox, estimateSize } from '../../src/bridge/pieces';

const doc = (i: number) => ({ id: `d${i}`, title: 'x'.repeat(90) });

describe('estimateSize', () => {
  it('estimates a long array of documents from a sample', () => {
    const docs = Array.from({ length: 1_000 }, (_, i) => doc(i));
    const exact = JSON.stringify(docs).length;
    expect(Math.abs(estimateSize(docs) - exact) / exact).toBeLessThan(0.05);
  });

  it('finds a long array inside call arguments', () => {
    const docs = Array.from({ length: 1_000 }, (_, i) => doc(i));
    expect(estimateSize({ a: [docs] })).toBeGreaterThan(100_000);
  });

  it('does not walk a short result', () => {
    expect(estimateSize(Array.from({ length: 50 }, (_, i) => doc(i)))).toBe(0);
  });
});

describe('pieces', () => {
  function transfer(message: { v?: unknown }, pieceSize: number) {
    const posted: unknown[] = [];
    createOutbox((m) => posted.push(JSON.parse(JSON.stringify(m))), pieceSize)(message);
    const inbox = createInbox();
    const received = posted.map((m) => inbox.accept(m)).filter((m) => m !== undefined);
    return { posted, received };
  }

  it('posts a small message as it is', () => {
    const message = { t: 'res', v: [1, 2] };
    const { posted, received } = transfer(message, 1_000);
    expect(posted).toEqual([message]);
    expect(received).toEqual([message]);
  });

  it('posts a large message in pieces no larger than the piece size, and joins them', () => {
    const message = { t: 'res', id: 'r1', v: Array.from({ length: 2_000 }, (_, i) => doc(i)) };
    const { posted, received } = transfer(message, 10_000);
    expect(posted.length).toBe(Math.ceil(JSON.stringify(message).length / 10_000));
    for (const part of posted as { t: string; p: string }[]) {
      expect(part.t).toBe('part');
      expect(part.p.length).toBeLessThanOrEqual(10_000);
    }
    expect(received).toEqual([message]);
  });

  it('never splits a surrogate pair', () => {
    const message = { t: 'res', v: Array.from({ length: 300 }, () => '😀'.repeat(3)) };
    const { posted, received } = transfer(message, 7);
    const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
    for (const part of posted as { p: string }[]) expect(loneSurrogate.test(part.p)).toBe(false);
    expect(received).toEqual([message]);
  });

  it('joins pieces that arrive out of order', () => {
    const posted: unknown[] = [];
    createOutbox((m) => posted.push(m), 1_000)({ v: Array.from({ length: 300 }, (_, i) => doc(i)) });
    const inbox = createInbox();
    const results = [...posted].reverse().map((m) => inbox.accept(m));
    expect(results.slice(0, -1).every((r) => r === undefined)).toBe(true);
    expect((results.at(-1) as { v: unknown[] }).v.length).toBe(300);
  });

  it('marks a malformed piece instead of throwing', () => {
    expect(createInbox().accept({ t: 'part', id: 1, i: 3, n: 2, p: '' })).toEqual({
      t: 'part',
      problem: 'it needs a number id, a whole n from 1 to 65536, a whole i below n and a text p',
    });
  });
});
