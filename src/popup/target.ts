// Which page the popup offers to save: the active tab, or the page named in the popup's own
// address (`popup.html?url=…&title=…`, which also lets tests and bookmarklets open it for a page).
import browser from 'webextension-polyfill';
import { saveableUrl } from '../app/url';

export interface Target {
  /** The normalised address, or undefined when the page cannot be saved. */
  url: string | undefined;
  title: string;
  /** What the browser showed, for the message when it cannot be saved. */
  shown: string;
}

export async function findTarget(): Promise<Target> {
  const params = new URLSearchParams(location.search);
  const given = params.get('url');
  if (given !== null) return { url: saveableUrl(given), title: params.get('title') ?? '', shown: given };
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  const address = tab?.url ?? '';
  return { url: address ? saveableUrl(address) : undefined, title: tab?.title ?? '', shown: address };
}

/** True when the popup runs as the toolbar popup (it closes after opening a page), not in a tab. */
export async function inToolbarPopup(): Promise<boolean> {
  return (await browser.tabs.getCurrent()) === undefined;
}

export async function openPage(url: string): Promise<void> {
  const closeAfter = await inToolbarPopup();
  await browser.tabs.create({ url });
  if (closeAfter) window.close();
}

/** Opens the library (or brings its tab forward, if open) rather than a second copy. */
export async function openLibrary(): Promise<void> {
  const closeAfter = await inToolbarPopup();
  await browser.runtime.openOptionsPage();
  if (closeAfter) window.close();
}
