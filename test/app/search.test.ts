import { describe, it, expect } from 'vitest';
import { isEmptySearch, parseSearch, searchClauses, searchText } from '../../src/app/search';

describe('parseSearch', () => {
  it('treats the word still being typed as a prefix', () => {
    expect(parseSearch('rust asy')).toEqual({ whole: ['rust'], prefix: 'asy' });
  });

  it('takes every word whole once a space follows', () => {
    expect(parseSearch('rust async ')).toEqual({ whole: ['rust', 'async'] });
  });

  it('uses the same tokens as saved pages', () => {
    expect(parseSearch('Crème, BRÛLÉE ')).toEqual({ whole: ['creme', 'brulee'] });
  });

  it('drops a prefix that a whole word already covers', () => {
    expect(parseSearch('react rea')).toEqual({ whole: ['react'] });
  });

  it('treats an emoji-only query as a real query', () => {
    expect(parseSearch('🦀')).toEqual({ whole: ['🦀'] });
    expect(isEmptySearch(parseSearch('🦀'))).toBe(false);
  });

  it('cuts words of scripts written without spaces, the last one as a prefix', () => {
    expect(parseSearch('タイトル')).toEqual({ whole: [], prefix: 'タイトル' });
    expect(parseSearch('日本語のタイトル ')).toEqual({ whole: ['日本語', 'の', 'タイトル'] });
  });

  it('keeps typing a word that ends with a vowel sign', () => {
    expect(parseSearch('हिन्दी')).toEqual({ whole: [], prefix: 'हिन्दी' });
  });

  it('is empty for blank input', () => {
    expect(isEmptySearch(parseSearch('  '))).toBe(true);
    expect(isEmptySearch(parseSearch('a'))).toBe(false);
  });
});

describe('searchClauses', () => {
  it('requires all whole words and the prefix', () => {
    expect(searchClauses({ whole: ['a', 'b'], prefix: 'c' })).toEqual([
      { path: 'words', op: 'allOf', args: [['a', 'b']] },
      { path: 'words', op: 'startsWith', args: ['c'] },
    ]);
  });

  it('has no clause for an empty search', () => {
    expect(searchClauses({ whole: [] })).toEqual([]);
  });
});

describe('searchText', () => {
  it('reads the search back', () => {
    expect(searchText({ whole: ['a', 'b'], prefix: 'c' })).toBe('a b c');
  });
});
