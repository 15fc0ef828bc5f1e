// Theme: the `settings` collection holds the choice; a copy in localStorage lets the next page
// paint in the right theme before the store has answered.
import { THEMES, type Theme } from '../schema';

const CACHE_KEY = 'ramify-reading-list-theme';

export function applyTheme(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
  try {
    localStorage.setItem(CACHE_KEY, theme);
  } catch {
    // Storage may be unavailable (private windows); the theme still applies to this page.
  }
}

/** Runs before the body is parsed, so the first paint already has the last known theme. */
export function applyCachedTheme(): void {
  let cached: string | null = null;
  try {
    cached = localStorage.getItem(CACHE_KEY);
  } catch {
    cached = null;
  }
  document.documentElement.dataset.theme = THEMES.includes(cached as Theme) ? (cached as Theme) : 'system';
}
