// The library table: filters, sorting, pages of 50 and selection. Each table page is one indexed
// query with offset and limit, observed live; the total comes from count(). The page never holds
// more than one table page of documents.
//
// The selection only ever holds rows the user can see: a row that leaves the table page (another
// page, a filter, a sort, a change that takes it out of the filter, a delete elsewhere) leaves the
// selection too, so a bulk action never reaches a page that is not on screen.
import type { Page, Status } from '../app/schema';
import { formatCount } from '../app/format';
import { libraryCountQuery, libraryQuery, SORT_COLUMNS, type LibraryFilter, type LibrarySort, type SortColumn } from '../app/library-query';
import { isEmptySearch, parseSearch } from '../app/search';
import { normalizeTags } from '../app/tags';
import { byId, coalesce, reconcile, setText } from '../app/ui/dom';
import type { Toaster } from '../app/ui/toast';
import type { RemoteDb } from './db';
import { createRow, updateRow } from './rows';

export const PAGE_SIZE = 50;

export interface Library {
  /** The selected pages, as shown now (all of them on the current table page). */
  selected(): Page[];
  clearSelection(): void;
  onSelectionChange(listener: (count: number) => void): void;
}

export function showLibrary(db: RemoteDb, toaster: Toaster): Library {
  const rows = byId<HTMLTableSectionElement>('rows');
  const message = byId('table-message');
  const range = byId('range');
  const pageNumber = byId<HTMLInputElement>('page-number');
  const pageTotal = byId('page-total');
  const pageNote = byId('page-note');
  const selectPage = byId<HTMLInputElement>('select-page');
  const buttons = {
    first: byId<HTMLButtonElement>('page-first'),
    prev: byId<HTMLButtonElement>('page-prev'),
    next: byId<HTMLButtonElement>('page-next'),
    last: byId<HTMLButtonElement>('page-last'),
  };
  const inputs = {
    search: byId<HTMLInputElement>('filter-search'),
    status: byId<HTMLSelectElement>('filter-status'),
    tag: byId<HTMLInputElement>('filter-tag'),
    domain: byId<HTMLInputElement>('filter-domain'),
  };

  let filter: LibraryFilter = {};
  let sort: LibrarySort = { column: 'createdAt', descending: true };
  let pageIndex = 0;
  let total = 0;
  let shown: Page[] = [];
  const selection = new Set<string>();
  let lastClicked: string | undefined;
  let stop: (() => void) | undefined;
  let countRun = 0;
  const selectionListeners: ((count: number) => void)[] = [];

  const lastPage = () => Math.max(0, Math.ceil(total / PAGE_SIZE) - 1);

  const rowEvents = {
    onSelect(id: string, selected: boolean, rangeSelect: boolean) {
      const ids = shown.map((p) => p.id);
      const from = lastClicked === undefined ? -1 : ids.indexOf(lastClicked);
      const to = ids.indexOf(id);
      const span = rangeSelect && from >= 0 && to >= 0 ? ids.slice(Math.min(from, to), Math.max(from, to) + 1) : [id];
      for (const key of span) {
        if (selected) selection.add(key);
        else selection.delete(key);
      }
      lastClicked = id;
      renderRows();
      selectionChanged();
    },
    onTag(tag: string) {
      inputs.tag.value = tag;
      applyFilters();
    },
    onDomain(domain: string) {
      inputs.domain.value = domain;
      applyFilters();
    },
  };

  function selectionChanged(): void {
    for (const listener of selectionListeners) listener(selection.size);
  }

  /** Drops the selected rows that are no longer shown; true when there were any. */
  function keepShownSelected(): boolean {
    const ids = new Set(shown.map((p) => p.id));
    let dropped = false;
    for (const id of selection) {
      if (!ids.has(id)) dropped = selection.delete(id);
    }
    if (lastClicked !== undefined && !ids.has(lastClicked)) lastClicked = undefined;
    return dropped;
  }

  function renderRows(): void {
    reconcile(
      rows,
      shown,
      (page) => page.id,
      (page) => createRow(page, selection.has(page.id), rowEvents),
      (row, page) => updateRow(row as HTMLTableRowElement, page, selection.has(page.id)),
    );
    const onPage = shown.filter((p) => selection.has(p.id)).length;
    selectPage.checked = shown.length > 0 && onPage === shown.length;
    selectPage.indeterminate = onPage > 0 && onPage < shown.length;
    selectPage.disabled = shown.length === 0;
  }

  function renderFrame(): void {
    const from = total === 0 ? 0 : pageIndex * PAGE_SIZE + 1;
    const to = Math.min(total, pageIndex * PAGE_SIZE + shown.length);
    const filtered = Boolean(filter.status || filter.tag || filter.domain || (filter.search && !isEmptySearch(filter.search)));
    setText(range, total === 0 ? '' : `${from.toLocaleString('en-US')}–${to.toLocaleString('en-US')} of ${formatCount(total, 'page', 'pages')}${filtered ? ' matching' : ''}`);
    setText(pageTotal, String(lastPage() + 1));
    if (document.activeElement !== pageNumber) pageNumber.value = String(pageIndex + 1);
    pageNumber.max = String(lastPage() + 1);
    buttons.first.disabled = buttons.prev.disabled = pageIndex === 0;
    buttons.next.disabled = buttons.last.disabled = pageIndex >= lastPage();
    message.hidden = shown.length > 0;
    if (shown.length === 0) {
      message.textContent = filtered
        ? 'No page matches these filters.'
        : 'Your reading list is empty. Save pages from the toolbar button, or import a JSON file.';
    }
  }

  async function recount(): Promise<void> {
    const run = ++countRun;
    try {
      const count = await db.pages.query(libraryCountQuery(filter)).count();
      if (run !== countRun) return;
      total = count;
      if (pageIndex > lastPage()) {
        // Deleting the last rows of the last page: step back instead of showing an empty page.
        pageIndex = lastPage();
        observePage();
      }
      renderFrame();
    } catch (error) {
      if (run === countRun) toaster.error(error);
    }
  }

  function observePage(): void {
    stop?.();
    stop = db.pages.query(libraryQuery(filter, sort, pageIndex * PAGE_SIZE, PAGE_SIZE)).observe((docs: readonly Page[]) => {
      shown = [...docs];
      const dropped = keepShownSelected();
      renderRows();
      renderFrame();
      if (dropped) selectionChanged();
    }, (error) => toaster.error(error));
  }

  /** Whether the page-number box holds the number of a page that exists. */
  function validPageNumber(): boolean {
    const typed = Number(pageNumber.value);
    return Number.isInteger(typed) && typed >= 1 && typed <= lastPage() + 1;
  }

  function goTo(index: number): void {
    const next = Math.max(0, Math.min(index, lastPage()));
    setText(pageNote, '');
    if (next === pageIndex) {
      renderFrame();
      return;
    }
    pageIndex = next;
    lastClicked = undefined;
    observePage();
  }

  function applyFilters(): void {
    const status = inputs.status.value as Status | '';
    const [tag] = normalizeTags([inputs.tag.value]);
    const domain = inputs.domain.value.trim().toLowerCase().replace(/^www\./, '');
    const next: LibraryFilter = {
      ...(status ? { status } : {}),
      ...(tag ? { tag } : {}),
      ...(domain ? { domain } : {}),
      search: parseSearch(inputs.search.value),
    };
    if (JSON.stringify(next) === JSON.stringify(filter)) return;
    filter = next;
    pageIndex = 0;
    lastClicked = undefined;
    observePage();
    void recount();
  }

  function renderSort(): void {
    for (const th of document.querySelectorAll<HTMLTableCellElement>('th[data-column]')) {
      const column = th.dataset.column as SortColumn;
      th.setAttribute('aria-sort', column === sort.column ? (sort.descending ? 'descending' : 'ascending') : 'none');
    }
  }

  for (const th of document.querySelectorAll<HTMLTableCellElement>('th[data-column]')) {
    const column = th.dataset.column as SortColumn;
    if (!SORT_COLUMNS.includes(column)) continue;
    th.querySelector('button')!.addEventListener('click', () => {
      // A new column starts in its natural direction: newest first for dates, A→Z otherwise.
      sort = column === sort.column ? { column, descending: !sort.descending } : { column, descending: column === 'createdAt' };
      renderSort();
      pageIndex = 0;
      observePage();
    });
  }

  let typing: ReturnType<typeof setTimeout> | undefined;
  for (const input of [inputs.search, inputs.tag, inputs.domain]) {
    input.addEventListener('input', () => {
      clearTimeout(typing);
      typing = setTimeout(applyFilters, 150);
    });
  }
  inputs.status.addEventListener('change', applyFilters);
  const form = byId<HTMLFormElement>('filters');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    applyFilters();
  });
  form.addEventListener('reset', () => setTimeout(applyFilters));

  buttons.first.addEventListener('click', () => goTo(0));
  buttons.prev.addEventListener('click', () => goTo(pageIndex - 1));
  buttons.next.addEventListener('click', () => goTo(pageIndex + 1));
  buttons.last.addEventListener('click', () => goTo(lastPage()));
  pageNumber.addEventListener('change', () => {
    // An impossible number never stays in the box: it goes to the nearest page and says which exist.
    const typed = pageNumber.value.trim() === '' ? NaN : Math.trunc(Number(pageNumber.value));
    const valid = validPageNumber();
    goTo(Number.isFinite(typed) ? typed - 1 : pageIndex);
    pageNumber.value = String(pageIndex + 1);
    if (!valid) setText(pageNote, `There ${lastPage() === 0 ? 'is only page 1' : `are pages 1 to ${(lastPage() + 1).toLocaleString('en-US')}`}.`);
  });

  selectPage.addEventListener('change', () => {
    for (const page of shown) {
      if (selectPage.checked) selection.add(page.id);
      else selection.delete(page.id);
    }
    renderRows();
    selectionChanged();
  });

  db.pages.subscribe(coalesce(() => void recount(), 100));

  renderSort();
  observePage();
  void recount();

  return {
    selected: () => shown.filter((page) => selection.has(page.id)),
    clearSelection() {
      selection.clear();
      renderRows();
      selectionChanged();
    },
    onSelectionChange(listener) {
      selectionListeners.push(listener);
    },
  };
}
