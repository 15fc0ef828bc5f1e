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
  /** Search tokens from the title and the url (see `pageWords`). */
  words: string[];
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
};

export const appSchema: AppSchema = {
  pages: {
    primaryKey: 'id',
    // Every column the library table sorts or filters by is indexed, so a table page is an
    // indexed walk with offset/limit, never a scan. Nothing more: each index costs time at every
    // start of the background, when the store is rebuilt from IndexedDB.
    indexes: ['title', 'domain', 'status', 'createdAt'],
    multiEntry: ['tags', 'words'],
    unique: ['url'],
  },
  settings: { primaryKey: 'id' },
};

/** The IndexedDB database the background persists to. */
export const DATABASE_NAME = 'ramify-reading-list';
