// Plausible reading-list records (the import file format) for tests, screenshots and benchmarks.

const SITES = [
  ['developer.mozilla.org', 'docs', ['web', 'reference']],
  ['web.dev', 'articles', ['web', 'performance']],
  ['blog.rust-lang.org', 'posts', ['rust']],
  ['go.dev', 'blog', ['go']],
  ['jakearchibald.com', 'writing', ['web']],
  ['martinfowler.com', 'articles', ['architecture']],
  ['lwn.net', 'Articles', ['linux']],
  ['sqlite.org', 'docs', ['databases']],
  ['increment.com', 'issues', ['engineering']],
  ['danluu.com', 'notes', ['engineering']],
];

const TOPICS = [
  'A practical guide to IndexedDB transactions',
  'Service worker lifecycles, explained',
  'Designing keyboard-friendly tables',
  'Why your cache invalidation is wrong',
  'Structured clone versus JSON on the wire',
  'Incremental sync without a server',
  'Async Rust in three easy steps',
  'Profiling memory in long-lived pages',
  'The case for boring technology',
  'How B-trees really work',
  'Writing accessible popups',
  'Dark mode that respects the user',
  'Testing browser extensions end to end',
  'Query planners for the curious',
  'A tour of multiEntry indexes',
  'Garbage collection pauses in practice',
  'What makes a benchmark honest',
  'Debouncing, throttling and frames',
  'Schema migrations without downtime',
  'Reading code you did not write',
];

const STATUSES = ['unread', 'unread', 'unread', 'read', 'archived'];

/** `count` records; `day0` is the newest creation time in ms, each record an hour older. */
export function samplePages(count, day0 = Date.UTC(2025, 5, 1, 12)) {
  return Array.from({ length: count }, (_, i) => {
    const [host, section, tags] = SITES[i % SITES.length];
    const topic = TOPICS[(i * 7) % TOPICS.length];
    const title = i < TOPICS.length ? topic : `${topic} (part ${Math.floor(i / TOPICS.length) + 1})`;
    const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
    const createdAt = new Date(day0 - i * 3_600_000).toISOString();
    return {
      url: `https://${host}/${section}/${slug}-${i}`,
      title,
      tags: i % 3 === 0 ? [...tags, 'later'] : tags,
      status: STATUSES[i % STATUSES.length],
      createdAt,
      updatedAt: createdAt,
    };
  });
}
