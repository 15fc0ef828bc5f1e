// The import over the real bridge (a fake runtime that serialises as Chrome does) to a store in a
// fake background whose disk the test controls: it can fail (PERSISTENCE_FAILED), hang (TIMEOUT)
// or never load (every request TIMEOUT).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { connect, disconnect } from '../../packages/bridge/src/connect';
import { serve } from '../../packages/bridge/src/serve';
import { memoryDurability, type Durability } from '../../packages/bridge/src/applied';
import type { RemoteStore } from '../../packages/bridge/src/remote-types';
import { createAppStore, type AppStore } from '../../src/app/store';
import { makePage } from '../../src/app/page';
import { jsonSource } from '../../src/app/records';
import type { AppSchema } from '../../src/app/schema';
import { RamifyError } from '@ramify-db/core';
import { runImport, type ImportHooks, type PagesTarget } from '../../src/options/import-run';
import { importSummary } from '../../src/options/import-report';
import { createFakeBrowser } from '../bridge/fake-runtime';
import { run, useFakeTime, visible } from '../bridge/harness';

type Disk = 'ok' | 'failing' | 'stuck';

interface World {
  store: AppStore;
  db: RemoteStore<AppSchema>;
  disk(mode: Disk): void;
}

let worlds: RemoteStore<AppSchema>[] = [];

function world(options: { maxMessageBytes?: number; neverLoads?: boolean } = {}): World {
  const store = createAppStore();
  let mode: Disk = 'ok';
  const records = memoryDurability();
  const durability: Durability = {
    ...records,
    flush: () => (mode === 'ok' ? Promise.resolve() : mode === 'failing' ? Promise.reject(new Error('disk full')) : new Promise<void>(() => undefined)),
  };
  const browser = createFakeBrowser({
    maxMessageBytes: options.maxMessageBytes,
    background(runtime) {
      serve(store, { runtime, persistence: options.neverLoads ? new Promise<Durability>(() => undefined) : durability, onError: () => undefined });
    },
  });
  const db = connect<AppSchema>({ runtime: browser.page('options.html'), visibility: visible(), onError: () => undefined });
  worlds.push(db);
  return { store, db, disk: (next) => (mode = next) };
}

const records = (count: number, from = 0) => Array.from({ length: count }, (_, i) => ({ url: `https://e.com/${from + i}`, title: `Page ${from + i}` }));
const importJson = (w: World, list: unknown[], hooks: ImportHooks = {}) => run(runImport(w.db.pages, jsonSource(JSON.stringify(list)), hooks));

beforeEach(() => useFakeTime());
afterEach(() => {
  for (const db of worlds) disconnect(db);
  worlds = [];
  vi.useRealTimers();
});

describe('runImport', () => {
  it('adds every good record, in batches of 1,000, and reports progress after each', async () => {
    const w = world();
    const seen: number[] = [];
    const { progress, end } = await importJson(w, records(2_500), { onProgress: (p) => seen.push(p.done) });
    expect(end).toEqual({ kind: 'finished' });
    expect([progress.added, progress.known, progress.problems]).toEqual([2_500, 0, []]);
    expect(seen).toEqual([1_000, 2_000, 2_500]);
    expect(w.store.pages.count()).toBe(2_500);
    expect(importSummary(progress, end)).toBe('Imported 2,500 pages.');
  });

  it('gives a fresh id to a later record with the id of an earlier one, and keeps both', async () => {
    const w = world();
    const { progress } = await importJson(w, [
      { id: 'same', url: 'https://a.example/' },
      { id: 'same', url: 'https://b.example/' },
    ]);
    expect([progress.added, progress.problems]).toEqual([2, []]);
    expect(w.store.pages.get('same')?.url).toBe('https://a.example/');
    expect(w.store.pages.where('url').equals('https://b.example/').first()?.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('does the same for the pair split across two batches', async () => {
    const w = world();
    const list = [{ id: 'same', url: 'https://a.example/' }, ...records(999), { id: 'same', url: 'https://b.example/' }];
    const { progress } = await importJson(w, list);
    expect([progress.added, progress.problems]).toEqual([1_001, []]);
  });

  it('refuses a record that is the same page as an earlier one of the file, naming it', async () => {
    const w = world();
    const { progress, end } = await importJson(w, [
      { url: 'https://e.com/a?utm_source=mail' },
      { url: 'https://e.com/a?utm_source=mail' },
      { url: 'https://e.com/a#comments' },
    ]);
    expect(progress.problems.map((p) => `${p.label}: ${p.reason}`)).toEqual([
      'Record 2: repeats the url of record 1',
      'Record 3: is the same page as record 1 (the addresses differ only by #fragment or tracking parameters)',
    ]);
    expect(importSummary(progress, end)).toBe('Imported 1 page. 2 rejected (see below).');
  });

  it('leaves pages already in the library as they are, and gives a taken id a fresh one', async () => {
    const w = world();
    w.store.pages.add(makePage({ id: 'taken', url: 'https://e.com/saved?fbclid=1', title: 'Saved before' }));
    const { progress, end } = await importJson(w, [
      { url: 'https://e.com/saved', title: 'Again' },
      { id: 'taken', url: 'https://e.com/new', title: 'New' },
    ]);
    expect([progress.added, progress.known]).toEqual([1, 1]);
    expect(w.store.pages.get('taken')?.title).toBe('Saved before');
    expect(w.store.pages.where('url').equals('https://e.com/new').first()?.id).not.toBe('taken');
    expect(importSummary(progress, end)).toBe('Imported 1 page. 1 was already in the library.');
  });

  it('checks a batch again when a page of it was saved meanwhile, and counts that one as known', async () => {
    const w = world();
    let saved = false;
    const { progress, end } = await importJson(w, records(3), {
      async beforeWrite() {
        if (saved) return;
        saved = true;
        w.store.pages.add(makePage({ url: 'https://e.com/1', title: 'Saved in the popup' }));
      },
    });
    expect(end).toEqual({ kind: 'finished' });
    expect([progress.added, progress.known, progress.problems]).toEqual([2, 1, []]);
    expect(w.store.pages.where('url').equals('https://e.com/1').first()?.title).toBe('Saved in the popup');
  });

  it('puts an error about one record of a batch on that record and writes the others', async () => {
    const store = createAppStore();
    let refused = false;
    // The calls an import makes, on a store whose first bulkAdd refuses its second document.
    const pages: PagesTarget = {
      where: (path) => ({
        anyOf: (values) => ({
          toArray: async () => store.pages.where(path).anyOf(values).toArray(),
          keys: async () => store.pages.where(path).anyOf(values).keys(),
        }),
      }),
      async bulkAdd(docs) {
        if (!refused) {
          refused = true;
          throw Object.assign(new RamifyError('INVALID_DOCUMENT', 'collection "pages": bulkAdd(): a value that cannot be stored'), { index: 1, key: docs[1].id });
        }
        return store.pages.bulkAdd(docs);
      },
      bulkGet: async (keys) => store.pages.bulkGet(keys),
    };
    const { progress, end } = await runImport(pages, jsonSource(JSON.stringify(records(3))));
    expect(end).toEqual({ kind: 'finished' });
    expect(progress.problems).toEqual([{ index: 1, label: 'Record 2', reason: 'collection "pages": bulkAdd(): a value that cannot be stored' }]);
    expect(store.pages.toArray().map((p) => p.url)).toEqual(['https://e.com/0', 'https://e.com/2']);
  });

  it('stops on PERSISTENCE_FAILED with the real error, never calling the written pages duplicates', async () => {
    const w = world();
    w.disk('failing');
    const { progress, end } = await importJson(w, records(30));
    expect(end).toMatchObject({ kind: 'stopped', written: 'all', error: { code: 'PERSISTENCE_FAILED' } });
    expect([progress.added, progress.known, progress.problems]).toEqual([30, 0, []]);
    expect(w.store.pages.count()).toBe(30);
    expect(importSummary(progress, end)).toBe(
      'The import stopped after 0 of 30 records: the reading list could not save to disk (pages.bulkAdd: applied, but not saved to IndexedDB: disk full). Imported 30 pages. Those include records 1 to 30: they are in the library but not yet saved to disk, and the reading list keeps trying to save them. Import the file again to add the rest: pages already imported are recognised and skipped.',
    );
  });

  it('stops after the batch that failed and leaves the rest of the file alone', async () => {
    const w = world();
    let batches = 0;
    const { progress, end } = await importJson(w, records(2_500), {
      async beforeWrite() {
        if (++batches === 2) w.disk('failing');
      },
    });
    expect(end).toMatchObject({ kind: 'stopped', written: 'all', batch: 1_000 });
    expect([progress.done, progress.added]).toEqual([2_000, 2_000]);
    expect(w.store.pages.count()).toBe(2_000);
    expect(importSummary(progress, end)).toMatch(/^The import stopped after 1,000 of 2,500 records: .* Imported 2,000 pages\. Those include records 1,001 to 2,000: /);
  });

  it('reads back a write that timed out and reports it written when it was', async () => {
    const w = world();
    w.disk('stuck');
    const { progress, end } = await importJson(w, records(5));
    expect(end).toMatchObject({ kind: 'stopped', written: 'all', error: { code: 'TIMEOUT' } });
    expect([progress.added, progress.problems]).toEqual([5, []]);
    expect(importSummary(progress, end)).toBe(
      'The import stopped after 0 of 5 records: the reading list did not answer in time. Imported 5 pages. Those include records 1 to 5, written although the reading list did not confirm it. Import the file again to add the rest: pages already imported are recognised and skipped.',
    );
  });

  it('says the batch was not imported when the browser refused to send it', async () => {
    const w = world({ maxMessageBytes: 20_000 });
    const { progress, end } = await importJson(w, records(200));
    expect(end).toMatchObject({ kind: 'stopped', written: 'none', error: { code: 'SEND_FAILED' } });
    expect([progress.added, progress.problems]).toEqual([0, []]);
    expect(w.store.pages.count()).toBe(0);
    expect(importSummary(progress, end)).toMatch(/^The import stopped after 0 of 200 records: the request could not be posted: .*\. Imported 0 pages\. Records 1 to 200 were not imported\. Import the file again/);
  });

  it('says it could not tell when the library cannot be asked either', async () => {
    const w = world();
    const { progress, end } = await importJson(w, records(3), {
      async beforeWrite() {
        disconnect(w.db);
      },
    });
    expect(end).toMatchObject({ kind: 'stopped', written: 'unknown', error: { code: 'DISCONNECTED' }, checkError: { code: 'DISCONNECTED' } });
    expect([progress.added, progress.problems]).toEqual([0, []]);
    expect(importSummary(progress, end)).toMatch(
      /^The import stopped after 0 of 3 records: the connection to the reading list was lost \(.+\)\. Imported 0 pages\. Whether records 1 to 3 were imported could not be checked \(the connection to the reading list was lost \(.+\)\): the table shows what is there\. /,
    );
  });

  it('writes nothing and says so when the library never loads', async () => {
    const w = world({ neverLoads: true });
    const { progress, end } = await importJson(w, records(3));
    expect(end).toMatchObject({ kind: 'stopped', written: 'none', error: { code: 'TIMEOUT' } });
    expect(progress.added).toBe(0);
  });

  it('tells the journal which batch it is about to write', async () => {
    const w = world();
    const writes: { ids: number; end: number; known: number; rejected: number; added: number }[] = [];
    w.store.pages.add(makePage({ url: 'https://e.com/3' }));
    await importJson(w, [...records(1_200), { title: 'no url' }], {
      async beforeWrite(progress, writing) {
        writes.push({ ids: writing.ids.length, end: writing.end, known: writing.known, rejected: writing.rejected, added: progress.added });
      },
    });
    expect(writes).toEqual([
      { ids: 999, end: 1_000, known: 1, rejected: 0, added: 0 },
      { ids: 200, end: 1_201, known: 0, rejected: 1, added: 999 },
    ]);
  });

  it('stops before the next batch when cancelled', async () => {
    const w = world();
    let cancelled = false;
    const { progress, end } = await importJson(w, records(2_500), { onProgress: () => (cancelled = true), isCancelled: () => cancelled });
    expect(end).toEqual({ kind: 'cancelled' });
    expect([progress.done, progress.added]).toEqual([1_000, 1_000]);
    expect(importSummary(progress, end)).toBe(
      'Import cancelled after 1,000 of 2,500 records. Imported 1,000 pages. Import the file again to add the rest: pages already imported are recognised and skipped.',
    );
  });
});
