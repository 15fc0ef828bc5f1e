// A library as version 1 of the extension stored it (no titleKey, no urlKey, words from title and
// address only: "日本語のタイトル" one token, tags not searched), for the upgrade tests in Node
// and in Chromium.
import type { Schema } from '@ramify-db/core';

export interface Version1Page {
  id: string;
  url: string;
  title: string;
  domain: string;
  tags: string[];
  status: 'unread' | 'read' | 'archived';
  createdAt: Date;
  updatedAt: Date;
  words: string[];
}

export const version1Schema: { pages: Schema<Version1Page, 'id'>; settings: Schema<{ id: string; theme: string; badge: string }, 'id'> } = {
  pages: { primaryKey: 'id', indexes: ['title', 'domain', 'status', 'createdAt'], multiEntry: ['tags', 'words'], unique: ['url'] },
  settings: { primaryKey: 'id' },
};

const page = (id: string, url: string, title: string, tags: string[], words: string[], day: number): Version1Page => {
  const at = new Date(Date.UTC(2024, 4, day));
  return { id, url, title, domain: new URL(url).hostname, tags, status: 'unread', createdAt: at, updatedAt: at, words };
};

/** Newest first. */
export const VERSION1_PAGES: Version1Page[] = [
  page('jp', 'https://example.jp/a', '日本語のタイトル', [], ['日本語のタイトル', 'example', 'jp', 'a'], 6),
  page('tagged', 'https://example.com/t', 'Servers', ['web'], ['servers', 'example', 'com', 't'], 5),
  page('c10', 'https://example.com/c10', 'Chapter 10', [], ['chapter', '10', 'example', 'com', 'c10'], 4),
  page('c2', 'https://example.com/c2', 'chapter 2', [], ['chapter', '2', 'example', 'com', 'c2'], 3),
  // Two addresses of one article, both saved before the duplicate check knew they are one page.
  page('twin1', 'https://example.com/post?utm_source=mail', 'Post', [], ['post', 'example', 'com'], 2),
  page('twin2', 'https://example.com/post#comments', 'Post again', [], ['post', 'again', 'example', 'com'], 1),
];
