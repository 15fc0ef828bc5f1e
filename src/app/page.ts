// Building a page document: every path that saves a page (popup, context menu, command, import)
// goes through here, so `domain` and `words` are always derived the same way.
import type { Page, Status } from './schema';
import { domainOf } from './url';
import { pageWords } from './words';
import { normalizeTags } from './tags';

export interface NewPage {
  url: string;
  title?: string;
  tags?: readonly string[];
  status?: Status;
  createdAt?: Date;
  updatedAt?: Date;
  id?: string;
}

/** `input.url` must already be a saveable url (see `saveableUrl`). */
export function makePage(input: NewPage, now: Date = new Date()): Page {
  const title = input.title?.trim().replace(/\s+/g, ' ') || input.url;
  const createdAt = input.createdAt ?? now;
  return {
    id: input.id ?? crypto.randomUUID(),
    url: input.url,
    title,
    domain: domainOf(input.url),
    tags: normalizeTags(input.tags ?? []),
    status: input.status ?? 'unread',
    createdAt,
    updatedAt: input.updatedAt ?? createdAt,
    words: pageWords(title, input.url),
  };
}
