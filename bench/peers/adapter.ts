// What the peers benchmark asks of every database: one adapter per database, each written the way
// that database's documentation shows, over the same messages (bench/messages.ts).
import type { Message } from '../messages';

/** A value, or a promise of it: asynchronous databases answer with promises. */
export type Maybe<T> = T | PromiseLike<T>;
export type Rows = readonly unknown[];

/** A message as plain data with `createdAt` in epoch milliseconds: what the correctness guard compares. */
export interface PlainMessage {
  id: string;
  senderId: string;
  channelId: string;
  createdAt: number;
  text: string;
  tags: string[];
  mentions: string[];
  metadata: { priority: string; readBy: string[] };
}

export const plainMessage = (message: Message): PlainMessage => ({ ...message, createdAt: message.createdAt.getTime() });

/** One database holding the messages, with the indexes of the workload it can have. */
export interface PeerStore {
  /** Loads documents into the empty store, the way the database is meant to be bulk loaded. */
  load(docs: Message[]): Maybe<unknown>;
  get(id: string): Maybe<unknown>;
  /** Equality on `channelId`; any order. */
  inChannel(channel: string): Maybe<Rows>;
  /** Messages whose `tags` contain `tag`; any order. */
  taggedWith(tag: string): Maybe<Rows>;
  /** `from <= createdAt < to`; any order. */
  createdBetween(from: Date, to: Date): Maybe<Rows>;
  /** The newest `limit` messages, newest first. */
  newest(limit: number): Maybe<Rows>;
  setText(id: string, text: string): Maybe<unknown>;
  /** Updates `senderId`, an indexed field. */
  setSender(id: string, senderId: string): Maybe<unknown>;
  add(doc: Message): Maybe<unknown>;
  remove(id: string): Maybe<unknown>;
  /** A live query: the messages of `channel` by `createdAt`, oldest first; calls back with each new result. */
  observeChannel?(channel: string, callback: (rows: Rows) => void): Maybe<() => void>;
  /** A live window: the newest `limit` messages, newest first. */
  observeNewest?(limit: number, callback: (rows: Rows) => void): Maybe<() => void>;
  /** Builds the indexes the database leaves to the first query that needs each (Ramify, after a bulk load). */
  buildIndexes?(): void;
  close(): Maybe<void>;
}

export interface Peer {
  name: string;
  /** A new, empty store with the workload's indexes. */
  create(): Promise<PeerStore>;
  /** One row of a result (or `get`'s answer) as plain data. */
  plain(row: unknown): PlainMessage;
  /** The id of one row of a result, a live one included. */
  idOf(row: unknown): string;
  /** What an app using the database this way imports: module → names (`default` for a default export). */
  imports: Record<string, readonly string[]>;
  /** Where its answers or its way of doing an operation differ from Ramify's, for the notes under the table. */
  notes: string;
}
