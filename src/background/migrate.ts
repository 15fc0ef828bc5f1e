// Upgrading a library saved by an older version. Version 2 added derived fields (`titleKey`,
// `urlKey`) and changed another (`words` now holds tags and cuts words with Intl.Segmenter), so
// every stored page has them derived again, inside IndexedDB's upgrade transaction: before the
// store is hydrated, atomically (all pages or, if anything fails, none and the old version stays),
// and once. No code ever sees a page without its derived fields, and no page is written twice.
import type { UpgradeHook } from '@ramify-db/persistence';
import { migrateDocuments } from '@ramify-db/persistence';
import { derive } from '../app/page';

export const upgradeLibrary: UpgradeHook = async (_database, oldVersion, _newVersion, transaction) => {
  // 0: a new database, created empty by persist.
  if (oldVersion >= 1 && oldVersion < 2) await migrateDocuments(transaction, 'pages', derivedAgain);
};

/** A stored page with its derived fields derived again; anything unexpected is left as it was. */
export function derivedAgain(doc: Record<string, unknown>): Record<string, unknown> {
  const { title, url, tags } = doc;
  if (typeof title !== 'string' || typeof url !== 'string' || !Array.isArray(tags) || !tags.every((t) => typeof t === 'string')) return doc;
  try {
    return { ...doc, ...derive(title, url, tags) };
  } catch {
    // An address that no longer parses keeps its old fields rather than blocking the upgrade.
    return doc;
  }
}
