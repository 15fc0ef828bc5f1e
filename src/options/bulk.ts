// The toolbar acting on the selected pages: mark, tag, delete. It acts on the selected rows as the
// table shows them, which are the only pages the selection can hold (see library.ts); deleting
// more than a handful asks first, naming what goes.
import type { Status } from '../app/schema';
import { addTag, normalizeTags, removeTag } from '../app/tags';
import { withTags } from '../app/page';
import { byId, setText } from '../app/ui/dom';
import { deleteMany, setStatusOfMany } from '../app/ui/page-actions';
import type { Toaster } from '../app/ui/toast';
import { confirmDelete } from './confirm';
import type { RemoteDb } from './db';
import type { Library } from './library';

/** Deleting more pages than this asks for confirmation. */
export const CONFIRM_ABOVE = 5;

export function showBulkActions(db: RemoteDb, toaster: Toaster, library: Library): void {
  const toolbar = byId('bulk');
  const counter = byId('selection-count');
  const tagInput = byId<HTMLInputElement>('bulk-tag');
  const actionButtons = Array.from(toolbar.querySelectorAll<HTMLButtonElement>('button'));

  function render(count: number): void {
    setText(counter, count === 0 ? 'No page selected' : `${count.toLocaleString('en-US')} selected`);
    for (const button of actionButtons) button.disabled = count === 0;
    tagInput.disabled = count === 0;
  }

  function run(task: () => Promise<void>): void {
    const trigger = document.activeElement;
    for (const button of actionButtons) button.disabled = true;
    task()
      .catch((error) => toaster.error(error))
      .finally(() => {
        render(library.selected().length);
        // Disabling the pressed button dropped focus: put it back, or on the table when the
        // action emptied the selection.
        if (document.activeElement !== document.body) return;
        const selectPage = byId<HTMLInputElement>('select-page');
        const next = [trigger, selectPage, byId('table')].find((el) => el instanceof HTMLElement && el.isConnected && !(el as HTMLButtonElement).disabled);
        (next as HTMLElement | undefined)?.focus();
      });
  }

  for (const button of toolbar.querySelectorAll<HTMLButtonElement>('button[data-status]')) {
    button.addEventListener('click', () =>
      run(() => setStatusOfMany(db.pages, toaster, library.selected(), button.dataset.status as Status)),
    );
  }

  const retag = (change: (tags: readonly string[], tag: string) => string[], verb: string) => () =>
    run(async () => {
      const [tag] = normalizeTags([tagInput.value]);
      if (!tag) {
        toaster.show('Type a tag first.');
        tagInput.focus();
        return;
      }
      const before = library.selected();
      const now = new Date();
      const changed = before.filter((doc) => change(doc.tags, tag).join('\n') !== doc.tags.join('\n'));
      await db.pages.bulkPut(changed.map((doc) => withTags(doc, change(doc.tags, tag), now)));
      tagInput.value = '';
      toaster.show(`${verb} “${tag}”: ${changed.length === 1 ? '1 page' : `${changed.length} pages`}`, () => db.pages.bulkPut(changed));
    });

  byId('bulk-tag-add').addEventListener('click', retag(addTag, 'Tagged'));
  byId('bulk-tag-remove').addEventListener('click', retag(removeTag, 'Removed'));
  tagInput.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      byId('bulk-tag-add').click();
    }
  });

  const deleteButton = byId<HTMLButtonElement>('bulk-delete');
  deleteButton.addEventListener('click', async () => {
    const docs = library.selected();
    if (docs.length > CONFIRM_ABOVE && !(await confirmDelete(docs))) {
      deleteButton.focus();
      return;
    }
    run(() =>
      deleteMany(db.pages, toaster, docs, () => {
        // After Undo: the first page put back; after dismissal: the top of the table.
        const rows = byId('rows');
        const back = docs.map((doc) => rows.querySelector(`tr[data-key="${CSS.escape(doc.id)}"] input`)).find(Boolean);
        return back ?? byId('select-page');
      }),
    );
  });
  byId('bulk-clear').addEventListener('click', () => library.clearSelection());

  library.onSelectionChange(render);
  render(0);
}
