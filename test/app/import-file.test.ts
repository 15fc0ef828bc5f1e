import { describe, it, expect } from 'vitest';
import { checkFileSize, readImportFile } from '../../src/app/import-file';

const html = (): Document => {
  throw new Error('parsed as HTML');
};

describe('readImportFile', () => {
  it('tells JSON, Pocket and Instapaper files apart by their content', () => {
    expect(readImportFile('\ufeff  [{"url":"https://e.com/"}]', html).kind).toBe('a JSON file');
    expect(readImportFile('{"pages":[]}', html).kind).toBe('a JSON file');
    expect(readImportFile('title,url,time_added,tags,status\n', html).kind).toBe('a Pocket export');
    expect(readImportFile('URL,Title,Selection,Folder,Timestamp,Tags\n', html).kind).toBe('an Instapaper export');
  });

  it('hands HTML to the page parser', () => {
    expect(() => readImportFile('<!DOCTYPE NETSCAPE-Bookmark-file-1>', html)).toThrow('parsed as HTML');
  });

  it('names the columns of a CSV file it does not know', () => {
    expect(() => readImportFile('name,link\nA,https://e.com/\n', html)).toThrow(
      'The file is neither JSON, a bookmarks HTML file, nor a Pocket or Instapaper CSV export (its first line has the columns: name, link).',
    );
  });

  it('refuses a file larger than an import reads', () => {
    expect(() => checkFileSize(150_000_000)).toThrow('The file is 150 MB; an import reads at most 100 MB. Split it into smaller files.');
    expect(() => checkFileSize(100_000_000)).not.toThrow();
  });
});
