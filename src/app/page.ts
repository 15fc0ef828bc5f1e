// Building a page document: every path that saves a page (popup, context menu, command, import)
// goes through here, so the derived fields (`domain`, `words`, `titleKey`, `urlKey`) are always
// derived the same way, and every change of a field they come from derives them again.
import type { Page, Status } from './schema';
import { domainOf, urlKey } from './url';
import { pageWords } from './words';
import { normalizeTags } from './tags';
import { titleKey } from './title-key';

export interface NewPage {
  url: string;
  title?: string;
  tags?: readonly string[];
  status?: Status;
  createdAt?: Date;
  updatedAt?: Date;
  id?: string;
}

/** The fields derived from a page's title, address and tags. */
export type Derived = Pick<Page, 'domain' | 'words' | 'titleKey' | 'urlKey'>;

export function derive(title: string, url: string, tags: readonly string[]): Derived {
  return { domain: domainOf(url), words: pageWords(title, url, tags), titleKey: titleKey(title), urlKey: urlKey(url) };
}

/** `input.url` must already be a saveable url (see `saveableUrl`). */
export function makePage(input: NewPage, now: Date = new Date()): Page {
  const title = input.title?.trim().replace(/\s+/g, ' ') || input.url;
  const tags = normalizeTags(input.tags ?? []);
  const createdAt = input.createdAt ?? now;
  return {
    id: input.id ?? crypto.randomUUID(),
    url: input.url,
    title,
    tags,
    status: input.status ?? 'unread',
    createdAt,
    updatedAt: input.updatedAt ?? createdAt,
    ...derive(title, input.url, tags),
  };
}

/** `page` with other tags (search finds pages by their tags, so its words change too). */
export function withTags(page: Page, tags: readonly string[], now: Date): Page {
  const normalized = normalizeTags(tags);
  return { ...page, tags: normalized, updatedAt: now, words: pageWords(page.title, page.url, normalized) };
}
