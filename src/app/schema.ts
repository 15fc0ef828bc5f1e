// The reading list's data model: one schema type shared by the background (which owns the store)
// and the pages (which reach it through the bridge), so both sides are typed from the same source.
import type { Schema } from '@ramify-db/core';

export const STATUSES = ['unread', 'read', 'archived'] as const;
export type Status = (typeof STATUSES)[number];

export interface Page {
  id: string;
  url: string;
  title: string;
  domain: string;
  tags: string[];
  status: Status;
  createdAt: Date;
  updatedAt: Date;
  /** Search tokens from the title, the tags and the url (see `pageWords`). */
  words: string[];
  /** The title as it sorts (see `titleKey`). */
  titleKey: string;
  /** The url without fragment and tracking parameters: what the duplicate check compares (see `urlKey`). */
  urlKey: string;
}

/**
 * An import in progress, written before each batch, so that the next time the options page opens
 * it can tell what an import cut short by a closed tab did. Deleted when the import ends.
 */
export interface ImportJournal {
  id: string;
  /** The file's name. */
  file: string;
  startedAt: Date;
  updatedAt: Date;
  /** Records in the file. */
  total: number;
  /** Records handled by the batches known to be written, and what became of them. */
  done: number;
  added: number;
  known: number;
  rejected: number;
  /** The batch being written: if its pages are in the library, it was written. */
  writing: { ids: string[]; end: number; known: number; rejected: number } | null;
}

export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

export const BADGE_COUNTS = ['unread', 'all', 'none'] as const;
export type BadgeCount = (typeof BADGE_COUNTS)[number];

/** Preferences live in one document so a page can observe them with one query. */
export interface Settings {
  id: 'preferences';
  theme: Theme;
  badge: BadgeCount;
}

export const SETTINGS_ID = 'preferences';
export const DEFAULT_SETTINGS: Settings = { id: SETTINGS_ID, theme: 'system', badge: 'unread' };

export type AppSchema = {
  pages: Schema<Page, 'id'>;
  settings: Schema<Settings, 'id'>;
  imports: Schema<ImportJournal, 'id'>;
};

export const appSchema: AppSchema = {
  pages: {
    primaryKey: 'id',
    // Every column the library table sorts or filters by is indexed, so a table page is an
    // indexed walk with offset/limit, never a scan. Nothing more: each index costs time at every
    // start of the background, when the store is rebuilt from IndexedDB. `urlKey` is the duplicate
    // check of every save path; it is not unique, because libraries saved before it existed may
    // hold two pages with one key, and a unique index would refuse to load the second.
    indexes: ['titleKey', 'domain', 'status', 'createdAt', 'urlKey'],
    multiEntry: ['tags', 'words'],
    unique: ['url'],
  },
  settings: { primaryKey: 'id' },
  imports: { primaryKey: 'id' },
};

/** The IndexedDB database the background persists to. */
export const DATABASE_NAME = 'ramify-reading-list';
/**
 * Its version: 1 had pages without `titleKey` and `urlKey`, and `words` from the title and the
 * address only; 2 derives them all again (see src/background/migrate.ts).
 */
export const DATABASE_VERSION = 2;
