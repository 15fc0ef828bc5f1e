// The wire protocol between pages (connect) and the background (serve), version 1.
//
// One long-lived port per page, named `<channel>/<version>`. Every message is a plain object with a
// one-letter-ish type `t`. Values that JSON would damage travel as `v` plus codec meta `x` (see
// codec.ts). A message too large for one postMessage travels as `part` messages (pieces.ts).
//
// page → background
//   call      { t, id, c, m, v: { a: args, q?: query }, x? }   a collection method (c = collection,
//             m = method), a query terminal (q present), or a store method (c = '')
//   observe   { t, id, c, v: { q }, x? }                         live query; id names the subscription
//   subscribe { t, id, c }                                       change events of a collection
//   unsub     { t, id }                                          ends observe / subscribe `id`
//   ping      { t }                                              keeps the background awake (every 20 s while visible)
// background → page
//   hello     { t, v: version }                                  the port was accepted
//   res       { t, id, v, x? }                                   result of call `id`
//   err       { t, id, v, x? }                                   error of call or subscription `id`
//   snap      { t, id, s: 0, pk, v, x? }                         live query: the whole result
//   delta     { t, id, s, o, v, x? }                             live query: changes since `s - 1`
//   event     { t, id, e, k }                                    change event: type and keys
//   fatal     { t, v, x? }                                       the port was refused (then cut)
// both ways
//   part      { t, id, i, n, p }                                 piece i of n of a large message
//   ping      { t }                                              ignored (a probe: is the port alive?)
//
// Values: `v` is posted as it is, except that Dates travel as time values and BigInt, Map, Set
// and Error as plain data; `x` lists where (codec.ts). Live deltas: live-delta.ts.
//
// Request ids come from crypto.randomUUID(). A page re-sends every unanswered call after a
// reconnect with the same id; the background answers a write it already applied from its record.
//
// What the background accepts from a page (depth, id length, unfinished pieces...) is bounded:
// limits.ts. A message it cannot use is answered BAD_REQUEST when it has a text id, and reported
// to serve's onError otherwise.
import type { ClauseJSON } from '@ramify-db/core';
import { clip } from '@ramify-db/core/internal';
import { COLLECTION_CALLS, QUERY_CALLS, STORE_CALLS, type CallSpec } from './api';
import type { Meta } from './codec';
import { MAX_ID_LENGTH, PORT_INBOX } from './limits';
import { partProblemText } from './pieces';

export const PROTOCOL_VERSION = 1;
export const DEFAULT_CHANNEL = 'ramify';

export function portName(channel: string): string {
  return `${channel}/${PROTOCOL_VERSION}`;
}

/** 'ours' for this channel and version, 'mismatch' for this channel in another version, else 'foreign'. */
export function classifyPort(name: string, channel: string): 'ours' | 'mismatch' | 'foreign' {
  if (name === portName(channel)) return 'ours';
  return name.startsWith(`${channel}/`) ? 'mismatch' : 'foreign';
}

/** A query as the page describes it: the core's clauses, or criteria the background expands. */
export interface WireQuery {
  /** Present when the page passed a description built by `query.toJSON()`: the core checks it names the collection. */
  collection?: string;
  where?: ClauseJSON[];
  criteria?: Record<string, unknown>;
  sortBy?: string;
  reverse?: boolean;
  offset?: number;
  limit?: number;
}

export interface CallPayload {
  a: unknown[];
  q?: WireQuery;
}

export interface CallMessage {
  t: 'call';
  id: string;
  c: string;
  m: string;
  v: unknown;
  x?: Meta;
}
export interface ObserveMessage {
  t: 'observe';
  id: string;
  c: string;
  v: unknown;
  x?: Meta;
}
export interface SubscribeMessage {
  t: 'subscribe';
  id: string;
  c: string;
}
export interface UnsubMessage {
  t: 'unsub';
  id: string;
}
export interface PingMessage {
  t: 'ping';
}
export interface PartMessage {
  t: 'part';
  id: number;
  i: number;
  n: number;
  p: string;
}

export type PageMessage = CallMessage | ObserveMessage | SubscribeMessage | UnsubMessage | PingMessage;

export interface HelloMessage {
  t: 'hello';
  v: number;
}
export interface ResultMessage {
  t: 'res' | 'err';
  id: string;
  v: unknown;
  x?: Meta;
}
export interface SnapshotMessage {
  t: 'snap';
  id: string;
  s: 0;
  /** The collection's key fields: its primary key, or the fields of a compound key. */
  pk: string[];
  v: unknown;
  x?: Meta;
}
export interface DeltaMessage {
  t: 'delta';
  id: string;
  s: number;
  /** Splices, see live-delta.ts. */
  o: number[];
  v: unknown;
  x?: Meta;
}
export interface EventMessage {
  t: 'event';
  id: string;
  e: string;
  k: unknown[];
}
export interface FatalMessage {
  t: 'fatal';
  v: unknown;
  x?: Meta;
}

export type BackgroundMessage = HelloMessage | ResultMessage | SnapshotMessage | DeltaMessage | EventMessage | FatalMessage;

/**
 * The description of method `method` called on the store (collection ''), a collection, or a
 * query; undefined when the background runs no such method there. Names come from api.ts.
 */
export function methodSpec(collection: string, method: string, isQuery: boolean): CallSpec | undefined {
  const table: Readonly<Record<string, CallSpec>> = collection === '' ? STORE_CALLS : isQuery ? QUERY_CALLS : COLLECTION_CALLS;
  return Object.hasOwn(table, method) ? table[method] : undefined;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** What a message's type is, for an error message: whatever a page put there, never thrown on. */
function typeName(t: unknown): string {
  if (typeof t === 'string') return JSON.stringify(clip(t, 40));
  if (t === null || typeof t === 'number' || typeof t === 'boolean' || t === undefined) return `(${String(t)})`;
  return Array.isArray(t) ? '(an array)' : `(${typeof t === 'object' ? 'an object' : `a ${typeof t}`})`;
}

/** A request id: crypto.randomUUID() in a page; anything longer than MAX_ID_LENGTH is refused. */
function idProblem(t: string, id: unknown): string | undefined {
  if (!isString(id) || id === '') return `${t} needs an id`;
  if (id.length > MAX_ID_LENGTH) return `${t} has an id longer than ${MAX_ID_LENGTH} characters`;
  return undefined;
}

/** Checks the envelope of a message from a page; the payload is checked when it is decoded. */
export function readPageMessage(message: unknown): PageMessage | string {
  if (!isObject(message)) return 'a message must be an object';
  switch (message.t) {
    case 'ping':
      return message as unknown as PingMessage;
    case 'unsub':
      return isString(message.id) ? (message as unknown as UnsubMessage) : 'unsub needs an id';
    case 'subscribe':
      if (!isString(message.c)) return 'subscribe needs an id and a collection';
      return idProblem(message.t, message.id) ?? (message as unknown as SubscribeMessage);
    case 'call':
    case 'observe': {
      const problem = idProblem(message.t, message.id);
      if (problem !== undefined) return problem;
      if (!isString(message.c)) return `${message.t} needs a collection name`;
      if (message.t === 'call' && !isString(message.m)) return 'call needs a method name';
      if (message.x !== undefined && !Array.isArray(message.x)) return `${message.t} has malformed codec meta`;
      return message as unknown as PageMessage;
    }
    case 'part': {
      // The inbox joins parts and names the malformed ones; a joined part holding a part is junk.
      const problem = partProblemText(message.problem, PORT_INBOX);
      return problem === undefined ? 'a part must hold a whole message' : `a malformed part: ${problem}`;
    }
    default:
      return `unknown message type ${typeName(message.t)}`;
  }
}

/** Checks a decoded call payload: `{ a: args, q?: query }`. */
export function readPayload(value: unknown): CallPayload | string {
  if (!isObject(value)) return 'the payload must be an object';
  if (!Array.isArray(value.a)) return 'the arguments must be an array';
  if (value.q !== undefined && !isObject(value.q)) return 'the query must be an object';
  return value as unknown as CallPayload;
}

export { isObject };
