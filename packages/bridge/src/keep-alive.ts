// Chrome stops an idle MV3 service worker after ~30 s, and an open but silent port does not count as
// activity (measured: stopped at 30.0 s with a port open; one message every 20 s kept it running).
// So a page pings while it is visible, and lets the background sleep once no page is visible.

export interface Visibility {
  isVisible(): boolean;
  /** Calls back on every visibility change; returns the function that stops it. */
  onChange(listener: () => void): () => void;
}

/** `document.visibilityState` where there is a document; always visible elsewhere. */
export function documentVisibility(): Visibility {
  const doc = (globalThis as { document?: Document }).document;
  if (doc === undefined) return { isVisible: () => true, onChange: () => () => {} };
  return {
    isVisible: () => doc.visibilityState === 'visible',
    onChange(listener) {
      doc.addEventListener('visibilitychange', listener);
      return () => doc.removeEventListener('visibilitychange', listener);
    },
  };
}

export const DEFAULT_KEEP_ALIVE_MS = 20_000;

/**
 * Calls `ping` every `interval` ms while visible, and `ping` at once when the page becomes visible
 * (the background may have slept meanwhile). Returns the function that stops it.
 */
export function keepAlive(visibility: Visibility, interval: number, ping: () => void): () => void {
  const timer = setInterval(() => {
    if (visibility.isVisible()) ping();
  }, interval);
  const stopListening = visibility.onChange(() => {
    if (visibility.isVisible()) ping();
  });
  return () => {
    clearInterval(timer);
    stopListening();
  };
}
