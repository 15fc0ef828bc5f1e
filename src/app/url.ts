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

/**
 * Query parameters that only say where a click came from, never which page it is: campaign tags
 * (`utm_*`; Mailchimp's `mc_cid`/`mc_eid`; HubSpot's `_hsenc`/`_hsmi`; Marketo's `mkt_tok`) and ad
 * or share click ids (Facebook `fbclid`, Google `gclid`/`dclid`/`gbraid`/`wbraid`, Microsoft
 * `msclkid`, Yandex `yclid`, X `twclid` and `ref_src`, TikTok `ttclid`, Instagram `igshid`,
 * LinkedIn `li_fat_id`). Generic names like `ref` or `source` stay: some sites use them to pick
 * content (a branch, a tab).
 */
const TRACKING_PARAMETERS = new Set([
  'fbclid', 'gclid', 'dclid', 'gbraid', 'wbraid', 'msclkid', 'yclid', 'twclid', 'ttclid', 'igshid', 'li_fat_id',
  'mc_cid', 'mc_eid', '_hsenc', '_hsmi', 'mkt_tok', 'ref_src',
]);

function isTracking(parameter: string): boolean {
  const equals = parameter.indexOf('=');
  let name = equals === -1 ? parameter : parameter.slice(0, equals);
  try {
    name = decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    return false;
  }
  name = name.toLowerCase();
  return name.startsWith('utm_') || TRACKING_PARAMETERS.has(name);
}

/**
 * The key of the duplicate check: the address without its `#fragment` and tracking parameters, so
 * the same article reached from a newsletter and from a search is one page. The other parameters
 * keep their order and spelling. A fragment that is a route (`#/inbox`, `#!/post/1`: single-page
 * apps) names a page and stays. `url` must already be a saveable url.
 */
export function urlKey(url: string): string {
  const parsed = new URL(url);
  if (!/^#[/!]/.test(parsed.hash)) parsed.hash = '';
  if (parsed.search) {
    const kept = parsed.search.slice(1).split('&').filter((part) => part !== '' && !isTracking(part));
    parsed.search = kept.length > 0 ? `?${kept.join('&')}` : '';
  }
  return parsed.href;
}
