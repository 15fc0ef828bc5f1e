import { describe, expect, it } from 'vitest';
import { freezeValue, frozenDate } from '@ramify-db/core/internal';

describe('freezeValue', () => {
  it('freezes a decoded value all the way down', () => {
    const value = { a: [{ b: { c: 1 } }], d: frozenDate(1) };
    freezeValue(value);
    expect([Object.isFrozen(value), Object.isFrozen(value.a), Object.isFrozen(value.a[0]), Object.isFrozen(value.a[0].b)]).toEqual([true, true, true, true]);
    expect(() => value.d.setTime(2)).toThrowError(expect.objectContaining({ code: 'READ_ONLY' }));
  });

  it('walks own fields only: what an object inherits is not its data', () => {
    const proto = Object.prototype as Record<string, unknown>;
    const inherited = { x: 1 };
    proto.inherited = inherited;
    try {
      freezeValue({ a: { b: 1 } });
      expect(Object.isFrozen(inherited)).toBe(false);
    } finally {
      delete proto.inherited;
    }
  });
});
