import { describe, it, expect } from 'vitest';
import type { ImportJournal, Page } from '../../src/app/schema';
import { makePage } from '../../src/app/page';
import { interruptedNotice, runningNotice } from '../../src/options/import-journal';

const journal = (writing: ImportJournal['writing']): ImportJournal => ({
  id: 'j1',
  file: 'pocket.csv',
  startedAt: new Date('2025-06-01T10:02:00Z'),
  updatedAt: new Date('2025-06-01T10:03:00Z'),
  total: 42_000,
  done: 4_000,
  added: 3_990,
  known: 8,
  rejected: 2,
  writing,
});

const library = (ids: string[]) => ({
  bulkGet: async (keys: string[]) => keys.map((key) => (ids.includes(key) ? makePage({ id: key, url: `https://e.com/${key}` }) : undefined)) as (Page | undefined)[],
});
const after = (text: string) => text.slice(text.indexOf(' was interrupted') + 1);

describe('interruptedNotice', () => {
  it('counts the batch being written when its pages are in the library', async () => {
    const text = await interruptedNotice(library(['a', 'b']), journal({ ids: ['a', 'b'], end: 5_000, known: 997, rejected: 1 }));
    expect(text).toMatch(/^The import of “pocket\.csv” started Jun 1, 2025 at \d+:\d\d [AP]M was interrupted/);
    expect(after(text)).toBe(
      'was interrupted when its page closed, after 5,000 of 42,000 records. Imported 3,992 pages. 1,005 were already in the library. 3 rejected. Import the file again to add the rest: pages already imported are recognised and skipped.',
    );
  });

  it('leaves the batch out when none of its pages is there', async () => {
    const text = await interruptedNotice(library([]), journal({ ids: ['a', 'b'], end: 5_000, known: 0, rejected: 0 }));
    expect(after(text)).toBe(
      'was interrupted when its page closed, after 4,000 of 42,000 records. Imported 3,990 pages. 8 were already in the library. 2 rejected. Import the file again to add the rest: pages already imported are recognised and skipped.',
    );
  });

  it('says how much of the batch is there when only part of it is', async () => {
    const text = await interruptedNotice(library(['a']), journal({ ids: ['a', 'b'], end: 5_000, known: 0, rejected: 0 }));
    expect(after(text)).toContain('Imported 3,990 pages. 8 were already in the library. 2 rejected. 1 of the 2 new pages of records 4,001 to 5,000 is in the library.');
  });

  it('says so when the library cannot be asked', async () => {
    const failing = { bulkGet: async (): Promise<(Page | undefined)[]> => Promise.reject(new Error('gone')) };
    const text = await interruptedNotice(failing, journal({ ids: ['a'], end: 5_000, known: 0, rejected: 0 }));
    expect(after(text)).toContain('2 rejected. Whether records 4,001 to 5,000 were imported could not be checked. Import the file again');
  });

  it('reads a journal with no batch in flight as it is', async () => {
    const text = await interruptedNotice(library([]), journal(null));
    expect(after(text)).toMatch(/^was interrupted when its page closed, after 4,000 of 42,000 records\. Imported 3,990 pages\./);
  });
});

describe('runningNotice', () => {
  it('tells how far an import in another tab has come', () => {
    expect(runningNotice(journal(null))).toMatch(/^The import of “pocket\.csv” started Jun 1, 2025 at .+ is running in another tab: 4,000 of 42,000 records so far\.$/);
  });
});
