// Mark, archive and delete, each followed by a message with Undo. Shared by popup and options;
// typed against the few remote-collection methods they use.
import type { Page, Status } from '../schema';
import type { Toaster, ToastOptions } from './toast';

export interface PagesWriter {
  update(key: string, changes: Partial<Page>): Promise<unknown>;
  put(doc: Page): Promise<unknown>;
  delete(key: string): Promise<unknown>;
  bulkUpdate(keys: string[], changes: Partial<Page>): Promise<unknown>;
  bulkPut(docs: Page[]): Promise<unknown>;
  bulkDelete(keys: string[]): Promise<unknown>;
}

const DONE: Record<Status, string> = { unread: 'Marked as unread', read: 'Marked as read', archived: 'Archived' };

export function quoted(title: string): string {
  return `“${title.length > 48 ? `${title.slice(0, 47)}…` : title}”`;
}

export async function setStatus(pages: PagesWriter, toaster: Toaster, page: Page, status: Status): Promise<void> {
  const before = { status: page.status, updatedAt: page.updatedAt };
  await pages.update(page.id, { status, updatedAt: new Date() });
  toaster.show(`${DONE[status]}: ${quoted(page.title)}`, () => pages.update(page.id, before));
}

/** A delete takes away what the user was on: focus moves to Undo, then to `focusAfter`. */
export async function deletePage(pages: PagesWriter, toaster: Toaster, page: Page, focusAfter?: ToastOptions['focusAfter']): Promise<void> {
  await pages.delete(page.id);
  toaster.show(`Deleted ${quoted(page.title)}`, () => pages.put(page), { focusUndo: true, focusAfter });
}

/** Bulk versions: `docs` are the documents as they were, so Undo can put each one back. */
export async function setStatusOfMany(pages: PagesWriter, toaster: Toaster, docs: readonly Page[], status: Status): Promise<void> {
  if (docs.length === 0) return;
  await pages.bulkUpdate(
    docs.map((d) => d.id),
    { status, updatedAt: new Date() },
  );
  toaster.show(`${DONE[status]}: ${count(docs.length)}`, () => pages.bulkPut([...docs]));
}

export async function deleteMany(pages: PagesWriter, toaster: Toaster, docs: readonly Page[], focusAfter?: ToastOptions['focusAfter']): Promise<void> {
  if (docs.length === 0) return;
  await pages.bulkDelete(docs.map((d) => d.id));
  toaster.show(`Deleted ${count(docs.length)}`, () => pages.bulkPut([...docs]), { focusUndo: true, focusAfter });
}

export function count(n: number): string {
  return n === 1 ? '1 page' : `${n.toLocaleString('en-US')} pages`;
}
