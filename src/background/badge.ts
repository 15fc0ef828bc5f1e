// The toolbar badge follows the store's change events (no polling): after any change of pages or
// settings, recount once per turn and update the badge only when its text changes.
import browser from 'webextension-polyfill';
import { badgeText } from '../app/format';
import type { AppStore } from '../app/store';
import { badgeCount } from './badge-count';

const BADGE_COLOUR = '#17735b';

export function keepBadgeCurrent(db: AppStore): void {
  let shown: string | undefined;
  let queued = false;

  const update = () => {
    if (queued) return;
    queued = true;
    // Coalesce: a bulk import of 100k pages in batches updates the badge once per batch, not per page.
    setTimeout(() => {
      queued = false;
      const text = badgeText(badgeCount(db));
      if (text === shown) return;
      shown = text;
      browser.action.setBadgeText({ text }).catch((error) => console.error('badge', error));
    }, 0);
  };

  browser.action.setBadgeBackgroundColor({ color: BADGE_COLOUR }).catch(() => undefined);
  browser.action.setBadgeTextColor?.({ color: '#ffffff' })?.catch(() => undefined);
  db.pages.subscribe(update);
  db.settings.subscribe(update);
  update();
}
