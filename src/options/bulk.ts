// The toolbar acting on the selected pages: mark, tag, delete. Documents are fetched fresh by key
// just before the write, so a selection spanning several table pages works too.
import type { Page, Status } from '../app/schema';
import { addTag, normalizeTags, removeTag } from '../app/tags';
import { withTags } from '../app/page';
import { byId, setText } from '../app/ui/dom';
import { deleteMany, setStatusOfMany } from '../app/ui/page-actions';
import type { Toaster } from '../app/ui/toast';
import type { RemoteDb } from './db';
import type { Library } from './library';

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

  async function selectedDocs(): Promise<Page[]> {
    const docs = await db.pages.bulkGet(library.selected());
    return docs.filter((doc: Page | undefined): doc is Page => doc !== undefined);
  }

  function run(task: () => Promise<void>): void {
    for (const button of actionButtons) button.disabled = true;
    task()
      .catch((error) => toaster.error(error))
      .finally(() => render(library.selected().length));
  }

  for (const button of toolbar.querySelectorAll<HTMLButtonElement>('button[data-status]')) {
    button.addEventListener('click', () =>
      run(async () => setStatusOfMany(db.pages, toaster, await selectedDocs(), button.dataset.status as Status)),
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
      const before = await selectedDocs();
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

  byId('bulk-delete').addEventListener('click', () =>
    run(async () => {
      const docs = await selectedDocs();
      await deleteMany(db.pages, toaster, docs);
      library.deselect(docs.map((d) => d.id));
    }),
  );
  byId('bulk-clear').addEventListener('click', () => library.clearSelection());

  library.onSelectionChange(render);
  render(0);
}
