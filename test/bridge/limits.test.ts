import { describe, expect, it } from 'vitest';
import { memoryDurability } from '../../packages/bridge/src/applied';
import { checkPayloadDepth } from '../../packages/bridge/src/execute';
import { MAX_DEPTH, MAX_MEMBERS, nestingOf } from '../../packages/bridge/src/limits';
import { createInbox, createOutbox, inboxBound } from '../../packages/bridge/src/pieces';

/** Objects nested `levels` deep: level 0 is the outermost. */
function nested(levels: number, make: (inner: unknown) => unknown = (inner) => ({ x: inner })): unknown {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = make(value);
  return value;
}

describe('nestingOf', () => {
  it('accepts objects down to level 100, as the core stores them', () => {
    expect(nestingOf(nested(MAX_DEPTH + 1), MAX_DEPTH)).toBe(undefined);
  });

  it('refuses an object at level 101', () => {
    expect(nestingOf(nested(MAX_DEPTH + 2), MAX_DEPTH)).toBe('too deep');
  });

  it('counts arrays and objects alike, and an empty one too', () => {
    expect(nestingOf(nested(MAX_DEPTH + 1, (inner) => [inner]), MAX_DEPTH)).toBe(undefined);
    expect(nestingOf(nested(MAX_DEPTH + 1, (inner) => [{ a: inner }]), MAX_DEPTH)).toBe('too deep');
    // Objects at levels 0..99 around an empty array at level 100, then one level more.
    expect(nestingOf(nested(MAX_DEPTH, (inner) => ({ a: inner === 1 ? [] : inner })), MAX_DEPTH)).toBe(undefined);
    expect(nestingOf(nested(MAX_DEPTH + 1, (inner) => ({ a: inner === 1 ? [] : inner })), MAX_DEPTH)).toBe('too deep');
  });

  it('finds the deep member among many shallow ones', () => {
    const wide = Array.from({ length: 10_000 }, (_, i) => ({ i, tags: ['a'] }));
    expect(nestingOf(wide, MAX_DEPTH)).toBe(undefined);
    wide[7_000] = { i: 1, tags: nested(MAX_DEPTH + 5) as string[] };
    expect(nestingOf(wide, MAX_DEPTH)).toBe('too deep');
  });

  it('walks a value a million levels deep without recursion', () => {
    const deep = JSON.parse('['.repeat(1_000_000) + ']'.repeat(1_000_000));
    expect(nestingOf(deep, MAX_DEPTH)).toBe('too deep');
  });

  it('counts Dates, Maps and primitives as leaves', () => {
    expect(nestingOf(new Date(1), 0)).toBe(undefined);
    expect(nestingOf({ at: new Date(1), m: new Map([[1, { a: {} }]]) }, 1)).toBe(undefined);
    expect(nestingOf('text', 0)).toBe(undefined);
  });

  it('counts a shared object at each place it appears, and refuses a value of 2^100 places', () => {
    let shared: unknown = {};
    for (let i = 0; i < MAX_DEPTH; i++) shared = [shared, shared];
    expect(nestingOf(shared, MAX_DEPTH)).toBe('too large');
  });

  it('shares one budget between the values of a request', () => {
    const budget = { left: 9 };
    expect(nestingOf([1, 2, 3, 4, 5, 6], MAX_DEPTH, budget)).toBe(undefined);
    expect(budget.left).toBe(3);
    expect(nestingOf({ a: [1, 2], b: 3 }, MAX_DEPTH, budget)).toBe('too large');
  });

  it('allows as many members as the largest request could carry as JSON', () => {
    expect(MAX_MEMBERS).toBe(64 * 1024 * 1024);
  });

  it('finds a shared object too deep where it appears lowest', () => {
    // 98 objects, levels 0 to 97 below where it sits.
    const deep = nested(MAX_DEPTH - 2);
    expect(nestingOf({ a: deep, b: { c: { d: deep } } }, MAX_DEPTH)).toBe(undefined);
    expect(nestingOf({ a: deep, b: { c: { d: { e: deep } } } }, MAX_DEPTH)).toBe('too deep');
  });

  it('stops at a cycle (structured clone keeps them)', () => {
    const loop: unknown[] = [];
    loop.push(loop);
    expect(nestingOf(loop, MAX_DEPTH)).toBe('too deep');
  });
});

describe('a request whose values share objects (structured clone, as in Firefox)', () => {
  it('is refused with BAD_REQUEST before anything walks its 2^100 places', () => {
    let shared: unknown = { id: 'p1' };
    for (let i = 0; i < MAX_DEPTH - 1; i++) shared = { a: shared, b: shared };
    expect(() => checkPayloadDepth('pages', 'put', { a: [shared] })).toThrow(
      expect.objectContaining({ code: 'BAD_REQUEST', message: 'pages.put: argument 1 holds more than 67,108,864 members (an object shared by several places counts at each)' }),
    );
  });

  it('is accepted when the shared object appears in a few places', () => {
    const tags = ['a', 'b'];
    expect(() => checkPayloadDepth('pages', 'bulkPut', { a: [[{ id: 'p1', tags }, { id: 'p2', tags }]] })).not.toThrow();
  });
});

describe('the inbox of a port bounds what it holds unfinished', () => {
  const piece = (id: number, i: number, n: number, p = 'x') => ({ t: 'part', id, i, n, p });

  it('holds a few unfinished messages and refuses one more, dropping them all', () => {
    const inbox = createInbox(inboxBound({ transfers: 4, chars: 1_000 }));
    for (let id = 1; id <= 4; id++) expect(inbox.accept(piece(id, 0, 2))).toBeUndefined();
    expect(inbox.held()).toEqual({ transfers: 4, chars: 4 });
    expect(inbox.accept(piece(5, 0, 2))).toEqual({ t: 'part', problem: 'transfers' });
    expect(inbox.held()).toEqual({ transfers: 0, chars: 0 });
    // What was dropped is gone: its last piece completes nothing.
    expect(inbox.accept(piece(1, 1, 2))).toBeUndefined();
    expect(inbox.held()).toEqual({ transfers: 1, chars: 1 });
  });

  it('refuses pieces beyond its characters, dropping what it held', () => {
    const inbox = createInbox(inboxBound({ transfers: 4, chars: 1_000 }));
    expect(inbox.accept(piece(1, 0, 3, 'a'.repeat(600)))).toBeUndefined();
    expect(inbox.accept(piece(2, 0, 3, 'b'.repeat(300)))).toBeUndefined();
    expect(inbox.held()).toEqual({ transfers: 2, chars: 900 });
    expect(inbox.accept(piece(1, 1, 3, 'c'.repeat(101)))).toEqual({ t: 'part', problem: 'chars' });
    expect(inbox.held()).toEqual({ transfers: 0, chars: 0 });
  });

  it('counts a piece received twice once', () => {
    const inbox = createInbox(inboxBound({ transfers: 4, chars: 1_000 }));
    inbox.accept(piece(1, 0, 2, 'a'.repeat(600)));
    inbox.accept(piece(1, 0, 2, 'a'.repeat(600)));
    expect(inbox.held()).toEqual({ transfers: 1, chars: 600 });
  });

  it('lets go of a message once it is whole', () => {
    const inbox = createInbox(inboxBound({ transfers: 4, chars: 1_000 }));
    inbox.accept(piece(1, 0, 2, '{"t":'));
    expect(inbox.accept(piece(1, 1, 2, '"ping"}'))).toEqual({ t: 'ping' });
    expect(inbox.held()).toEqual({ transfers: 0, chars: 0 });
  });

  it("accepts a message as large as the limit, a page's largest request", () => {
    const inbox = createInbox(inboxBound({ transfers: 4, chars: 1_000 }));
    const text = JSON.stringify({ t: 'ping', v: 'x'.repeat(1_000 - 20) });
    expect(inbox.accept(piece(1, 0, 2, text.slice(0, 500)))).toBeUndefined();
    expect(inbox.accept(piece(1, 1, 2, text.slice(500)))).toMatchObject({ t: 'ping' });
  });
});

describe('the outbox of a page refuses a request larger than the background accepts', () => {
  it('throws SEND_FAILED naming the sizes, posting nothing', () => {
    const posted: unknown[] = [];
    const post = createOutbox((m) => posted.push(m), 100, 1_000);
    const message = { t: 'call', id: 'r1', v: 'x'.repeat(2_000) };
    const length = JSON.stringify(message).length;
    expect(() => post(message, 2_002)).toThrowError(
      expect.objectContaining({ code: 'SEND_FAILED', message: `the message is ${length} characters of JSON; the background accepts at most 1000 (send it in smaller requests)` }),
    );
    expect(posted).toEqual([]);
  });
});

describe('memoryDurability bounds its records', () => {
  const outcome = (n: number) => ({ ok: true, v: 'k'.repeat(n), x: undefined });

  it('keeps the last `limit` requests', () => {
    const records = memoryDurability({ limit: 3 });
    for (let i = 1; i <= 5; i++) records.markApplied(`r${i}`, outcome(1));
    expect(['r1', 'r2', 'r3', 'r4', 'r5'].map((id) => records.appliedResult(id) !== undefined)).toEqual([false, false, true, true, true]);
  });

  it('forgets the oldest requests once their results hold more than `bytes`', () => {
    const records = memoryDurability({ bytes: 100_000 });
    for (let i = 1; i <= 5; i++) records.markApplied(`r${i}`, outcome(20_000));
    expect(['r1', 'r2', 'r3', 'r4', 'r5'].map((id) => records.appliedResult(id) !== undefined)).toEqual([false, false, false, true, true]);
    expect(records.appliedResult('r5')).toEqual({ result: outcome(20_000) });
  });

  it('keeps the newest request even when it alone is larger', () => {
    const records = memoryDurability({ bytes: 1_000 });
    records.markApplied('r1', outcome(10));
    records.markApplied('r2', outcome(5_000));
    expect([records.appliedResult('r1'), records.appliedResult('r2')]).toEqual([undefined, { result: outcome(5_000) }]);
  });

  it('keeps 10,000 requests and 16 MiB by default', () => {
    const records = memoryDurability();
    for (let i = 0; i <= 10_000; i++) records.markApplied(`r${i}`, outcome(1));
    expect([records.appliedResult('r0'), records.appliedResult('r1') !== undefined]).toEqual([undefined, true]);
    const big = memoryDurability();
    for (let i = 0; i < 20; i++) big.markApplied(`b${i}`, outcome(1024 * 1024));
    expect(big.appliedResult('b0')).toBeUndefined();
    expect(big.appliedResult('b19')).toBeDefined();
  });
});
