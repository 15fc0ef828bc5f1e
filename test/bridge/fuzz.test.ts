// Seeded fuzzing of what a hostile page can post: junk envelopes, codec meta aiming at prototypes,
// values nested far too deep, long ids, malformed and oversized pieces. Every message with a text
// id gets exactly one coded error reply, every other one exactly one report to onError; nothing
// throws in a listener, no prototype changes, the store stays as it was and the port keeps serving.
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_UNFINISHED } from '../../packages/bridge/src/limits';
import { createInbox, inboxBound } from '../../packages/bridge/src/pieces';
import { createWorld, page, rawPort, settle, useFakeTime, type World } from './harness';
import { junk, postJunk } from './junk';

let world: World;

beforeEach(() => {
  useFakeTime();
});

afterEach(() => {
  world?.close();
  vi.useRealTimers();
});

function ownNames(target: object) {
  return Object.getOwnPropertyNames(target).sort();
}

describe('fuzzing the background with junk from a page', () => {
  it('answers or reports every message exactly once, changes nothing, pollutes nothing and keeps serving', async () => {
    world = createWorld({ persistence: false, seed: { pages: [page(1), page(2)] } });
    const port = rawPort(world);
    const objectBefore = ownNames(Object.prototype);
    const arrayBefore = ownNames(Array.prototype);

    await fc.assert(
      fc.asyncProperty(fc.array(junk, { minLength: 1, maxLength: 8 }), fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }), async (messages, asPart) => {
        const reportsBefore = world.errors.length;
        const repliesBefore = port.replies.length;
        for (let m = 0; m < messages.length; m++) postJunk(port.port, messages[m], asPart[m]);
        await settle();

        const replies = port.replies.slice(repliesBefore);
        const answered = messages.filter((message) => message.id !== undefined);
        for (const { id } of answered) {
          const mine = replies.filter((reply) => reply.id === id);
          expect(mine.map((reply) => reply.t)).toEqual(['err']);
          expect(mine[0].v).toMatchObject({ name: 'RamifyError', code: expect.stringMatching(/^(BAD_REQUEST|INVALID_DOCUMENT|INVALID_QUERY)$/) });
        }
        expect(replies).toHaveLength(answered.length);
        expect(world.errors.length - reportsBefore).toBe(messages.length - answered.length);
        for (const reported of world.errors.slice(reportsBefore)) expect(reported).toMatchObject({ code: 'BAD_REQUEST' });
      }),
      { seed: 0x6a11, numRuns: 150 },
    );

    expect(world.browser.uncaught).toEqual([]);
    expect(ownNames(Object.prototype)).toEqual(objectBefore);
    expect(ownNames(Array.prototype)).toEqual(arrayBefore);
    expect(await port.ask({ t: 'call', id: 'last', c: 'pages', m: 'keys', v: { a: [] } })).toEqual({ t: 'res', value: ['p00001', 'p00002'] });
  }, 60_000);
});

describe('fuzzing the pieces a port holds unfinished', () => {
  const piece = fc.record({ id: fc.nat({ max: 7 }), n: fc.integer({ min: 1, max: 4 }), i: fc.nat({ max: 3 }), length: fc.nat({ max: 400 }) });

  it('never holds more than its bounds, drops everything when a piece would pass them, and joins what completes', () => {
    const limits = { transfers: MAX_UNFINISHED, chars: 1_000 };
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), (pieces) => {
        const inbox = createInbox(inboxBound(limits));
        // The model: what each unfinished transfer holds.
        const model = new Map<number, { n: number; pieces: Map<number, number> }>();
        const total = () => [...model.values()].reduce((sum, t) => sum + [...t.pieces.values()].reduce((a, b) => a + b, 0), 0);
        for (const { id, n, i: at, length } of pieces) {
          const i = at % n;
          const text = 'x'.repeat(length);
          const result = inbox.accept({ t: 'part', id, i, n, p: text });
          const held = model.get(id);
          if (held !== undefined && held.n !== n) {
            model.delete(id);
            expect(result).toEqual({ t: 'part', problem: 'count' });
          } else if (held === undefined && model.size >= limits.transfers) {
            model.clear();
            expect(result).toEqual({ t: 'part', problem: 'transfers' });
          } else if (total() - (held?.pieces.get(i) ?? 0) + length > limits.chars) {
            model.clear();
            expect(result).toEqual({ t: 'part', problem: 'chars' });
          } else {
            const transfer = held ?? { n, pieces: new Map<number, number>() };
            transfer.pieces.set(i, length);
            model.set(id, transfer);
            if (transfer.pieces.size === n) {
              model.delete(id);
              expect(result).toEqual({ t: 'part', problem: 'json' });
            } else {
              expect(result).toBeUndefined();
            }
          }
          expect(inbox.held()).toEqual({ transfers: model.size, chars: total() });
          expect(inbox.held().transfers).toBeLessThanOrEqual(limits.transfers);
          expect(inbox.held().chars).toBeLessThanOrEqual(limits.chars);
        }
      }),
      { seed: 0x1b0, numRuns: 400 },
    );
  });
});
