import { describe, it, expect } from 'vitest';
import { addTag, parseTags, removeTag, MAX_TAGS } from '../../src/app/tags';

describe('parseTags', () => {
  it('splits on commas, trims and lowercases', () => {
    expect(parseTags(' Rust, web  dev ,JS')).toEqual(['rust', 'web dev', 'js']);
  });

  it('drops empty and repeated tags', () => {
    expect(parseTags('a,,A, a ,')).toEqual(['a']);
  });

  it('keeps at most 20 tags', () => {
    expect(parseTags(Array.from({ length: 30 }, (_, i) => `t${i}`).join(','))).toHaveLength(MAX_TAGS);
  });

  it('cuts tags at 40 characters', () => {
    expect(parseTags('x'.repeat(50))).toEqual(['x'.repeat(40)]);
  });
});

describe('addTag and removeTag', () => {
  it('adds a tag once, normalised', () => {
    expect(addTag(['a'], ' B ')).toEqual(['a', 'b']);
    expect(addTag(['a', 'b'], 'B')).toEqual(['a', 'b']);
  });

  it('removes a tag written in any case', () => {
    expect(removeTag(['a', 'web dev'], ' Web  Dev')).toEqual(['a']);
  });

  it('leaves the tags alone when the tag is absent', () => {
    expect(removeTag(['a'], 'z')).toEqual(['a']);
  });
});
