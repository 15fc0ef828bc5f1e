// Saving a page from the background (context menu, keyboard command): once the store is hydrated,
// add the page unless it is already saved (the same address without its fragment and tracking
// parameters: see `urlKey`), and resolve once it is durable.
import { makePage } from '../app/page';
import { saveableUrl, urlKey } from '../app/url';
import type { AppStore } from '../app/store';

export interface Durable {
  flush(): Promise<void>;
}

/** Returns whether a page was added: false for an address that cannot be saved or is saved already. */
export async function savePage(db: AppStore, ready: PromiseLike<Durable>, url: string | undefined, title: string | undefined): Promise<boolean> {
  const persistence = await ready;
  const address = url === undefined ? undefined : saveableUrl(url);
  if (!address) return false;
  // The check and the add run in one turn of the background: nothing can save the page between them.
  if (db.pages.where('urlKey').equals(urlKey(address)).count() > 0) return false;
  db.pages.add(makePage({ url: address, ...(title ? { title } : {}) }));
  await persistence.flush();
  return true;
}
