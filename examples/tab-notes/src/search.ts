// The notes page's search: every word typed must appear in the site or the note, in any case.
import type { Doc } from '@ramify-db/core';
import type { Note } from './schema';

export const searchWords = (typed: string): string[] => typed.toLocaleLowerCase().split(/\s+/).filter((word) => word !== '');

export function matches(note: Doc<Note>, words: readonly string[]): boolean {
  if (words.length === 0) return true;
  const haystack = `${note.origin}\n${note.text}`.toLocaleLowerCase();
  return words.every((word) => haystack.includes(word));
}
