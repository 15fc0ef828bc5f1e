// What the toolbar badge shows, from the store and the badge setting.
import { DEFAULT_SETTINGS, SETTINGS_ID } from '../app/schema';
import type { AppStore } from '../app/store';

export function badgeCount(db: AppStore): number {
  const { badge } = db.settings.get(SETTINGS_ID) ?? DEFAULT_SETTINGS;
  if (badge === 'none') return 0;
  return badge === 'all' ? db.pages.count() : db.pages.where('status').equals('unread').count();
}
