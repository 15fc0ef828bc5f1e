// Settings stored in the `settings` collection: the theme (applied here and in every open page)
// and what the toolbar badge counts (the background follows the same document).
import { DEFAULT_SETTINGS, SETTINGS_ID, type BadgeCount, type Settings, type Theme } from '../app/schema';
import { applyTheme } from '../app/ui/theme';
import { byId } from '../app/ui/dom';
import type { Toaster } from '../app/ui/toast';
import type { RemoteDb } from './db';

export function showSettings(db: RemoteDb, toaster: Toaster): void {
  const radios = Array.from(document.querySelectorAll<HTMLInputElement>('input[name="theme"]'));
  const badge = byId<HTMLSelectElement>('badge');
  let current: Settings = DEFAULT_SETTINGS;

  db.settings
    .where('id')
    .equals(SETTINGS_ID)
    .observe((docs: readonly Settings[]) => {
      current = docs[0] ?? DEFAULT_SETTINGS;
      applyTheme(current.theme);
      for (const radio of radios) radio.checked = radio.value === current.theme;
      badge.value = current.badge;
    }, (error) => toaster.error(error));

  const save = (changes: Partial<Settings>) => {
    current = { ...current, ...changes };
    db.settings.put(current).catch((error: unknown) => toaster.error(error));
  };

  for (const radio of radios) {
    radio.addEventListener('change', () => {
      if (!radio.checked) return;
      applyTheme(radio.value as Theme);
      save({ theme: radio.value as Theme });
    });
  }
  badge.addEventListener('change', () => save({ badge: badge.value as BadgeCount }));
}
