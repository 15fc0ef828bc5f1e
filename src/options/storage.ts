// Storage figures: counts from indexed count() queries, disk use from navigator.storage.estimate().
import { STATUSES } from '../app/schema';
import { formatBytes, formatCount } from '../app/format';
import { byId, setText } from '../app/ui/dom';
import type { RemoteDb } from './db';

export function showStorage(db: RemoteDb): void {
  const summary = byId('summary');
  let queued = false;

  async function refresh(): Promise<void> {
    const [total, ...byStatus] = await Promise.all([
      db.pages.count(),
      ...STATUSES.map((status) => db.pages.where('status').equals(status).count()),
    ]);
    setText(byId('figure-total'), total.toLocaleString('en-US'));
    STATUSES.forEach((status, i) => setText(byId(`figure-${status}`), byStatus[i].toLocaleString('en-US')));
    setText(summary, `${formatCount(total, 'page', 'pages')} · ${byStatus[0].toLocaleString('en-US')} unread`);
    const estimate = await navigator.storage?.estimate?.();
    if (estimate) {
      setText(byId('figure-usage'), estimate.usage === undefined ? 'unknown' : formatBytes(estimate.usage));
      setText(byId('figure-quota'), estimate.quota === undefined ? 'unknown' : formatBytes(estimate.quota));
    }
  }

  const schedule = () => {
    if (queued) return;
    queued = true;
    setTimeout(() => {
      queued = false;
      refresh().catch(() => undefined);
    }, 250);
  };

  db.pages.subscribe(schedule);
  refresh().catch(() => undefined);
}
