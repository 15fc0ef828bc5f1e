import { describe, it, expect } from 'vitest';
import { domainOf, saveableUrl, urlKey } from '../../src/app/url';

describe('saveableUrl', () => {
  it('normalises http and https addresses', () => {
    expect(saveableUrl('  HTTPS://Example.COM/a b ')).toBe('https://example.com/a%20b');
  });

  it('accepts local files', () => {
    expect(saveableUrl('file:///home/me/notes.html')).toBe('file:///home/me/notes.html');
  });

  it('refuses browser and extension pages', () => {
    expect(saveableUrl('chrome://extensions')).toBeUndefined();
    expect(saveableUrl('about:blank')).toBeUndefined();
    expect(saveableUrl('moz-extension://1234/popup.html')).toBeUndefined();
  });

  it('refuses scripts and text that is no address', () => {
    expect(saveableUrl('javascript:alert(1)')).toBeUndefined();
    expect(saveableUrl('example.com')).toBeUndefined();
    expect(saveableUrl('')).toBeUndefined();
  });
});

describe('domainOf', () => {
  it('is the host without www', () => {
    expect(domainOf('https://www.example.com/page')).toBe('example.com');
  });

  it('keeps other subdomains', () => {
    expect(domainOf('https://blog.example.com/')).toBe('blog.example.com');
  });

  it('is "file" for local files', () => {
    expect(domainOf('file:///tmp/a.html')).toBe('file');
  });
});

describe('urlKey', () => {
  it('drops the fragment', () => {
    expect(urlKey('https://example.com/post#comments')).toBe('https://example.com/post');
  });

  it('drops utm_* and well-known click ids, keeping the other parameters in their order', () => {
    expect(urlKey('https://example.com/post?utm_source=news&id=7&fbclid=abc&UTM_Medium=mail&gclid=x&b=2')).toBe('https://example.com/post?id=7&b=2');
    expect(urlKey('https://example.com/p?mc_eid=1&mc_cid=2&igshid=3&ref_src=twsrc%5Etfw&msclkid=4&_hsenc=5&yclid=6')).toBe('https://example.com/p');
  });

  it('drops the question mark when no parameter is left', () => {
    expect(urlKey('https://example.com/post?utm_campaign=spring')).toBe('https://example.com/post');
  });

  it('keeps parameters that may pick content, however they look', () => {
    expect(urlKey('https://github.com/o/r/blob/x?ref=main&source=feed&q=a+b')).toBe('https://github.com/o/r/blob/x?ref=main&source=feed&q=a+b');
  });

  it('keeps a fragment that is a route of a single-page app', () => {
    expect(urlKey('https://mail.example.com/#/inbox/42')).toBe('https://mail.example.com/#/inbox/42');
    expect(urlKey('https://old.example.com/#!/post/1')).toBe('https://old.example.com/#!/post/1');
  });

  it('gives the same key to every address of one article', () => {
    const keys = ['https://example.com/a', 'https://example.com/a#top', 'https://example.com/a?utm_source=x', 'https://example.com/a?fbclid=1#c'].map(urlKey);
    expect(new Set(keys)).toEqual(new Set(['https://example.com/a']));
  });

  it('keeps a parameter whose name is not valid percent-encoding', () => {
    expect(urlKey('https://example.com/a?%E0%A4%A=1&utm_x=2')).toBe('https://example.com/a?%E0%A4%A=1');
  });
});
