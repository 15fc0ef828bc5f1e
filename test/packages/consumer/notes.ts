// The schema the consumer's program and extension share: notes per site.
import type { Schema } from '@ramify-db/core';

export interface Note {
  id: string;
  site: string;
  text: string;
  tags: string[];
  createdAt: Date;
}

export type NotesSchema = { notes: Schema<Note, 'id'> };

export const definitions: NotesSchema = {
  notes: { primaryKey: 'id', indexes: ['site', 'createdAt'], multiEntry: ['tags'] },
};
