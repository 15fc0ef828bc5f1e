import { describe, expect, it } from 'vitest';
import { MAX_DEPTH, nestedDeeperThan } from '../../src/bridge/limits';

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
