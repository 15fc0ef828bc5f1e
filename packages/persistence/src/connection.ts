// The database connection, opened (and checked) on demand: the browser may close it under us —
// another connection upgrading, the user clearing site data — and the next write reopens it.
import type { IDBPDatabase } from 'idb';
import { blockedError, closedError } from './errors';
import type { MetaRow } from './internal-stores';
import { openDatabase, type WantedStore } from './open';
import { checkStores, type CheckedStores } from './schema-check';
import type { Settings } from './options';
import type { ErrorInfo } from './types';

export interface Connection {
  /** Opens and checks the stores; the rows describe each collection's store. */
  open(): Promise<{ db: IDBPDatabase; rows: Map<string, MetaRow>; snapshots: unknown[] }>;
  /** The open connection, reopened if it was lost. */
  get(): Promise<IDBPDatabase>;
  /** The connection failed in a way that means it is gone (InvalidStateError): reopen next time. */
  lost(): void;
  close(): void;
}

export function createConnection(settings: Settings, stores: readonly WantedStore[], report: (error: unknown, info: ErrorInfo) => void): Connection {
  let current: IDBPDatabase | undefined;
  let opening: Promise<IDBPDatabase> | undefined;
  let closed = false;

  async function open(): Promise<{ db: IDBPDatabase; rows: Map<string, MetaRow>; snapshots: unknown[] }> {
    const db: IDBPDatabase = await openDatabase({
      factory: settings.factory,
      name: settings.name,
      version: settings.version,
      stores,
      upgrade: settings.upgrade,
      onClosed: () => {
        if (current === db) current = undefined;
      },
      onBlocked: (currentVersion, wantedVersion) => report(blockedError(settings.name, currentVersion, wantedVersion), {}),
    });
    let checked: CheckedStores;
    try {
      checked = await checkStores(db, settings.name, stores);
    } catch (error) {
      db.close();
      throw error;
    }
    if (closed) {
      db.close();
      throw closedError(settings.name);
    }
    current = db;
    return { db, ...checked };
  }

  return {
    open,
    get() {
      if (closed) return Promise.reject(closedError(settings.name));
      if (current !== undefined) return Promise.resolve(current);
      opening ??= open().then(
        ({ db }) => {
          opening = undefined;
          return db;
        },
        (error: unknown) => {
          opening = undefined;
          throw error;
        },
      );
      return opening;
    },
    lost() {
      try {
        current?.close();
      } catch {
        // Closing a broken connection may throw; it is dropped either way.
      }
      current = undefined;
    },
    close() {
      closed = true;
      current?.close();
      current = undefined;
    },
  };
}
