// Junk a hostile page can post, as fast-check arbitraries: envelopes with a defect, codec meta
// aiming at prototypes, values nested far too deep, long ids, malformed pieces. Each knows whether
// the background can answer it (a text id) or must report it to onError.
import fc from 'fast-check';
import { COLLECTION_CALLS } from '../../packages/bridge/src/api';
import type { BridgePort } from '../../packages/bridge/src/runtime';

/** A junk message as JSON text, and whether the background can answer it (a text id) or must report it. */
export interface Junk {
  text: string;
  /** The id to answer, or undefined when the message has none to answer. */
  id: string | undefined;
  /** How it may travel: as an object or as the text of a piece, as the object it is (a piece itself), or only as text (too deep for JSON.stringify). */
  travels: 'either' | 'whole' | 'piece';
}

const deep = (levels: number) => '['.repeat(levels) + '0' + ']'.repeat(levels);
const json = (value: unknown) => JSON.stringify(value);
const RESERVED = ['__proto__', 'constructor', 'prototype'];

const segment = fc.oneof(fc.constantFrom(...RESERVED, 'a', '0', 'x', 'length', 'toString'), fc.nat({ max: 3 }), fc.string({ maxLength: 6 }));
const tag = fc.constantFrom('D', 'u', 'N', 'I', 'i', 'z', 'B', 'M', 'S', 'E', '?', '');

/** Codec meta entries, each sure to be refused: a reserved name, a path that leads nowhere, an unknown tag... */
const badEntry = fc.oneof(
  // A path through a reserved name, wherever it is.
  fc.tuple(tag, fc.array(segment, { maxLength: 3 }), fc.constantFrom(...RESERVED), fc.array(segment, { maxLength: 3 })).map(([t, before, reserved, after]) => [t, 'a', ...before, reserved, ...after]),
  // Through fields the payload does not have.
  fc.tuple(tag, fc.array(segment, { maxLength: 4 })).map(([t, rest]) => [t, 'nowhere', ...rest]),
  // An unknown tag at the root.
  fc.constantFrom([['?']], [['']], [[5]], [[null]]).map((entry) => entry[0]),
  // A BigInt, Map or Date at the root: the payload is an object.
  fc.constantFrom(['B'], ['M'], ['D']),
  // Entries that are not lists.
  fc.constantFrom(5, 'D', null, {}, []),
);

const payload = fc.constantFrom({ a: [] }, { a: ['p00001'] }, { a: [{ id: 'p00009' }] });

/** A call, observe or subscribe with one defect that the background must refuse. */
const defect = fc.oneof(
  fc.record({ t: fc.oneof(fc.string({ maxLength: 8 }).filter((t) => !['call', 'observe', 'subscribe', 'unsub', 'ping', 'part'].includes(t)), fc.constantFrom(5, null, true, [1], { t: 'call' })) }),
  fc.record({ t: fc.constant('call'), c: fc.constantFrom(5, null, ['pages'], { c: 1 }, 'nope', '__proto__', 'constructor'), m: fc.constant('count'), v: payload }),
  fc.record({ t: fc.constant('call'), c: fc.constant('pages'), m: fc.oneof(fc.constantFrom(5, null, 'transaction', 'constructor', '__proto__', 'toString', 'filter'), fc.string({ maxLength: 8 }).filter((m) => !Object.hasOwn(COLLECTION_CALLS, m))), v: payload }),
  fc.record({ t: fc.constant('call'), c: fc.constant('pages'), m: fc.constantFrom('count', 'clear', 'put', 'get'), v: payload, x: fc.oneof(fc.constantFrom('x', 5, {}, { 0: ['D'] }), fc.array(badEntry, { minLength: 1, maxLength: 3 })) }),
  fc.record({ t: fc.constant('call'), c: fc.constant('pages'), m: fc.constantFrom('count', 'clear', 'delete'), v: fc.constantFrom(null, 5, 'v', [], { a: 'x' }, { a: [], q: 'all' }, { a: [1, 2, 3] }, { a: [], q: { where: [], filter: 1 } }) }),
  fc.record({ t: fc.constant('observe'), c: fc.constantFrom('pages', 'nope', 5), v: fc.constantFrom({ a: [] }, null, { a: [], q: 5 }, { a: [], q: { where: 'x' } }) }),
  fc.record({ t: fc.constant('subscribe'), c: fc.constantFrom(5, null, 'nope', '__proto__') }),
);

/** Noise in fields nobody reads. */
const noise = fc.dictionary(
  fc.string({ maxLength: 6 }).filter((key) => !['t', 'id', 'c', 'm', 'v', 'x', 'p', 'i', 'n', 'problem'].includes(key)),
  fc.jsonValue({ maxDepth: 2 }),
  { maxKeys: 3 },
);

/** What a page may put where the id belongs: text (answered) or anything else (reported). */
const idKind = fc.constantFrom('uuid', 'uuid', 'uuid', 'long', 'missing', 'number', 'null', 'object');

function withId(kind: string, counter: number): { id?: unknown; answer: string | undefined } {
  switch (kind) {
    case 'uuid':
      return { id: `f-${counter}`, answer: `f-${counter}` };
    case 'long':
      return { id: `${'L'.repeat(70)}-${counter}`, answer: `${'L'.repeat(70)}-${counter}` };
    case 'missing':
      return { answer: undefined };
    case 'number':
      return { id: counter, answer: undefined };
    case 'null':
      return { id: null, answer: undefined };
    default:
      return { id: { id: `f-${counter}` }, answer: undefined };
  }
}

let counter = 0;

/** One junk message of any class; `next` numbers them so that ids never repeat. */
export const junk: fc.Arbitrary<Junk> = fc.oneof(
  // Not an object at all.
  fc.constantFrom('null', '5', '"call"', 'true', '[]', '[{"t":"call","id":"x"}]').map((text): Junk => ({ text, id: undefined, travels: 'either' })),
  // An envelope with a defect (one id kind or another).
  fc.tuple(defect, idKind, noise).map(([message, kind, extra]) => {
    const { id, answer } = withId(kind, ++counter);
    // Without a text id, even a long one, the background has nobody to answer.
    return { text: json({ ...extra, ...message, ...(id === undefined ? {} : { id }) }), id: answer, travels: 'either' } satisfies Junk;
  }),
  // An otherwise good request with an argument or a query nested too deep.
  fc.tuple(fc.constantFrom('add', 'get', 'bulkPut', 'toArray', 'observe'), fc.integer({ min: 103, max: 20_000 })).map(([method, levels]) => {
    const id = `f-${++counter}`;
    const text =
      method === 'toArray' || method === 'observe'
        ? `{"t":"${method === 'observe' ? 'observe' : 'call'}","id":"${id}","c":"pages","m":"toArray","v":{"a":[],"q":{"where":[{"path":"status","op":"anyOf","args":${deep(levels)}}]}}}`
        : `{"t":"call","id":"${id}","c":"pages","m":"${method}","v":{"a":[${method === 'bulkPut' ? `[${deep(levels)}]` : deep(levels)}]}}`;
    return { text, id, travels: levels < 2_000 ? 'either' : 'piece' } satisfies Junk;
  }),
  // A malformed piece: its fields, or its text.
  fc
    .record({
      id: fc.oneof(fc.nat(), fc.constantFrom('1', null, 1.5)),
      i: fc.oneof(fc.nat({ max: 3 }), fc.constantFrom(-1, 0.5, 2 ** 32, null)),
      n: fc.oneof(fc.nat({ max: 3 }), fc.constantFrom(2 ** 32, 1.5, -1, 65_537, null)),
      p: fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom(5, null)),
    })
    .filter(({ id, i, n, p }) => !(typeof id === 'number' && Number.isInteger(i) && Number.isInteger(n) && (n as number) >= 1 && (n as number) <= 65_536 && (i as number) >= 0 && (i as number) < (n as number) && typeof p === 'string'))
    .map((part): Junk => ({ text: json({ t: 'part', ...part }), id: undefined, travels: 'whole' })),
  // A whole piece whose text is no message.
  fc.constantFrom('{"t":', 'null', '12', '"text"', '[1]', '{"t":"part","id":1,"i":0,"n":1,"p":"{}"}').map((p): Junk => ({ text: json({ t: 'part', id: 1e9 + ++counter, i: 0, n: 1, p }), id: undefined, travels: 'whole' })),
);

let transfers = 0;

/** Posts junk whole, as the object it is, or as the text of one piece (the only way to send what is very deep). */
export function postJunk(port: BridgePort, message: Junk, asPiece: boolean): void {
  if (message.travels === 'whole' || (message.travels === 'either' && !asPiece)) port.postMessage(JSON.parse(message.text));
  else port.postMessage({ t: 'part', id: 2e9 + ++transfers, i: 0, n: 1, p: message.text });
}
