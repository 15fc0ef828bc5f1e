// The options page's table view as a query description. Filters combine as clauses of one query
// (every clause must match), so each table page is one indexed query with offset and limit.
import type { QueryJson } from '@ramify-db/core';
import type { Page, Status } from './schema';
import { searchClauses, type PageClause, type Search } from './search';

export const SORT_COLUMNS = ['title', 'domain', 'status', 'createdAt'] as const;
export type SortColumn = (typeof SORT_COLUMNS)[number];

export interface LibraryFilter {
  status?: Status | undefined;
  tag?: string | undefined;
  domain?: string | undefined;
  search?: Search | undefined;
}

/** The indexed field each column sorts by: titles in a human order (see `titleKey`). */
const SORT_FIELDS = { title: 'titleKey', domain: 'domain', status: 'status', createdAt: 'createdAt' } as const satisfies Record<SortColumn, string>;

export interface LibrarySort {
  column: SortColumn;
  descending: boolean;
}

export function libraryClauses(filter: LibraryFilter): PageClause[] {
  const where: PageClause[] = filter.search ? searchClauses(filter.search) : [];
  if (filter.tag) where.push({ path: 'tags', op: 'equals', args: [filter.tag] });
  if (filter.domain) where.push({ path: 'domain', op: 'equals', args: [filter.domain] });
  if (filter.status) where.push({ path: 'status', op: 'equals', args: [filter.status] });
  return where;
}

export function libraryQuery(filter: LibraryFilter, sort: LibrarySort, offset: number, limit: number): QueryJson<Page, 'id'> {
  return {
    collection: 'pages',
    where: libraryClauses(filter),
    sortBy: SORT_FIELDS[sort.column],
    ...(sort.descending ? { reverse: true } : {}),
    offset,
    limit,
  };
}

/** The query counting the matches of `filter` (no order, no window). */
export function libraryCountQuery(filter: LibraryFilter): QueryJson<Page, 'id'> {
  return { collection: 'pages', where: libraryClauses(filter) };
}
