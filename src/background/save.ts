// Saving without the popup: the context-menu items (this page, or a link) and the keyboard command.
// Listeners are registered synchronously at startup, as event-driven backgrounds require; the
// write itself waits for the store to be hydrated.
import browser, { type Menus, type Tabs } from 'webextension-polyfill';
import type { AppStore } from '../app/store';
import { savePage, type Durable } from './save-page';

export const SAVE_COMMAND = 'save-page';
const MENU_PAGE = 'save-page';
const MENU_LINK = 'save-link';

function createMenus(): void {
  browser.contextMenus
    .removeAll()
    .then(() => {
      browser.contextMenus.create({ id: MENU_PAGE, title: 'Save page to reading list', contexts: ['page'] });
      browser.contextMenus.create({ id: MENU_LINK, title: 'Save link to reading list', contexts: ['link'] });
    })
    .catch((error) => console.error('context menu', error));
}

export function registerSaving(db: AppStore, ready: Promise<Durable>): void {
  browser.runtime.onInstalled.addListener(createMenus);
  browser.runtime.onStartup.addListener(createMenus);

  const report = (error: unknown) => console.error('save', error);

  browser.contextMenus.onClicked.addListener((info: Menus.OnClickData, tab?: Tabs.Tab) => {
    if (info.menuItemId === MENU_LINK && info.linkUrl) {
      // Firefox tells the link's text; Chrome does not, and the address stands in for the title.
      const linkText = (info as { linkText?: string }).linkText;
      savePage(db, ready, info.linkUrl, linkText).catch(report);
    } else if (info.menuItemId === MENU_PAGE) {
      savePage(db, ready, info.pageUrl ?? tab?.url, tab?.title).catch(report);
    }
  });

  browser.commands.onCommand.addListener((command: string, tab?: Tabs.Tab) => {
    if (command !== SAVE_COMMAND) return;
    // The shortcut grants activeTab, so the tab's address is readable here.
    const known = tab?.url ? Promise.resolve(tab) : browser.tabs.query({ active: true, currentWindow: true }).then(([t]) => t);
    known.then((t) => savePage(db, ready, t?.url, t?.title)).catch(report);
  });
}
