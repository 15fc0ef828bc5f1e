// The "this page" panel: save the page with tags, or see it saved with its actions. It follows the
// store live (saving from the library page or the context menu updates it too).
import type { Page } from '../app/schema';
import { makePage } from '../app/page';
import { parseTags } from '../app/tags';
import { domainOf, urlKey } from '../app/url';
import { relativeTime } from '../app/format';
import { h, icon, byId } from '../app/ui/dom';
import { deletePage, setStatus } from '../app/ui/page-actions';
import type { Toaster } from '../app/ui/toast';
import type { RemoteDb } from './db';
import type { Target } from './target';

export function showCurrent(db: RemoteDb, toaster: Toaster, target: Target): void {
  const section = byId('current');
  const body = byId('current-body');
  let shownKey = '';

  function render(key: string, content: Node[]): void {
    section.setAttribute('aria-busy', 'false');
    if (key === shownKey) return;
    const hadFocus = section.contains(document.activeElement);
    shownKey = key;
    body.replaceChildren(...content);
    if (hadFocus) (body.querySelector('button, input') as HTMLElement | null)?.focus();
  }

  if (!target.url) {
    render('unsaveable', [
      h('p', { class: 'current-title', text: target.title || 'This tab', attrs: { dir: 'auto' } }),
      h('p', {
        class: 'current-note whole muted',
        text: target.shown
          ? 'This page can’t be saved: only web pages and local files can.'
          : 'Open a web page, then save it here.',
      }),
    ]);
    return;
  }
  const url = target.url;

  const save = async (tags: string, button: HTMLButtonElement) => {
    button.disabled = true;
    try {
      await db.pages.add(makePage({ url, title: target.title, tags: parseTags(tags) }));
      toaster.show('Saved to your reading list');
    } catch (error) {
      toaster.error(error);
      button.disabled = false;
    }
  };

  const unsaved = (): Node[] => {
    const input = h('input', {
      attrs: { id: 'tags', type: 'text', placeholder: 'Tags, comma separated', autocomplete: 'off', spellcheck: 'false' },
    });
    const button = h('button', { class: 'primary', attrs: { type: 'submit' } }, 'Save');
    const form = h(
      'form',
      {
        class: 'save-form',
        attrs: { 'aria-label': 'Save this page' },
        on: {
          submit: (event) => {
            event.preventDefault();
            void save(input.value, button);
          },
        },
      },
      h('label', { class: 'visually-hidden', text: 'Tags', attrs: { for: 'tags' } }),
      input,
      button,
    );
    return [
      h('p', { class: 'current-title', text: target.title || url, attrs: { title: url, dir: 'auto' } }),
      h('p', { class: 'current-note muted' }, h('span', { text: domainOf(url), attrs: { dir: 'auto' } })),
      form,
    ];
  };

  const saved = (page: Page): Node[] => {
    const act = (run: () => Promise<void>) => () => run().catch((error) => toaster.error(error));
    const actions: HTMLElement[] = [];
    if (page.status === 'unread') {
      actions.push(actionButton('check', 'Mark read', act(() => setStatus(db.pages, toaster, page, 'read'))));
    } else {
      actions.push(actionButton('unread', 'Mark unread', act(() => setStatus(db.pages, toaster, page, 'unread'))));
    }
    if (page.status !== 'archived') {
      actions.push(actionButton('archive', 'Archive', act(() => setStatus(db.pages, toaster, page, 'archived'))));
    }
    const firstControl = () => body.querySelector<HTMLElement>('button, input');
    const remove = actionButton('trash', 'Delete', act(() => deletePage(db.pages, toaster, page, firstControl)));
    remove.classList.add('danger');
    actions.push(remove);
    return [
      h('p', { class: 'current-title', text: page.title, attrs: { title: page.url, dir: 'auto' } }),
      h(
        'p',
        { class: 'current-note muted' },
        h('span', { class: `status ${page.status}`, text: page.status }),
        ` Saved ${relativeTime(page.createdAt, new Date())}`,
        ...page.tags.flatMap((tag) => [' ', h('span', { class: 'chip', text: tag, attrs: { dir: 'auto' } })]),
      ),
      h('div', { class: 'current-actions', attrs: { role: 'group', 'aria-label': 'This page' } }, ...actions),
    ];
  };

  // The same article saved from another address (a newsletter's tracking link) counts as saved.
  db.pages
    .where('urlKey')
    .equals(urlKey(url))
    .observe((docs: readonly Page[]) => {
      const page = docs[0];
      if (page) render(`saved:${page.id}:${page.status}:${page.tags.join(',')}:${page.title}`, saved(page));
      else render('unsaved', unsaved());
    }, (error) => toaster.error(error));
}

function actionButton(name: Parameters<typeof icon>[0], label: string, onClick: () => void): HTMLButtonElement {
  return h('button', { attrs: { type: 'button' }, on: { click: onClick } }, icon(name), label);
}
