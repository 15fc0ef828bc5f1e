// Which site a note belongs to: the origin of a web address, or nothing for pages that are not
// web sites (the browser's own pages, files, extensions).

/** `https://a.example/path?q` → `https://a.example`; undefined for anything but http(s). */
export function siteOf(address: string): string | undefined {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return undefined;
  }
  return url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : undefined;
}

/** The origin without its scheme when it is https, as people write a site: `a.example`. */
export function siteLabel(origin: string): string {
  return origin.startsWith('https://') ? origin.slice('https://'.length) : origin;
}
