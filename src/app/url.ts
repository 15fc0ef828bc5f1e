// What counts as a saveable address, and the domain shown and filtered by.

const SAVEABLE_PROTOCOLS = new Set(['http:', 'https:', 'file:']);

/** The normalised address of a saveable page, or `undefined` (browser pages, garbage, ...). */
export function saveableUrl(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return undefined;
  }
  return SAVEABLE_PROTOCOLS.has(url.protocol) ? url.href : undefined;
}

/** The host without a leading `www.`; local files have the domain `file`. */
export function domainOf(url: string): string {
  const parsed = new URL(url);
  const host = parsed.hostname.toLowerCase();
  if (!host) return parsed.protocol.slice(0, -1);
  return host.startsWith('www.') ? host.slice(4) : host;
}
