// One table row per page, patched in place on live updates.
import type { Page } from '../app/schema';
import { relativeTime } from '../app/format';
import { h, setText } from '../app/ui/dom';

export interface RowEvents {
  /** `range` is true when the user shift-clicked, to select every row between. */
  onSelect(id: string, selected: boolean, range: boolean): void;
  onTag(tag: string): void;
  onDomain(domain: string): void;
}

export function createRow(page: Page, selected: boolean, events: RowEvents): HTMLTableRowElement {
  const checkbox = h('input', { attrs: { type: 'checkbox' } });
  checkbox.addEventListener('click', (event) => events.onSelect(row.dataset.key ?? page.id, checkbox.checked, event.shiftKey));
  const link = h('a', { attrs: { target: '_blank', rel: 'noopener' } });
  const domain = h('button', { class: 'link-button', attrs: { type: 'button' } });
  domain.addEventListener('click', () => events.onDomain(domain.textContent ?? ''));
  const tags = h('td', { class: 'tags' });
  tags.addEventListener('click', (event) => {
    const tag = (event.target as HTMLElement).closest<HTMLElement>('[data-tag]')?.dataset.tag;
    if (tag) events.onTag(tag);
  });
  const row = h(
    'tr',
    {},
    h('td', { class: 'select' }, checkbox),
    h('td', { class: 'title' }, link),
    h('td', { class: 'domain' }, domain),
    tags,
    h('td', {}, h('span', { class: 'status' })),
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

  const tagKey = page.tags.join('\n');
  if (tagsCell.dataset.tags !== tagKey) {
    tagsCell.dataset.tags = tagKey;
    tagsCell.replaceChildren(
      ...page.tags.map((tag) =>
        h('button', { class: 'chip', text: tag, dataset: { tag }, attrs: { type: 'button', title: `Show only “${tag}”` } }),
      ),
    );
  }

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
