import { describe, expect, it } from 'vitest';
import { memoryDurability } from '../../src/bridge/applied';
import { MAX_DEPTH, nestedDeeperThan } from '../../src/bridge/limits';
import { createInbox, createOutbox } from '../../src/bridge/pieces';

/** Objects nested `levels` deep: level 0 is the outermost. */
function nested(levels: number, make: (inner: unknown) => unknown = (inner) => ({ x: inner })): unknown {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = make(value);
  return value;
}

describe('nestedDeeperThan', () => {
  it('accepts objects down to level 100, as the core stores them', () => {
    expect(nestedDeeperThan(nested(MAX_DEPTH + 1), MAX_DEPTH)).toBe(false);
  });

  it('refuses an object at level 101', () => {
    expect(nestedDeeperThan(nested(MAX_DEPTH + 2), MAX_DEPTH)).toBe(true);
  });

  it('counts arrays and objects alike, and an empty one too', () => {
    expect(nestedDeeperThan(nested(MAX_DEPTH + 1, (inner) => [inner]), MAX_DEPTH)).toBe(false);
    expect(nestedDeeperThan(nested(MAX_DEPTH + 1, (inner) => [{ a: inner }]), MAX_DEPTH)).toBe(true);
    // Objects at levels 0..99 around an empty array at level 100, then one level more.
    expect(nestedDeeperThan(nested(MAX_DEPTH, (inner) => ({ a: inner === 1 ? [] : inner })), MAX_DEPTH)).toBe(false);
    expect(nestedDeeperThan(nested(MAX_DEPTH + 1, (inner) => ({ a: inner === 1 ? [] : inner })), MAX_DEPTH)).toBe(true);
  });

  it('finds the deep member among many shallow ones', () => {
    const wide = Array.from({ length: 10_000 }, (_, i) => ({ i, tags: ['a'] }));
    expect(nestedDeeperThan(wide, MAX_DEPTH)).toBe(false);
    wide[7_000] = { i: 1, tags: nested(MAX_DEPTH + 5) as string[] };
    expect(nestedDeeperThan(wide, MAX_DEPTH)).toBe(true);
  });

  it('walks a value a million levels deep without recursion', () => {
    const deep = JSON.parse('['.repeat(1_000_000) + ']'.repeat(1_000_000));
    expect(nestedDeeperThan(deep, MAX_DEPTH)).toBe(true);
  });

  it('counts Dates, Maps and primitives as leaves', () => {
    expect(nestedDeeperThan(new Date(1), 0)).toBe(false);
    expect(nestedDeeperThan({ at: new Date(1), m: new Map([[1, { a: {} }]]) }, 1)).toBe(false);
    expect(nestedDeeperThan('text', 0)).toBe(false);
  });

  it('stops at a cycle (structured clone keeps them)', () => {
    const loop: unknown[] = [];
    loop.push(loop);
    expect(nestedDeeperThan(loop, MAX_DEPTH)).toBe(true);
  });
});

describe('the inbox of a port bounds what it holds unfinished', () => {
  const piece = (id: number, i: number, n: number, p = 'x') => ({ t: 'part', id, i, n, p });

  it('holds a few unfinished messages and refuses one more, dropping them all', () => {
    const inbox = createInbox({ transfers: 4, chars: 1_000 });
    for (let id = 1; id <= 4; id++) expect(inbox.accept(piece(id, 0, 2))).toBeUndefined();
    expect(inbox.held()).toEqual({ transfers: 4, chars: 4 });
    expect(inbox.accept(piece(5, 0, 2))).toEqual({ t: 'part', problem: 'more than 4 messages unfinished at once; the port dropped them' });
    expect(inbox.held()).toEqual({ transfers: 0, chars: 0 });
    // What was dropped is gone: its last piece completes nothing.
    expect(inbox.accept(piece(1, 1, 2))).toBeUndefined();
    expect(inbox.held()).toEqual({ transfers: 1, chars: 1 });
  });

  it('refuses pieces beyond its characters, dropping what it held', () => {
    const inbox = createInbox({ transfers: 4, chars: 1_000 });
    expect(inbox.accept(piece(1, 0, 3, 'a'.repeat(600)))).toBeUndefined();
    expect(inbox.accept(piece(2, 0, 3, 'b'.repeat(300)))).toBeUndefined();
    expect(inbox.held()).toEqual({ transfers: 2, chars: 900 });
    expect(inbox.accept(piece(1, 1, 3, 'c'.repeat(101)))).toEqual({ t: 'part', problem: 'more than 1000 characters unfinished at once; the port dropped them' });
    expect(inbox.held()).toEqual({ transfers: 0, chars: 0 });
  });

  it('counts a piece received twice once', () => {
    const inbox = createInbox({ transfers: 4, chars: 1_000 });
    inbox.accept(piece(1, 0, 2, 'a'.repeat(600)));
    inbox.accept(piece(1, 0, 2, 'a'.repeat(600)));
    expect(inbox.held()).toEqual({ transfers: 1, chars: 600 });
  });

  it('lets go of a message once it is whole', () => {
    const inbox = createInbox({ transfers: 4, chars: 1_000 });
    inbox.accept(piece(1, 0, 2, '{"t":'));
    expect(inbox.accept(piece(1, 1, 2, '"ping"}'))).toEqual({ t: 'ping' });
    expect(inbox.held()).toEqual({ transfers: 0, chars: 0 });
  });

  it("accepts a message as large as the limit, a page's largest request", () => {
    const inbox = createInbox({ transfers: 4, chars: 1_000 });
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
