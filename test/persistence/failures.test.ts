import { isRamifyError } from '@ramify-db/core';
import { openDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestStore, freshName, LAYOUTS, memory, messages, persistTest, readDisk, throwOnRequests, until } from './helpers';

/** Makes the next `count` readwrite transactions fail: aborted after their requests, or refused like a closed connection. */
function failWrites(count: number, how: 'abort' | 'closed' = 'abort') {
  const proto = IDBDatabase.prototype;
  const original = proto.transaction;
  let left = count;
  proto.transaction = function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
    if (args[1] !== 'readwrite' || left === 0) return original.apply(this, args);
    left--;
    if (how === 'closed') throw new DOMException('The database connection is closing.', 'InvalidStateError');
    const tx = original.apply(this, args);
    queueMicrotask(() => tx.abort());
    return tx;
  } as IDBDatabase['transaction'];
  restore = () => {
    proto.transaction = original;
  };
  return { get left() { return left; }, stop: () => { left = 0; } };
}
let restore = () => {};
afterEach(() => restore());

describe.each(LAYOUTS)('failed writes (layout %s)', (layout) => {
  async function setup() {
    const name = freshName();
    const db = createTestStore();
    const errors: unknown[][] = [];
    const p = await persistTest(db, { name, layout, errors });
    return { name, db, p, errors };
  }

  it('rejects flush with PERSISTENCE_FAILED while the write fails, then resolves once it succeeds', async () => {
    const { db, p, name } = await setup();
    const failing = failWrites(1000);
    db.messages.add({ id: 'a', text: 'kept' });
    const flushed = p.flush();
    await expect(flushed).rejects.toMatchObject({ code: 'PERSISTENCE_FAILED' });
    await expect(p.flush()).rejects.toMatchObject({ code: 'PERSISTENCE_FAILED' });
    failing.stop();
    await expect(p.flush()).resolves.toBeUndefined();
    expect(await readDisk(name, 'messages')).toEqual([{ id: 'a', text: 'kept' }]);
  });

  it('keeps the failed changes pending and the error in status', async () => {
    const { db, p } = await setup();
    const failing = failWrites(1000);
    db.messages.bulkAdd(messages(3));
    await p.flush().catch(() => undefined);
    expect(p.status.pending).toBe(3);
    expect(p.status.lastError).toMatchObject({ code: 'PERSISTENCE_FAILED' });
    expect(((p.status.lastError as Error).cause as Error).name).toBe('AbortError');
    failing.stop();
    await p.flush();
    expect(p.status).toEqual({ pending: 0, lastError: undefined });
  });

  it('reports each failure through onError with the collection and keys', async () => {
    const { db, p, errors } = await setup();
    failWrites(1);
    db.messages.bulkAdd([{ id: 'a' }, { id: 'b' }]);
    db.users.add({ id: 9, email: 'x@x' });
    await p.flush().catch(() => undefined);
    expect(errors.map(([error, info]) => [(error as { code: string }).code, info])).toEqual([
      ['PERSISTENCE_FAILED', { collection: 'messages', keys: ['a', 'b'] }],
      ['PERSISTENCE_FAILED', { collection: 'users', keys: [9] }],
    ]);
    expect(isRamifyError(errors[0][0])).toBe(true);
    expect((errors[0][0] as Error).message).toContain('"messages", "users"');
  });

  it('retries by itself with backoff until the write succeeds', async () => {
    const { db, p, name, errors } = await setup();
    const failing = failWrites(3);
    db.messages.bulkAdd(messages(5));
    await until(() => p.status.pending === 0);
    expect(failing.left).toBe(0);
    expect(errors).toHaveLength(3);
    expect(await readDisk(name, 'messages')).toEqual(messages(5));
  });

  it('loses nothing written while writes fail, and keeps their order', async () => {
    const { db, p, name } = await setup();
    db.messages.bulkAdd(messages(4));
    await p.flush();
    const failing = failWrites(1000);
    db.messages.delete('m000000');
    await p.flush().catch(() => undefined);
    db.messages.update('m000001', { text: 'updated while failing' });
    db.messages.add({ id: 'x' });
    await p.flush().catch(() => undefined);
    db.messages.delete('x');
    db.messages.put({ id: 'm000000', text: 'back' });
    failing.stop();
    await p.flush();
    expect(await readDisk(name, 'messages')).toEqual(memory(db.messages));
    expect(db.messages.get('m000000')).toEqual({ id: 'm000000', text: 'back' });
  });

  it('does not bring back a document whose delete failed', async () => {
    const { db, p, name } = await setup();
    db.messages.bulkAdd(messages(3));
    await p.flush();
    const failing = failWrites(1);
    db.messages.delete('m000001');
    await p.flush().catch(() => undefined);
    failing.stop();
    await p.flush();
    expect(await readDisk(name, 'messages')).toEqual([messages(3)[0], messages(3)[2]]);
  });

  it('replays a failed clear before the writes that followed it', async () => {
    const { db, p, name } = await setup();
    db.messages.bulkAdd(messages(3));
    await p.flush();
    const failing = failWrites(1000);
    db.messages.clear();
    await p.flush().catch(() => undefined);
    db.messages.add({ id: 'after' });
    failing.stop();
    await p.flush();
    expect(await readDisk(name, 'messages')).toEqual([{ id: 'after' }]);
  });

  it('reopens a connection that was closed and writes what was queued', async () => {
    const { db, p, name, errors } = await setup();
    failWrites(1, 'closed');
    db.messages.add({ id: 'a' });
    await expect(p.flush()).rejects.toMatchObject({ code: 'PERSISTENCE_FAILED' });
    expect(((errors[0][0] as Error).cause as Error).name).toBe('InvalidStateError');
    await p.flush();
    expect(await readDisk(name, 'messages')).toEqual([{ id: 'a' }]);
  });

  it('recovers after the connection itself was closed under it', async () => {
    const { db, p, name } = await setup();
    const proto = IDBDatabase.prototype;
    const original = proto.transaction;
    let connection: IDBDatabase | undefined;
    proto.transaction = function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
      connection = this;
      return original.apply(this, args);
    } as IDBDatabase['transaction'];
    restore = () => {
      proto.transaction = original;
    };
    db.messages.add({ id: 'a' });
    await p.flush();
    restore();
    connection?.close();
    db.messages.add({ id: 'b' });
    await expect(p.flush()).rejects.toMatchObject({ code: 'PERSISTENCE_FAILED' });
    await p.flush();
    expect(await readDisk(name, 'messages')).toEqual([{ id: 'a' }, { id: 'b' }]);
  });

  it('steps aside for another connection’s upgrade and writes afterwards', async () => {
    const { db, p, name } = await setup();
    db.messages.add({ id: 'a' });
    await p.flush();
    const other = await openDB(name, 5, { upgrade: (database) => void database.createObjectStore('someone-else') });
    other.close();
    db.messages.add({ id: 'b' });
    await p.flush();
    expect(await readDisk(name, 'messages')).toEqual([{ id: 'a' }, { id: 'b' }]);
  });

  it('rejects close while writes fail, and closes once they succeed', async () => {
    const { db, p, name } = await setup();
    const failing = failWrites(1000);
    db.messages.add({ id: 'a' });
    await expect(p.close()).rejects.toMatchObject({ code: 'PERSISTENCE_FAILED' });
    failing.stop();
    await p.close();
    expect(await readDisk(name, 'messages')).toEqual([{ id: 'a' }]);
  });

  it('keeps following the store when close failed', async () => {
    const { db, p, name } = await setup();
    const failing = failWrites(1000);
    db.messages.add({ id: 'a' });
    await p.close().catch(() => undefined);
    db.messages.add({ id: 'b' });
    failing.stop();
    await p.flush();
    expect(await readDisk(name, 'messages')).toEqual([{ id: 'a' }, { id: 'b' }]);
  });
});

describe.each(LAYOUTS)('requests that throw synchronously (layout %s)', (layout) => {
  async function setup(count: number) {
    const name = freshName();
    const db = createTestStore();
    const errors: unknown[][] = [];
    const p = await persistTest(db, { name, layout, errors });
    db.messages.bulkAdd(messages(count));
    await p.flush();
    return { name, db, p, errors };
  }

  async function reopened(name: string) {
    const again = createTestStore();
    await persistTest(again, { name, layout });
    return memory(again.messages);
  }

  /** The change is made, its first request throws, flush rejects; the retry then writes it. */
  async function failOnceThenRetry(p: { flush(): Promise<void>; readonly status: { pending: number } }, errors: unknown[][], change: () => void) {
    const throwing = throwOnRequests((n) => n === 1);
    change();
    await expect(p.flush()).rejects.toMatchObject({ code: 'PERSISTENCE_FAILED' });
    expect(throwing.thrown).toBe(1);
    expect(((errors.at(-1)?.[0] as Error).cause as Error).name).toBe('DataCloneError');
    throwing.stop();
    await p.flush();
    expect(p.status.pending).toBe(0);
  }

  it('does not bring back a document whose delete threw', async () => {
    const { name, db, p, errors } = await setup(600);
    await failOnceThenRetry(p, errors, () => db.messages.delete('m000001'));
    const left = messages(600).filter((doc) => doc.id !== 'm000001');
    expect(await readDisk(name, 'messages')).toEqual(left);
    await p.close();
    expect(await reopened(name)).toEqual(left);
  });

  it('does not bring back documents whose bulkDelete threw', async () => {
    const { name, db, p, errors } = await setup(1200);
    const doomed = messages(60, 550).map((doc) => doc.id);
    await failOnceThenRetry(p, errors, () => db.messages.bulkDelete(doomed));
    expect(await readDisk(name, 'messages')).toEqual(memory(db.messages));
    await p.close();
    expect(await reopened(name)).toEqual(memory(db.messages));
    expect(db.messages.count()).toBe(1140);
  });

  it('writes a new document whose put threw', async () => {
    const { name, db, p, errors } = await setup(600);
    await failOnceThenRetry(p, errors, () => db.messages.add({ id: 'new', n: 1 }));
    await p.close();
    expect(await reopened(name)).toEqual([...messages(600), { id: 'new', n: 1 }]);
  });

  it('writes an update whose put threw', async () => {
    const { name, db, p, errors } = await setup(600);
    await failOnceThenRetry(p, errors, () => db.messages.update('m000550', { text: 'changed' }));
    await p.close();
    expect((await reopened(name)).find((doc) => (doc as { id: string }).id === 'm000550')).toEqual({ id: 'm000550', text: 'changed', n: 550 });
  });

  it('clears the store when the clear threw', async () => {
    const { name, db, p, errors } = await setup(600);
    await failOnceThenRetry(p, errors, () => {
      db.messages.clear();
      db.messages.add({ id: 'after' });
    });
    await p.close();
    expect(await reopened(name)).toEqual([{ id: 'after' }]);
  });
});
