// The popup's list: unread pages newest first, or the matches of a search across the whole
// library. Live through `observe`; rows are patched in place so updates do not make it jump.
// An empty library shows what the extension does and how to save a first page instead.
import type { QueryJson } from '@ramify-db/core';
import type { Page } from '../app/schema';
import { relativeTime, formatCount } from '../app/format';
import { isEmptySearch, parseSearch, searchClauses, searchText, type PageClause, type Search } from '../app/search';
import { byId, coalesce, h, icon, reconcile, setText } from '../app/ui/dom';
import { deletePage, setStatus } from '../app/ui/page-actions';
import type { Toaster } from '../app/ui/toast';
import type { RemoteDb } from './db';
import { openPage } from './target';

const STEP = 30;

export interface PageList {
  search(input: string): void;
}

/** The list's query: `limit` rows, one more to tell whether "Show more" has anything to show. */
function listQuery(search: Search, limit: number): QueryJson<Page, 'id'> {
  const where: PageClause[] = isEmptySearch(search) ? [{ path: 'status', op: 'equals', args: ['unread'] }] : searchClauses(search);
  return { collection: 'pages', where, sortBy: 'createdAt', reverse: true, limit: limit + 1 };
}

/** A live query started before the page is parsed, whose results wait for the list to show them. */
export interface EarlyList {
  stop(): void;
  /** From now on results go to `onResult` (the last one at once, if it came). */
  attach(onResult: (docs: readonly Page[]) => void, onError: (error: unknown) => void): void;
}

/**
 * Starts the unread list's live query at once, while the page is still loading: a woken background
 * answers it from a snapshot as soon as it has opened its database, which is earlier than the
 * page's DOM is ready.
 */
export function watchUnread(db: RemoteDb): EarlyList {
  let latest: readonly Page[] | undefined;
  let failure: { error: unknown } | undefined;
  let deliver: ((docs: readonly Page[]) => void) | undefined;
  let fail: ((error: unknown) => void) | undefined;
  const stop = db.pages.query(listQuery({ whole: [] }, STEP)).observe(
    (docs: readonly Page[]) => (deliver === undefined ? (latest = docs) : deliver(docs)),
    (error) => (fail === undefined ? (failure = { error }) : fail(error)),
  );
  return {
    stop,
    attach(onResult, onError) {
      deliver = onResult;
      fail = onError;
      if (latest !== undefined) onResult(latest);
      if (failure !== undefined) onError(failure.error);
    },
  };
}

export function showList(db: RemoteDb, toaster: Toaster, early?: EarlyList): PageList {
  const list = byId<HTMLUListElement>('list');
  const heading = byId('list-heading');
  const counter = byId('list-count');
  const message = byId('list-message');
  const more = byId<HTMLButtonElement>('more');
  const firstRun = byId('first-run');

  let search: Search = { whole: [] };
  let limit = STEP;
  let stop: (() => void) | undefined;
  let docsById = new Map<string, Page>();
  let focusIndex = -1;
  let countRun = 0;
  /** Pages in the whole library; undefined until counted. */
  let libraryTotal: number | undefined;
  let shownCount = 0;

  const act = (run: () => Promise<void>, row: HTMLElement) => () => {
    focusIndex = Array.prototype.indexOf.call(list.children, row);
    run().catch((error) => toaster.error(error));
  };

  function create(page: Page): HTMLElement {
    const link = h(
      'a',
      { class: 'item-link', attrs: { href: page.url } },
      h('span', { class: 'item-title', attrs: { dir: 'auto' } }),
      h('span', { class: 'item-meta muted' }, h('span', { class: 'item-domain', attrs: { dir: 'auto' } }), h('span', { class: 'item-when' })),
    );
    link.addEventListener('click', (event) => {
      if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
      event.preventDefault();
      const current = docsById.get(row.dataset.key ?? '');
      if (current) openPage(current.url).catch((error) => toaster.error(error));
    });
    const row = h('li', { class: 'item' }, link, h('div', { class: 'item-actions' }));
    update(row, page);
    return row;
  }

  function update(row: HTMLElement, page: Page): void {
    const link = row.querySelector('.item-link') as HTMLAnchorElement;
    if (link.getAttribute('href') !== page.url) link.href = page.url;
    link.title = page.url;
    setText(link.querySelector('.item-title')!, page.title);
    const when = relativeTime(page.createdAt, new Date());
    setText(link.querySelector('.item-domain')!, page.domain);
    setText(link.querySelector('.item-when')!, page.status === 'unread' ? ` · ${when}` : ` · ${when} · ${page.status}`);

    const key = `${page.status}`;
    const actions = row.querySelector('.item-actions') as HTMLElement;
    if (actions.dataset.for === key) return;
    actions.dataset.for = key;
    const current = () => docsById.get(page.id) ?? page;
    const buttons: HTMLElement[] = [];
    if (page.status === 'unread') {
      buttons.push(iconButton('check', `Mark read: ${page.title}`, 'Mark read', act(() => setStatus(db.pages, toaster, current(), 'read'), row)));
    } else {
      buttons.push(iconButton('unread', `Mark unread: ${page.title}`, 'Mark unread', act(() => setStatus(db.pages, toaster, current(), 'unread'), row)));
    }
    if (page.status !== 'archived') {
      buttons.push(iconButton('archive', `Archive: ${page.title}`, 'Archive', act(() => setStatus(db.pages, toaster, current(), 'archived'), row)));
    }
    const remove = iconButton(
      'trash',
      `Delete: ${page.title}`,
      'Delete',
      act(() => {
        const index = Array.prototype.indexOf.call(list.children, row);
        return deletePage(db.pages, toaster, current(), () => linkAfterDelete(page.id, index));
      }, row),
    );
    remove.classList.add('danger');
    buttons.push(remove);
    actions.replaceChildren(...buttons);
  }

  /** After a delete: the page's row if Undo put it back, else the row that took its place. */
  function linkAfterDelete(id: string, index: number): HTMLElement {
    const links = list.querySelectorAll<HTMLElement>('.item-link');
    const back = list.querySelector<HTMLElement>(`li[data-key="${CSS.escape(id)}"] .item-link`);
    return back ?? links[Math.min(index, links.length - 1)] ?? byId('search');
  }

  function renderEmpty(): void {
    const welcome = shownCount === 0 && isEmptySearch(search) && libraryTotal === 0;
    firstRun.hidden = !welcome;
    message.hidden = shownCount > 0 || welcome || libraryTotal === undefined;
    setText(heading, welcome ? 'Getting started' : isEmptySearch(search) ? 'Unread' : 'Search results');
    counter.hidden = welcome;
    if (shownCount === 0) {
      setText(message, isEmptySearch(search) ? 'Nothing left to read. Pages you save show up here.' : `No saved page matches “${searchText(search)}”.`);
    }
  }

  function render(docs: readonly Page[]): void {
    const shown = docs.slice(0, limit);
    docsById = new Map(shown.map((d) => [d.id, d]));
    const focusWasInList = list.contains(document.activeElement) || document.activeElement === document.body;
    reconcile(list, shown, (d) => d.id, create, update);
    more.hidden = docs.length <= limit;
    shownCount = shown.length;
    renderEmpty();
    // An action removed the row that had focus: keep the keyboard user in the list.
    if (focusIndex >= 0 && focusWasInList && !list.contains(document.activeElement)) {
      const rows = list.querySelectorAll<HTMLElement>('.item-link');
      (rows[Math.min(focusIndex, rows.length - 1)] ?? byId('search')).focus();
    }
    focusIndex = -1;
  }

  async function recount(): Promise<void> {
    const run = ++countRun;
    try {
      const { where } = listQuery(search, limit);
      const [n, all] = await Promise.all([db.pages.query({ collection: 'pages', where }).count(), db.pages.count()]);
      if (run !== countRun) return;
      setText(counter, isEmptySearch(search) ? formatCount(n, 'page', 'pages') : formatCount(n, 'match', 'matches'));
      libraryTotal = all;
      renderEmpty();
    } catch (error) {
      if (run === countRun) toaster.error(error);
    }
  }

  function start(): void {
    stop?.();
    renderEmpty();
    if (early !== undefined && isEmptySearch(search) && limit === STEP) {
      // The unread list's query, already started while the page loaded.
      stop = early.stop;
      early.attach(render, (error) => toaster.error(error));
      early = undefined;
    } else {
      stop = db.pages.query(listQuery(search, limit)).observe(
        (docs: readonly Page[]) => render(docs),
        (error) => toaster.error(error),
      );
    }
    void recount();
  }

  db.pages.subscribe(coalesce(() => void recount(), 50));

  more.addEventListener('click', () => {
    limit += STEP;
    start();
  });

  list.addEventListener('keydown', (event) => {
    const links = Array.from(list.querySelectorAll<HTMLElement>('.item-link'));
    const row = (event.target as HTMLElement).closest('.item');
    const at = links.findIndex((link) => link.closest('.item') === row);
    let next = -1;
    if (event.key === 'ArrowDown') next = Math.min(at + 1, links.length - 1);
    else if (event.key === 'ArrowUp') next = at - 1;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = links.length - 1;
    else return;
    event.preventDefault();
    (next >= 0 ? links[next] : byId('search'))?.focus();
  });

  start();

  return {
    search(input: string): void {
      const next = parseSearch(input);
      if (JSON.stringify(next) === JSON.stringify(search)) return;
      search = next;
      limit = STEP;
      start();
    },
  };
}

function iconButton(name: Parameters<typeof icon>[0], label: string, tip: string, onClick: () => void): HTMLButtonElement {
  return h('button', { class: 'icon-button', attrs: { type: 'button', 'aria-label': label, title: tip }, on: { click: onClick } }, icon(name));
}
