// What the user typed in a search box, as clauses on the `words` index. Words already finished
// must all be among a page's words (allOf); the word still being typed (no space after it yet)
// matches as a prefix, so results narrow with every key press.
import type { ClauseJson } from '@ramify-db/core';
import type { Page } from './schema';
import { tokenize } from './words';

export interface Search {
  whole: string[];
  prefix?: string;
}

export function parseSearch(input: string): Search {
  const tokens = tokenize(input);
  const typing = tokens.length > 0 && /[\p{L}\p{N}\p{M}]$/u.test(input);
  if (!typing) return { whole: tokens };
  const prefix = tokens[tokens.length - 1];
  const whole = tokens.slice(0, -1);
  // "news news" is one word; so is a prefix of a word already given in full.
  if (whole.some((word) => word.startsWith(prefix))) return { whole };
  return { whole, prefix };
}

export function isEmptySearch(search: Search): boolean {
  return search.whole.length === 0 && search.prefix === undefined;
}

/** Typed by the pages' paths: a typo in a path or an argument of the wrong type fails to compile. */
export type PageClause = ClauseJson<Page, 'id'>;

export function searchClauses(search: Search): PageClause[] {
  const where: PageClause[] = [];
  if (search.whole.length > 0) where.push({ path: 'words', op: 'allOf', args: [search.whole] });
  if (search.prefix !== undefined) where.push({ path: 'words', op: 'startsWith', args: [search.prefix] });
  return where;
}

/** The search as the user would read it back. */
export function searchText(search: Search): string {
  return [...search.whole, ...(search.prefix === undefined ? [] : [search.prefix])].join(' ');
}
