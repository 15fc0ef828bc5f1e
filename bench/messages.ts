// The reference workload of the Node benchmarks: 100,000 chat messages in four channels, and the
// Ramify store that holds them. The core benchmark and the peers benchmark share it, so both
// measure the same documents.
import { Ramify, type Schema } from '@ramify-db/core';

export interface Message {
  id: string;
  senderId: string;
  channelId: string;
  createdAt: Date;
  text: string;
  tags: string[];
  mentions: string[];
  metadata: { priority: string; readBy: string[] };
}

export const SIZE = 100_000;
export const CHANNELS = ['general', 'random', 'dev', 'support'];
export const PRIORITIES = ['low', 'normal', 'high'];
export const TAGS = ['bug', 'feature', 'question', 'urgent', 'idea'];
const EPOCH = Date.UTC(2024, 0, 1);

export const user = (n: number) => `user-${(n % 100) + 1}`;
export const at = (n: number) => new Date(EPOCH + n * 1000);

/** Message N of the workload; `revision` changes only its text (an edit). */
export function makeMessage(n: number, revision = 0): Message {
  const tags = [TAGS[n % 5]];
  if (n % 3 === 0) tags.push(TAGS[(n + 2) % 5]);
  const mentions = n % 4 === 0 ? [user(n * 7), user(n * 13)] : n % 4 === 1 ? [user(n * 7)] : [];
  const readBy = [user(n + 1), user(n + 3), user(n + 5)].slice(0, n % 4);
  return {
    id: `msg-${n}`,
    senderId: user(n),
    channelId: CHANNELS[n % 4],
    createdAt: at(n),
    text: `message ${n}, revision ${revision}`,
    tags,
    mentions,
    metadata: { priority: PRIORITIES[n % 3], readBy },
  };
}

export const makeMessages = (count: number, first = 0) => Array.from({ length: count }, (_, i) => makeMessage(first + i));

export const messageSchema: Schema<Message, 'id'> = {
  primaryKey: 'id',
  indexes: ['senderId', 'channelId', 'metadata.priority', 'createdAt'],
  multiEntry: ['mentions', 'tags', 'metadata.readBy'],
};

export function createRamify() {
  return new Ramify().createStore<{ messages: Schema<Message, 'id'> }>({ messages: messageSchema }).messages;
}

export type RamifyMessages = ReturnType<typeof createRamify>;
