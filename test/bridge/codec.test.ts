import { describe, expect, it } from 'vitest';
import { RamifyError } from '@ramify-db/core';
import { ERROR_CODES } from '@ramify-db/core/internal';
import { decode, encode, encodeError } from '../../packages/bridge/src/codec';

/** Through Chrome's JSON messaging and back. */
function viaJSON(value: unknown): unknown {
  const { value: v, meta } = encode(value);
  const message = JSON.parse(JSON.stringify({ v, x: meta }));
  return decode(message.v, message.x);
}

/** Through Firefox's structured clone and back. */
function viaClone(value: unknown): unknown {
  const { value: v, meta } = encode(value);
  const message = structuredClone({ v, x: meta });
  return decode(message.v, message.x);
}

describe('codec: values survive JSON messaging', () => {
  it('keeps a Date a Date with the same time', () => {
    const out = viaJSON({ at: new Date(1_700_000_000_123) }) as { at: Date };
    expect(out.at).toBeInstanceOf(Date);
    expect(out.at.getTime()).toBe(1_700_000_000_123);
  });

  it('keeps an invalid Date invalid', () => {
    const out = viaJSON([new Date(NaN)]) as Date[];
    expect(out[0]).toBeInstanceOf(Date);
    expect(out[0].getTime()).toBeNaN();
  });

  it('keeps a Date beyond year 9999', () => {
    const time = Date.UTC(12345, 5, 6);
    expect((viaJSON(new Date(time)) as Date).getTime()).toBe(time);
  });

  it('keeps a field whose value is undefined, as a present undefined field', () => {
    const out = viaJSON({ a: 1, b: undefined }) as Record<string, unknown>;
    expect(Object.keys(out).sort()).toEqual(['a', 'b']);
    expect(out.b).toBeUndefined();
  });

  it('leaves an absent field absent', () => {
    expect(Object.keys(viaJSON({ a: 1 }) as object)).toEqual(['a']);
  });

  it('keeps undefined in arrays instead of null', () => {
    expect(viaJSON([1, undefined, null])).toEqual([1, undefined, null]);
    expect((viaJSON([undefined]) as unknown[])[0]).toBeUndefined();
  });

  it('keeps a top-level undefined', () => {
    expect(viaJSON(undefined)).toBeUndefined();
  });

  it('keeps NaN, Infinity, -Infinity and -0', () => {
    const out = viaJSON([NaN, Infinity, -Infinity, -0, 0]) as number[];
    expect(out[0]).toBeNaN();
    expect(out[1]).toBe(Infinity);
    expect(out[2]).toBe(-Infinity);
    expect(Object.is(out[3], -0)).toBe(true);
    expect(Object.is(out[4], 0)).toBe(true);
  });

  it('keeps a BigInt, which JSON.stringify would refuse', () => {
    expect(viaJSON({ big: 12345678901234567890n })).toEqual({ big: 12345678901234567890n });
  });

  it('keeps Maps and Sets with their special members', () => {
    const out = viaJSON({ m: new Map<unknown, unknown>([['d', new Date(5)], [1, undefined]]), s: new Set([NaN, 'x']) }) as { m: Map<unknown, unknown>; s: Set<unknown> };
    expect(out.m).toBeInstanceOf(Map);
    expect((out.m.get('d') as Date).getTime()).toBe(5);
    expect(out.m.has(1)).toBe(true);
    expect([...out.s]).toEqual([NaN, 'x']);
  });

  it('keeps nested special values at every depth', () => {
    const value = { a: [{ b: { c: [new Date(1), undefined, { d: NaN }] } }] };
    expect(viaJSON(value)).toEqual(value);
  });

  it('keeps an own __proto__ field as data', () => {
    const value = JSON.parse('{"__proto__": {"x": 1}, "d": null}') as Record<string, unknown>;
    value.d = new Date(7);
    const out = viaJSON(value) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toEqual({ x: 1 });
    expect((out.d as Date).getTime()).toBe(7);
  });

  it('gives the same values over structured clone as over JSON', () => {
    const value = { at: new Date(3), gone: undefined, list: [undefined, NaN, -0], big: 2n, set: new Set([1]) };
    expect(viaClone(value)).toEqual(viaJSON(value));
    expect(viaClone(value)).toEqual(value);
  });
});

describe('codec: encoding cost', () => {
  it('does not copy a document without Dates, BigInt, Map, Set or Error', () => {
    const doc = { id: 'a', tags: ['x'], nested: { n: NaN, gone: undefined } };
    expect(encode(doc).value).toBe(doc);
  });

  it('sends a Date as its time value, in a copy of its parents only', () => {
    const untouched = { n: 1 };
    const doc = { at: new Date(5), nested: { at: new Date(6) }, untouched };
    const out = encode(doc).value as Record<string, unknown>;
    expect(out).toEqual({ at: 5, nested: { at: 6 }, untouched });
    expect(out.untouched).toBe(untouched);
    expect(doc.at).toBeInstanceOf(Date);
  });

  it('lists nothing for a value JSON keeps exactly', () => {
    expect(encode({ a: 'x', b: [1, 2, { c: null }], d: true }).meta).toBeUndefined();
  });

  it('copies only the parents of a BigInt', () => {
    const untouched = { n: 1 };
    const doc = { big: 1n, untouched };
    const out = encode(doc).value as typeof doc;
    expect(out).not.toBe(doc);
    expect(out.untouched).toBe(untouched);
    expect(doc.big).toBe(1n);
  });
});

describe('codec: what cannot travel', () => {
  it.each([
    ['a function', { a: { f: () => 1 } }, 'a.f'],
    ['a symbol', [Symbol('s')], '0'],
    ['a class instance', { at: new (class Point {})() }, 'at'],
  ])('refuses %s with INVALID_ARGUMENT naming the path', (_, value, field) => {
    expect(() => encode(value)).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT', field }));
  });

  it('refuses a cycle', () => {
    const a: Record<string, unknown> = { id: 1 };
    a.self = { back: a };
    expect(() => encode(a)).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'self.back' }));
  });

  it('accepts the same object twice when it is not a cycle', () => {
    const shared = { at: new Date(2) };
    expect(viaJSON({ a: shared, b: shared })).toEqual({ a: shared, b: shared });
  });
});

describe('codec: errors', () => {
  it('turns a RamifyError back into a RamifyError with code, collection, field, value and message', () => {
    const error = new RamifyError('DUPLICATE_KEY', 'collection "pages": key exists', { collection: 'pages', field: 'id', value: 'p1' });
    const out = viaJSON(error) as RamifyError;
    expect(out).toBeInstanceOf(RamifyError);
    expect(out).toMatchObject({ name: 'RamifyError', code: 'DUPLICATE_KEY', collection: 'pages', field: 'id', value: 'p1', message: 'collection "pages": key exists' });
  });

  it('keeps the position, key and cause of a bulk error', () => {
    const cause = new RamifyError('INVALID_KEY', 'bad key', { value: NaN });
    const error = new RamifyError('INVALID_KEY', 'bulkAdd: item #2', { cause, index: 2, key: NaN });
    const out = viaJSON(error) as RamifyError & { cause: RamifyError };
    expect(out.index).toBe(2);
    expect(out.key).toBeNaN();
    expect(out.cause).toBeInstanceOf(RamifyError);
    expect(out.cause.code).toBe('INVALID_KEY');
    expect(out.cause.value).toBeNaN();
  });

  it('keeps the extra fields of an error', () => {
    const error = Object.assign(new TypeError('boom'), { status: 404, detail: { at: new Date(5) } });
    expect(viaJSON(error)).toMatchObject({ name: 'TypeError', message: 'boom', status: 404, detail: { at: new Date(5) } });
  });

  it('turns a code this side does not know into INTERNAL, naming the code in the message', () => {
    const error = Object.assign(new Error('from a newer background'), { name: 'RamifyError', code: 'QUOTA_SOON', collection: 'pages' });
    const out = viaJSON(error) as RamifyError;
    expect(out).toBeInstanceOf(RamifyError);
    expect(out).toMatchObject({ name: 'RamifyError', code: 'INTERNAL', collection: 'pages', message: 'from a newer background (code "QUOTA_SOON")' });
  });

  it('keeps every code of every layer', () => {
    const codes = Object.values(ERROR_CODES).flat();
    expect(codes.map((code) => (viaJSON(new RamifyError(code, code)) as RamifyError).code)).toEqual(codes);
  });

  it('keeps the name and message of a plain error', () => {
    const out = viaJSON(new TypeError('boom')) as Error;
    expect(out).toBeInstanceOf(Error);
    expect(out.name).toBe('TypeError');
    expect(out.message).toBe('boom');
  });

  it('describes what cannot travel in an error instead of failing', () => {
    const error = new RamifyError('INVALID_DOCUMENT', 'not data', { value: () => 1 });
    const { value, meta } = encodeError(error);
    const out = decode(JSON.parse(JSON.stringify(value)), JSON.parse(JSON.stringify(meta))) as RamifyError;
    expect(out.code).toBe('INVALID_DOCUMENT');
    expect(out.value).toBe('[function value]');
  });
});

describe('codec: malformed meta', () => {
  it.each([
    ['meta that is not a list', 'x'],
    ['an entry that is not a list', [5]],
    ['an unknown tag', [['?']]],
    ['a path that leads nowhere', [['D', 'a', 'b', 'c']]],
  ])('rejects %s with BAD_REQUEST', (_, meta) => {
    expect(() => decode({ a: 1 }, meta)).toThrowError(expect.objectContaining({ code: 'BAD_REQUEST' }));
  });
});

describe('codec: hostile meta never reaches a prototype', () => {
  const prototypesClean = () => {
    expect(Object.getOwnPropertyNames(Object.prototype).filter((name) => ['evil', 'x', 'k'].includes(name))).toEqual([]);
    expect(Object.getOwnPropertyNames(Array.prototype).filter((name) => ['evil', 'x', 'k'].includes(name))).toEqual([]);
  };

  it.each<[string, unknown, unknown[][], string]>([
    ['__proto__ as the last segment', {}, [['I', '__proto__', 'evil']], '["I","__proto__","evil"]'],
    ['__proto__ inside an array path', { a: [1] }, [['N', 'a', '__proto__', 'k']], '["N","a","__proto__","k"]'],
    ['__proto__ as the only segment', {}, [['N', '__proto__', 'x']], '["N","__proto__","x"]'],
    ['constructor.prototype', {}, [['u', 'constructor', 'prototype', 'x']], '["u","constructor","prototype","x"]'],
    ['an own constructor field', JSON.parse('{"constructor": {"x": 1}}'), [['u', 'constructor', 'x']], '["u","constructor","x"]'],
    ['an own __proto__ field', JSON.parse('{"__proto__": {"x": 1}}'), [['u', '__proto__', 'x']], '["u","__proto__","x"]'],
    ['prototype as the last segment', { a: {} }, [['I', 'a', 'prototype']], '["I","a","prototype"]'],
  ])('refuses a path through %s with BAD_REQUEST naming the entry', (_, value, meta, entry) => {
    expect(() => decode(value, meta)).toThrowError(
      expect.objectContaining({ name: 'RamifyError', code: 'BAD_REQUEST', message: `malformed value encoding: a path through a reserved name: ${entry}` }),
    );
    prototypesClean();
  });

  it('follows own properties only: an inherited method is no place to patch', () => {
    expect(() => decode({}, [['D', 'toString', 'name']])).toThrowError(
      expect.objectContaining({ code: 'BAD_REQUEST', message: 'malformed value encoding: a path leads nowhere: ["D","toString","name"]' }),
    );
    expect(Object.prototype.toString.name).toBe('toString');
  });

  it("refuses an array's length and indices past its end", () => {
    expect(() => decode({ a: [1] }, [['N', 'a', 'length']])).toThrowError(expect.objectContaining({ code: 'BAD_REQUEST' }));
    expect(() => decode({ a: [1] }, [['u', 'a', 5]])).toThrowError(expect.objectContaining({ code: 'BAD_REQUEST' }));
    expect(() => decode({ a: [1] }, [['u', 'a', 0.5]])).toThrowError(expect.objectContaining({ code: 'BAD_REQUEST' }));
  });

  it('refuses a path into a value revived by an earlier entry', () => {
    expect(() => decode({ m: [[1, 2]] }, [['M', 'm'], ['N', 'm', 0, 1]])).toThrowError(expect.objectContaining({ code: 'BAD_REQUEST' }));
  });

  it('decodes the next message normally after refusing a hostile one', () => {
    expect(() => decode({}, [['N', '__proto__', 'x']])).toThrowError(expect.objectContaining({ code: 'BAD_REQUEST' }));
    expect(decode({ a: null }, [['N', 'a']])).toEqual({ a: NaN });
    prototypesClean();
  });

  it.each<[string, unknown, unknown[][]]>([
    ['a BigInt over a string that is not a number', 'twelve', [['B']]],
    ['a Map whose entries are not pairs', [1, 2], [['M']]],
    ['a Date over a string', 'today', [['D']]],
  ])('refuses %s with BAD_REQUEST, not a bare SyntaxError or TypeError', (_, value, meta) => {
    expect(() => decode(value, meta)).toThrowError(expect.objectContaining({ name: 'RamifyError', code: 'BAD_REQUEST' }));
  });

  it('does not copy the own fields of a decoded error named like a prototype', () => {
    const error = decode(JSON.parse('{"name":"Error","message":"m","constructor":1,"__proto__":{"evil":1}}'), [['E']]) as Error;
    expect(error).toBeInstanceOf(Error);
    expect(Object.getPrototypeOf(error)).toBe(Error.prototype);
    expect(Object.hasOwn(error, 'constructor')).toBe(false);
    expect((error as unknown as Record<string, unknown>).evil).toBeUndefined();
  });
});

describe('codec: own fields only', () => {
  it('ignores inherited enumerable fields when encoding', () => {
    const proto = Object.prototype as Record<string, unknown>;
    proto.inherited = new Date(1);
    try {
      const doc = { a: 1 };
      const encoded = encode(doc);
      expect(encoded.value).toBe(doc);
      expect(encoded.meta).toBeUndefined();
    } finally {
      delete proto.inherited;
    }
  });

  it('sends JSON values under reserved field names as own data', () => {
    const value = JSON.parse('{"constructor": {"x": [1]}, "__proto__": 2, "prototype": null, "at": 0}') as Record<string, unknown>;
    value.at = new Date(4);
    const out = viaJSON(value) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(['constructor', '__proto__', 'prototype', 'at']);
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toBe(2);
    expect(out.constructor).toEqual({ x: [1] });
    expect((out.at as Date).getTime()).toBe(4);
  });

  it('refuses to send a special value under a reserved field name, which could not be restored', () => {
    const doc = { id: 'a', nested: {} as Record<string, unknown> };
    Object.defineProperty(doc.nested, 'constructor', { value: new Date(1), enumerable: true });
    expect(() => encode(doc)).toThrowError(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'nested.constructor', message: 'cannot send a Date at "nested.constructor": a field named "constructor" can hold only JSON values' }),
    );
  });

  it('describes such a value inside an error instead of failing', () => {
    const value = JSON.parse('{"__proto__": 0}') as Record<string, unknown>;
    Object.defineProperty(value, '__proto__', { value: undefined, enumerable: true });
    const { value: v, meta } = encodeError(new RamifyError('INVALID_DOCUMENT', 'bad', { value }));
    const out = decode(JSON.parse(JSON.stringify(v)), JSON.parse(JSON.stringify(meta ?? null)) ?? undefined) as RamifyError;
    expect(out.code).toBe('INVALID_DOCUMENT');
    expect(Object.getOwnPropertyDescriptor(out.value, '__proto__')?.value).toBe('[undefined]');
  });
});

/** An object nested `levels` deep: { x: { x: ... { x: leaf } } }, built without recursion. */
function nested(levels: number, leaf: unknown = 1): unknown {
  let value = leaf;
  for (let i = 0; i < levels; i++) value = { x: value };
  return value;
}

describe('codec: depth', () => {
  it('encodes a document nested 100 levels inside the arguments of a bulk write', () => {
    const doc = nested(100, new Date(3));
    expect(viaJSON({ a: [[doc]] })).toEqual({ a: [[doc]] });
  });

  it('refuses a value nested 100,000 levels deep with INVALID_ARGUMENT, not a RangeError', () => {
    expect(() => encode({ a: [nested(100_000)] })).toThrowError(
      expect.objectContaining({ name: 'RamifyError', code: 'INVALID_ARGUMENT', message: expect.stringMatching(/^cannot send an Object at "a\.0\.x\.x\.x.*": it is nested too deep \(documents and values may nest 100 levels\)$/) }),
    );
  });
});

describe('codec: encodeError answers for any error', () => {
  const roundTrip = (error: unknown) => {
    const { value, meta } = encodeError(error);
    const text = JSON.stringify({ v: value, x: meta });
    const parsed = JSON.parse(text) as { v: unknown; x: unknown };
    return decode(parsed.v, parsed.x ?? undefined) as RamifyError;
  };

  it('cuts a value nested 100,000 levels deep where it passes the limit', () => {
    const out = roundTrip(new RamifyError('INVALID_DOCUMENT', 'too deep', { value: nested(100_000) }));
    expect(out).toMatchObject({ code: 'INVALID_DOCUMENT', message: 'too deep' });
    let value = out.value as { x: unknown };
    let depth = 0;
    while (value !== null && typeof value === 'object') {
      value = value.x as { x: unknown };
      depth++;
    }
    expect(value).toBe('[an Object nested too deep]');
    expect(depth).toBeLessThanOrEqual(104);
  });

  it('describes a cycle in its details', () => {
    const loop: Record<string, unknown> = { id: 1 };
    loop.self = loop;
    expect(roundTrip(new RamifyError('INTERNAL', 'cycle', { value: loop })).value).toEqual({ id: 1, self: '[an Object that contains itself]' });
  });

  it('keeps code and message when a field of its details has a getter that throws', () => {
    const value = { ok: 1, get bad(): never {
      throw new Error('no access');
    } };
    expect(roundTrip(new RamifyError('INTERNAL', 'getter', { value: { before: [new Date(1)], inner: value } })).value).toEqual({
      before: [new Date(1)],
      inner: '[unreadable: no access]',
    });
  });

  it('keeps the code when the error itself has getters that throw', () => {
    const error = new RamifyError('INTERNAL', 'original');
    Object.defineProperty(error, 'message', { get: () => { throw new Error('no message'); } });
    Object.defineProperty(error, 'extra', { enumerable: true, get: () => { throw new Error('no extra'); } });
    expect(roundTrip(error)).toMatchObject({ code: 'INTERNAL', message: '[unreadable: no message]', extra: '[unreadable: no extra]' });
  });

  it('describes a revoked Proxy instead of throwing', () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(roundTrip(new RamifyError('INTERNAL', 'proxy', { value: proxy })).value).toMatch(/^\[unreadable: /);
  });

  it('encodes a thrown value that is not an error, whatever it is', () => {
    const hostile = { toString: () => { throw new Error('no string'); } };
    expect(roundTrip(hostile)).toMatchObject({ name: 'Error', message: '[a value that cannot be described]' });
    expect(roundTrip('plain text')).toMatchObject({ name: 'Error', message: 'plain text' });
    expect(roundTrip(nested(100_000))).toMatchObject({ name: 'Error' });
  });
});
