import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { foldText, pageWords, tokenize } from '../../src/app/words';

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

  it('finds the words of scripts written without spaces', () => {
    expect(tokenize('日本語のタイトル')).toEqual(['日本語', 'の', 'タイトル']);
    expect(tokenize('中文标题测试')).toEqual(['中文', '标题', '测试']);
    expect(tokenize('ภาษาไทยง่ายนิดเดียว')).toEqual(['ภาษา', 'ไทย', 'ง่าย', 'นิด', 'เดียว']);
  });

  it('keeps the vowel signs of scripts that need them and folds compatibility forms', () => {
    expect(tokenize('हिन्दी ＡＢＣ ﬁle デザイン 한국어')).toEqual(['हिन्दी', 'abc', 'file', 'デザイン', '한국어']);
  });

  it('keeps emoji as tokens, without variation selectors', () => {
    expect(tokenize('Rust🦀 is fun ❤️ 🇫🇷 👨‍👩‍👧')).toEqual(['rust', '🦀', 'is', 'fun', '❤', '🇫🇷', '👨‍👩‍👧']);
    expect(tokenize('🦀')).toEqual(['🦀']);
  });

  it('returns nothing for empty or separator-only text', () => {
    expect(tokenize('')).toEqual([]);
    expect(tokenize(' -- ,, ')).toEqual([]);
  });

  it('leaves out words longer than 40 characters', () => {
    expect(tokenize(`short ${'x'.repeat(41)}`)).toEqual(['short']);
  });

  it('stays bounded for a 100,000-character text', () => {
    const huge = Array.from({ length: 20_000 }, (_, i) => `w${i}`).join(' ');
    expect(tokenize(huge)).toHaveLength(64);
    expect(tokenize('x'.repeat(100_000))).toEqual([]);
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

  it('takes the words of the tags between the title and the address', () => {
    expect(pageWords('Servers', 'https://go.dev/blog', ['web', 'machine learning', 'servers'])).toEqual(['servers', 'web', 'machine', 'learning', 'go', 'dev', 'blog']);
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

  it('keeps at most 64 title words, 32 tag words and 32 address words', () => {
    const many = (prefix: string) => Array.from({ length: 100 }, (_, i) => `${prefix}${i}`);
    const words = pageWords(many('t').join(' '), `https://example.com/${many('a').join('/')}`, many('g'));
    expect(words.filter((w) => w.startsWith('t'))).toHaveLength(64);
    expect(words.filter((w) => w.startsWith('g'))).toHaveLength(32);
    expect(words.filter((w) => /^(a\d+|example|com)$/.test(w))).toHaveLength(32);
    expect(words).toHaveLength(128);
  });
});

describe('tokenize without the segmenter', () => {
  const segmenter = new Intl.Segmenter(undefined, { granularity: 'word' });
  const bySegmenter = (text: string) => {
    const seen = new Set<string>();
    for (const { segment, isWordLike } of segmenter.segment(text)) {
      if (!isWordLike) continue;
      for (const [part] of foldText(segment).matchAll(/[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu)) if (part.length <= 40) seen.add(part);
    }
    return [...seen].slice(0, 64);
  };
  // Marks come inside words, where text has them: an orphan mark after punctuation is no text.
  const alphabet = [...'abcXYZ019 .,-_\'’"/:;!?()[]&@#%+éüñçÅØßłđΩωжЯשعبʼ', 'हिन्दी', 'é', 'שָׁלוֹם', 'مُحَمَّد'];

  it('gives the tokens the segmenter gives, for text in scripts written with spaces', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...alphabet), { maxLength: 60 }), (chars) => {
        const text = chars.join('');
        expect(tokenize(text)).toEqual(bySegmenter(text));
      }),
      { numRuns: 3_000, seed: 12 },
    );
  });
});
