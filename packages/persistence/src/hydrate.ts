// Hydration: every collection is read from disk before persist() resolves, a batch at a time,
// with onProgress(loaded, total) after each batch. Nothing is written back. Before each batch the
// program gets a turn, after whatever else waits (yieldTurn): what else it does (a bridge
// answering pages from snapshots, say) waits for one batch at most, not for the whole load.
import type { IDBPDatabase } from 'idb';
import type { MetaRow } from './internal-stores';
import type { LayoutAdapter } from './layout';
import { loadBatch, type LoadContext } from './load-batch';
import { yieldTurn } from './next-turn';

export async function hydrate(
  db: IDBPDatabase,
  layouts: readonly LayoutAdapter[],
  rows: ReadonlyMap<string, MetaRow>,
  context: LoadContext,
  onProgress: ((loaded: number, total: number) => void) | undefined,
): Promise<void> {
  const progress = (loaded: number, total: number) => {
    try {
      onProgress?.(loaded, total);
    } catch (error) {
      // A broken progress bar must not stop the data from loading.
      context.onError(error, {});
    }
  };
  const counts = await Promise.all(layouts.map((layout) => layout.count(db, rows.get(layout.collection.collectionName))));
  let total = counts.reduce((sum, count) => sum + count, 0);
  let loaded = 0;
  let reported: [number, number] | undefined;
  const report = () => {
    // The total is exact for records; for chunks it is the count saved with the last write.
    total = Math.max(total, loaded);
    reported = [loaded, total];
    progress(loaded, total);
  };
  for (const layout of layouts) {
    const reading = layout.read(db);
    try {
      for (;;) {
        await yieldTurn();
        const next = await reading.next();
        if (next.done === true) break;
        for (const batch of next.value) {
          loadBatch(layout, batch, context);
          loaded += batch.docs.length;
        }
        report();
      }
    } finally {
      // Stops reading when loading failed part way.
      void reading.return(undefined);
    }
  }
  // Always end on loaded === total, even for an empty database.
  if (reported === undefined || reported[0] !== reported[1]) {
    total = loaded;
    report();
  }
}
