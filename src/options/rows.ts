// One table row per page, patched in place on live updates. Titles, domains and tags are shown
// with dir="auto", so a right-to-left title reads (and is cut) from its own start.
import type { Page } from '../app/schema';
import { relativeTime } from '../app/format';
import { h, setText } from '../app/ui/dom';

export interface RowEvents {
  /** `range` is true when the user shift-clicked, to select every row between. */
  onSelect(id: string, selected: boolean, range: boolean): void;
  onTag(tag: string): void;
  onDomain(domain: string): void;
}

/** Tags shown before a "+N" button that shows the rest. */
export const SHOWN_TAGS = 3;

export function createRow(page: Page, selected: boolean, events: RowEvents): HTMLTableRowElement {
  const checkbox = h('input', { attrs: { type: 'checkbox' } });
  checkbox.addEventListener('click', (event) => events.onSelect(row.dataset.key ?? page.id, checkbox.checked, event.shiftKey));
  const link = h('a', { class: 'title-link', attrs: { target: '_blank', rel: 'noopener', dir: 'auto' } });
  const domain = h('button', { class: 'link-button', attrs: { type: 'button', dir: 'auto' } });
  domain.addEventListener('click', () => events.onDomain(domain.textContent ?? ''));
  const tags = h('td', { class: 'tags' });
  tags.addEventListener('click', (event) => {
    const target = event.target as HTMLElement;
    if (target.closest('[data-more]')) {
      tags.dataset.expanded = 'true';
      renderTags(tags, (tags.dataset.tags ?? '').split('\n'));
      tags.querySelectorAll<HTMLElement>('[data-tag]')[SHOWN_TAGS]?.focus();
      return;
    }
    const tag = target.closest<HTMLElement>('[data-tag]')?.dataset.tag;
    if (tag) events.onTag(tag);
  });
  const row = h(
    'tr',
    {},
    h('td', { class: 'select' }, checkbox),
    h('td', { class: 'title' }, link),
    h('td', { class: 'domain' }, domain),
    tags,
    h('td', { class: 'state' }, h('span', { class: 'status' })),
    h('td', { class: 'saved' }, h('time')),
  );
  updateRow(row, page, selected);
  return row;
}

export function updateRow(row: HTMLTableRowElement, page: Page, selected: boolean): void {
  const [selectCell, titleCell, domainCell, tagsCell, statusCell, savedCell] = Array.from(row.cells);
  const checkbox = selectCell.firstElementChild as HTMLInputElement;
  checkbox.checked = selected;
  checkbox.setAttribute('aria-label', `Select ${page.title}`);
  row.classList.toggle('selected', selected);

  const link = titleCell.firstElementChild as HTMLAnchorElement;
  if (link.getAttribute('href') !== page.url) link.href = page.url;
  link.title = page.url;
  setText(link, page.title);

  const domain = domainCell.firstElementChild as HTMLButtonElement;
  setText(domain, page.domain);
  domain.title = `Show only ${page.domain}`;

  if (tagsCell.dataset.tags !== page.tags.join('\n')) renderTags(tagsCell, page.tags);

  const status = statusCell.firstElementChild as HTMLElement;
  status.className = `status ${page.status}`;
  setText(status, page.status);

  const time = savedCell.firstElementChild as HTMLTimeElement;
  const iso = page.createdAt.toISOString();
  if (time.dateTime !== iso) {
    time.dateTime = iso;
    time.title = page.createdAt.toLocaleString();
  }
  setText(time, relativeTime(page.createdAt, new Date()));
}

/** The first tags, then "+N" for the rest until the user asks for them (a live update keeps that). */
function renderTags(cell: HTMLTableCellElement, tags: readonly string[]): void {
  cell.dataset.tags = tags.join('\n');
  const all = cell.dataset.expanded === 'true' || tags.length <= SHOWN_TAGS + 1;
  const shown = all ? tags : tags.slice(0, SHOWN_TAGS);
  const rest = tags.length - shown.length;
  const chips = shown.map((tag) => h('button', { class: 'chip', text: tag, dataset: { tag }, attrs: { type: 'button', dir: 'auto', title: `Show only “${tag}”` } }));
  if (rest > 0) {
    chips.push(
      h('button', {
        class: 'chip more',
        text: `+${rest}`,
        dataset: { more: '' },
        attrs: { type: 'button', 'aria-label': `Show ${rest} more tags`, title: tags.slice(SHOWN_TAGS).join(', ') },
      }),
    );
  }
  cell.replaceChildren(...chips);
}
