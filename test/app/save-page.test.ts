import { describe, it, expect } from 'vitest';
import { createAppStore } from '../../src/app/store';
import { savePage } from '../../src/background/save-page';

function durable() {
  const calls = { flushes: 0 };
  return { calls, ready: Promise.resolve({ flush: async () => void calls.flushes++ }) };
}

describe('savePage', () => {
  it('adds the page with domain and words, then flushes', async () => {
    const db = createAppStore();
    const { calls, ready } = durable();
    expect(await savePage(db, ready, 'https://www.example.com/post', 'A Post')).toBe(true);
    const [page] = db.pages.toArray();
    expect([page.url, page.title, page.domain, page.words, page.status]).toEqual([
      'https://www.example.com/post',
      'A Post',
      'example.com',
      ['a', 'post', 'example', 'com'],
      'unread',
    ]);
    expect(calls.flushes).toBe(1);
  });

  it('uses the address as title for a link without text', async () => {
    const db = createAppStore();
    await savePage(db, durable().ready, 'https://example.com/x', undefined);
    expect(db.pages.toArray()[0].title).toBe('https://example.com/x');
  });

  it('leaves an address that is already saved alone', async () => {
    const db = createAppStore();
    const { calls, ready } = durable();
    await savePage(db, ready, 'https://example.com/x', 'First');
    expect(await savePage(db, ready, 'https://example.com/x', 'Second')).toBe(false);
    expect(db.pages.toArray().map((p) => p.title)).toEqual(['First']);
    expect(calls.flushes).toBe(1);
  });

  it('leaves the same article alone when its address differs only by fragment or tracking parameters', async () => {
    const db = createAppStore();
    const { ready } = durable();
    await savePage(db, ready, 'https://example.com/x?utm_source=newsletter', 'First');
    expect(await savePage(db, ready, 'https://example.com/x#section-2', 'Second')).toBe(false);
    expect(await savePage(db, ready, 'https://example.com/x?fbclid=123', 'Third')).toBe(false);
    expect(db.pages.toArray().map((p) => [p.url, p.title])).toEqual([['https://example.com/x?utm_source=newsletter', 'First']]);
  });

  it('saves nothing for browser pages or a missing address', async () => {
    const db = createAppStore();
    const { ready } = durable();
    expect(await savePage(db, ready, 'chrome://newtab/', 'New tab')).toBe(false);
    expect(await savePage(db, ready, undefined, 'Nothing')).toBe(false);
    expect(db.pages.count()).toBe(0);
  });

  it('waits for the store to be ready before writing', async () => {
    const db = createAppStore();
    let open: (value: { flush(): Promise<void> }) => void = () => undefined;
    const saving = savePage(db, new Promise((resolve) => (open = resolve)), 'https://example.com/', 'E');
    await Promise.resolve();
    expect(db.pages.count()).toBe(0);
    open({ flush: async () => undefined });
    expect(await saving).toBe(true);
    expect(db.pages.count()).toBe(1);
  });
});
