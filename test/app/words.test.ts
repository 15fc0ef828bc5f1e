import { describe, it, expect } from 'vitest';
import { pageWords, tokenize } from '../../src/app/words';

describe('tokenize', () => {
  it('lowercases and splits on anything that is not a letter or digit', () => {
    expect(tokenize('Hello, World! TypeScript-5.4')).toEqual(['hello', 'world', 'typescript', '5', '4']);
  });

  it('drops accents so a search without them still matches', () => {
    expect(tokenize('Crème Brûlée à la carte')).toEqual(['creme', 'brulee', 'a', 'la', 'carte']);
  });

  it('keeps each word once, in order of first appearance', () => {
    expect(tokenize('to be or not to be')).toEqual(['to', 'be', 'or', 'not']);
  });

  it('keeps letters of any script', () => {
    expect(tokenize('Привет мир 東京')).toEqual(['привет', 'мир', '東京']);
  });

  it('returns nothing for empty or separator-only text', () => {
    expect(tokenize('')).toEqual([]);
    expect(tokenize(' -- ,, ')).toEqual([]);
  });

  it('leaves out words longer than 40 characters', () => {
    expect(tokenize(`short ${'x'.repeat(41)}`)).toEqual(['short']);
  });
});

describe('pageWords', () => {
  it('takes the title words, then host and path words of the address', () => {
    expect(pageWords('Intro to IndexedDB', 'https://developer.mozilla.org/en-US/docs/IndexedDB_API')).toEqual([
      'intro',
      'to',
      'indexeddb',
      'developer',
      'mozilla',
      'org',
      'en',
      'us',
      'docs',
      'api',
    ]);
  });

  it('leaves out the query string and words every address has', () => {
    expect(pageWords('', 'https://www.example.com/index.html?utm_source=feed')).toEqual(['example', 'com']);
  });

  it('decodes percent-escapes in the path', () => {
    expect(pageWords('', 'https://example.com/caf%C3%A9')).toEqual(['example', 'com', 'cafe']);
  });

  it('tokenizes an address that does not parse as text', () => {
    expect(pageWords('Notes', 'not a url')).toEqual(['notes', 'not', 'a', 'url']);
  });

  it('keeps at most 64 words', () => {
    const title = Array.from({ length: 100 }, (_, i) => `w${i}`).join(' ');
    expect(pageWords(title, 'https://example.com/')).toHaveLength(64);
  });
});
