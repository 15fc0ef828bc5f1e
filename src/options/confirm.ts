// The question before a large delete: a modal <dialog> naming how many pages go and the first few
// titles. The dialog starts on Cancel, Escape cancels, and focus goes back to where it was.
import type { Page } from '../app/schema';
import { byId, h, setText } from '../app/ui/dom';
import { count } from '../app/ui/page-actions';

const NAMED = 5;

/** Resolves true when the user confirms deleting `docs`. */
export function confirmDelete(docs: readonly Page[]): Promise<boolean> {
  const dialog = byId<HTMLDialogElement>('confirm-delete');
  const yes = byId<HTMLButtonElement>('confirm-delete-yes');
  setText(byId('confirm-delete-title'), `Delete ${count(docs.length)}?`);
  setText(yes, `Delete ${count(docs.length)}`);
  const items = docs.slice(0, NAMED).map((doc) => h('li', { text: doc.title, attrs: { dir: 'auto' } }));
  const more = docs.length - NAMED;
  if (more > 0) items.push(h('li', { class: 'muted', text: `and ${more === 1 ? '1 more page' : `${more.toLocaleString('en-US')} more pages`}` }));
  byId('confirm-delete-list').replaceChildren(...items);
  dialog.returnValue = '';
  dialog.showModal();
  return new Promise((resolve) => dialog.addEventListener('close', () => resolve(dialog.returnValue === 'delete'), { once: true }));
}
