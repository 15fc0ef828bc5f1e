import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encode } from '../../packages/bridge/src/codec';
import { createInbox, createOutbox, partProblemText } from '../../packages/bridge/src/pieces';

const doc = (i: number) => ({ id: `d${i}`, title: 'x'.repeat(90) });

/** Values of every shape, with long strings anywhere; `escapes` adds characters JSON must escape. */
const values = (escapes: boolean) =>
  fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      fc.string({ unit: escapes ? 'binary' : fc.constantFrom('a', 'é', '€', '😀', ' '), maxLength: 20 }),
      fc.string({ unit: escapes ? fc.constantFrom('"', '\\', '\n', '\u0001', 'a') : fc.constant('x'), minLength: 100, maxLength: 1_000 }),
      fc.double(),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.constant(undefined),
      fc.date(),
      fc.array(tie('value'), { maxLength: 40 }),
      fc.dictionary(fc.string({ maxLength: 12 }), tie('value'), { maxKeys: 8 }),
    ),
  })).value;

/**
 * Every message posted fits the piece size: a whole one as JSON, a part by its text (which the
 * browser escapes once more when it serialises the part: quotes double, hence 2×).
 */
function expectWithinPieces(posted: unknown[], pieceSize: number) {
  for (const message of posted as { t: string; p?: string }[]) {
    if (message.t === 'part') {
      expect(message.p?.length).toBeLessThanOrEqual(pieceSize);
      expect(JSON.stringify(message).length).toBeLessThanOrEqual(2 * pieceSize + 80);
    } else {
      expect(JSON.stringify(message).length).toBeLessThanOrEqual(pieceSize);
    }
  }
}

describe('encode: the size of what it encodes', () => {
  it('is at least the JSON length of any value without characters JSON escapes', () => {
    fc.assert(
      fc.property(values(false), (value) => {
        const { value: v, meta, size } = encode(value);
        expect(size).toBeGreaterThanOrEqual(JSON.stringify({ v, x: meta }).length - 12);
      }),
      { seed: 11, numRuns: 300 },
    );
  });

  it('is at least a sixth of the JSON length of any value', () => {
    fc.assert(
      fc.property(values(true), (value) => {
        const { value: v, meta, size } = encode(value);
        expect(size * 6).toBeGreaterThanOrEqual(JSON.stringify({ v, x: meta }).length - 12);
      }),
      { seed: 12, numRuns: 300 },
    );
  });
});

function transfer(message: { v?: unknown }, pieceSize: number) {
  const posted: unknown[] = [];
  const { value, meta, size } = encode(message.v);
  createOutbox((m) => posted.push(JSON.parse(JSON.stringify(m))), pieceSize)({ ...message, v: value, x: meta }, size);
  const inbox = createInbox();
  const received = posted.map((m) => inbox.accept(m)).filter((m) => m !== undefined);
  return { posted, received };
}

describe('outbox', () => {
  it('posts every message of any shape within the piece size, and the inbox joins them back', () => {
    fc.assert(
      fc.property(values(true), (value) => {
        const { posted, received } = transfer({ v: value }, 2_000);
        expectWithinPieces(posted, 2_000);
        const { value: v, meta } = encode(value);
        expect(received).toEqual([JSON.parse(JSON.stringify({ v, x: meta }))]);
      }),
      { seed: 13, numRuns: 300 },
    );
  });

  it.each([9, 100, 255])('sends an array of %i large documents in pieces', (count) => {
    const docs = Array.from({ length: count }, (_, i) => ({ id: `d${i}`, note: 'x'.repeat(10_000) }));
    const { posted } = transfer({ v: docs }, 50_000);
    expect(posted.length).toBeGreaterThan(1);
    expectWithinPieces(posted, 50_000);
  });
});

describe('pieces', () => {
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
    const v = Array.from({ length: 300 }, (_, i) => doc(i));
    createOutbox((m) => posted.push(m), 1_000)({ v }, encode(v).size);
    const inbox = createInbox();
    const results = [...posted].reverse().map((m) => inbox.accept(m));
    expect(results.slice(0, -1).every((r) => r === undefined)).toBe(true);
    expect((results.at(-1) as { v: unknown[] }).v.length).toBe(300);
  });

  it('marks a malformed piece instead of throwing', () => {
    expect(createInbox().accept({ t: 'part', id: 1, i: 3, n: 2, p: '' })).toEqual({ t: 'part', problem: 'shape' });
  });

  it('words the problems it names for the background to report, with the limits of the port', () => {
    const limits = { transfers: 4, chars: 1_000 };
    expect(partProblemText('shape', limits)).toBe('it needs a number id, a whole n from 1 to 65536, a whole i below n and a text p');
    expect(partProblemText('count', limits)).toBe('its n differs from the earlier pieces of its message');
    expect(partProblemText('json', limits)).toBe('its text is not JSON');
    expect(partProblemText('transfers', limits)).toBe('more than 4 messages unfinished at once; the port dropped them');
    expect(partProblemText('chars', limits)).toBe('more than 1000 characters unfinished at once; the port dropped them');
    expect(partProblemText('constructor', limits)).toBeUndefined();
  });
});
