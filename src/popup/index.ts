// The toolbar popup: this page, the unread list, search.
import './popup.css';
import { applyCachedTheme, applyTheme } from '../app/ui/theme';
import browser from 'webextension-polyfill';
import { byId, setText } from '../app/ui/dom';
import { createToaster } from '../app/ui/toast';
import { SETTINGS_ID, type Settings } from '../app/schema';
import { db } from './db';
import { findTarget, openLibrary } from './target';
import { showCurrent } from './current';
import { showList, watchUnread } from './list';

applyCachedTheme();

// Asked before the DOM is ready: a woken background answers both from snapshots at once, before
// it loads the library, and the sooner they are asked the sooner the first rows show.
db.settings
  .where('id')
  .equals(SETTINGS_ID)
  .observe((docs: readonly Settings[]) => applyTheme(docs[0]?.theme ?? 'system'));
const unread = watchUnread(db);

function start(): void {
  const toaster = createToaster(byId('toast'), () => document.querySelector<HTMLElement>('#list .item-link') ?? byId('search'));
  showShortcut().catch(() => undefined);

  findTarget()
    .then((target) => showCurrent(db, toaster, target))
    .catch((error) => toaster.error(error));

  byId('open-library').addEventListener('click', (event) => {
    if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    openLibrary().catch((error) => toaster.error(error));
  });

  const list = showList(db, toaster, unread);
  const search = byId<HTMLInputElement>('search');
  let typing: ReturnType<typeof setTimeout> | undefined;
  search.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(() => list.search(search.value), 80);
  });
  search.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && search.value) {
      event.preventDefault();
      search.value = '';
      list.search('');
    } else if (event.key === 'ArrowDown') {
      event.preventDefault();
      document.querySelector<HTMLElement>('#list .item-link')?.focus();
    }
  });
  document.addEventListener('keydown', (event) => {
    const typingInField = (event.target as HTMLElement).closest('input, textarea, select');
    if (event.key === '/' && !typingInField) {
      event.preventDefault();
      search.focus();
    }
  });
}

/** The first-run note names the save shortcut as the browser has it (the user may have changed it). */
async function showShortcut(): Promise<void> {
  const commands = await browser.commands.getAll();
  const shortcut = commands.find((command) => command.name === 'save-page')?.shortcut;
  if (shortcut) setText(byId('first-run-shortcut'), shortcut);
  else byId('first-run-shortcut-item').hidden = true;
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
else start();
