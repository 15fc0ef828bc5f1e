// The one collection both sides share: a note per site, keyed by the site's origin.
import type { Schema } from '@ramify-db/core';

export interface Note {
  /** `https://example.com`: scheme, host and port, as `URL.origin` gives them. */
  origin: string;
  text: string;
  updatedAt: Date;
}

export type NotesSchema = { notes: Schema<Note, 'origin'> };

export const definitions: NotesSchema = {
  notes: { primaryKey: 'origin', indexes: ['updatedAt'] },
};
