import { describe, it, expect } from 'vitest';
import { domainOf, saveableUrl } from '../../src/app/url';

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
