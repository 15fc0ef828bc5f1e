// A bulk write that is a load rather than an edit (256 documents or more, at least a quarter of the
// collection) stops maintaining secondary indexes and lets the first query build each one. These
// tests hold every query to a scan of the documents across that switch and back.
import { describe, expect, it } from 'vitest';
import { Ramify, type Schema } from '@ramify-db/core';
import type { Message } from './fixtures';
import { expectIndexesConsistent, makeStore, sortKeys } from './fixtures';

function message(n: number, overrides: Partial<Message> = {}): Message {
  return {
    id: `m-${n}`,
    senderId: `user-${n % 7}`,
    channelId: ['general', 'dev', 'ops'][n % 3],
    createdAt: new Date(Date.UTC(2026, 0, 1) + n * 1000),
    tags: n % 2 ? ['a'] : ['a', 'b'],
    mentions: [`user-${n % 5}`],
    metadata: { priority: n % 3, readBy: n % 4 ? [`user-${n % 3}`] : [] },
    ...overrides,
  };
}

const load = (count: number, from = 0) => Array.from({ length: count }, (_, i) => message(from + i));

describe('indexes deferred by a bulk load', () => {
  it('answer every query after a large bulkAdd exactly as a scan does', () => {
    const db = makeStore();
    db.messages.bulkAdd(load(600));
    expectIndexesConsistent(db.messages);
  });

  it('stay consistent through writes made before any query built them', () => {
    const db = makeStore();
    db.messages.bulkAdd(load(400));
    db.messages.update('m-3', { senderId: 'user-99', tags: ['z'] });
    db.messages.delete('m-4');
    db.messages.add(message(1000, { channelId: 'new' }));
    db.messages.update('m-5', { id: 'm-5b' });
    expectIndexesConsistent(db.messages);
    expect(db.messages.where('senderId').equals('user-99').keys()).toEqual(['m-3']);
    expect(db.messages.where('channelId').equals('new').keys()).toEqual(['m-1000']);
  });

  it('stay consistent through writes made after a query built them', () => {
    const db = makeStore();
    db.messages.bulkAdd(load(300));
    expect(db.messages.where('channelId').equals('dev').count()).toBe(100);
    db.messages.update('m-1', { channelId: 'ops' });
    db.messages.bulkDelete(['m-2', 'm-3']);
    expect(db.messages.where('channelId').equals('dev').count()).toBe(99);
    expectIndexesConsistent(db.messages);
  });

  it('serve ranges and sorted walks once built', () => {
    const db = makeStore();
    db.messages.bulkAdd(load(500));
    const from = new Date(Date.UTC(2026, 0, 1) + 10_000);
    const to = new Date(Date.UTC(2026, 0, 1) + 20_000);
    expect(db.messages.where('createdAt').between(from, to).count()).toBe(10);
    expect(db.messages.sortBy('createdAt').reverse().limit(2).keys()).toEqual(['m-499', 'm-498']);
  });

  it('are left as they were by a large bulk write that fails', () => {
    const db = makeStore();
    db.messages.bulkAdd(load(300));
    const before = db.messages.where('senderId').equals('user-1').keys();
    expect(() => db.messages.bulkAdd([...load(299, 300), message(0)])).toThrow(expect.objectContaining({ code: 'DUPLICATE_KEY' }));
    expect(db.messages.count()).toBe(300);
    expect(sortKeys(db.messages.where('senderId').equals('user-1').keys())).toEqual(sortKeys(before));
    expectIndexesConsistent(db.messages);
  });

  it('are kept up to date by bulk writes small relative to the collection', () => {
    const db = makeStore();
    db.messages.bulkAdd(load(1000));
    expect(db.messages.where('senderId').equals('user-1').count()).toBe(143);
    db.messages.bulkAdd(load(256, 1000));
    expect(db.messages.where('senderId').equals('user-1').count()).toBe(180);
    expect(db.messages.where('tags').equals('b').count()).toBe(628);
    expect(db.messages.where('metadata.readBy').equals('user-0').count()).toBe(db.messages.filter((m) => m.metadata.readBy.includes('user-0')).count());
  });

  it('still check unique indexes on every write of a load', () => {
    const store = new Ramify().createStore<{ pages: Schema<{ id: number; url: string; status: string }, 'id'> }>({
      pages: { primaryKey: 'id', indexes: ['status'], unique: ['url'] },
    });
    const pages = Array.from({ length: 300 }, (_, i) => ({ id: i, url: `https://x/${i}`, status: i % 2 ? 'read' : 'unread' }));
    pages[299] = { ...pages[299], url: 'https://x/0' };
    expect(() => store.pages.bulkAdd(pages)).toThrow(expect.objectContaining({ code: 'UNIQUE_VIOLATION' }));
    expect(store.pages.count()).toBe(0);
    store.pages.bulkAdd(pages.slice(0, 299));
    expect(store.pages.where('url').equals('https://x/7').keys()).toEqual([7]);
    expect(store.pages.where('status').equals('read').count()).toBe(149);
  });
});
