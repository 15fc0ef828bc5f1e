import { describe, expect, it } from 'vitest';
import { countWrites, createTestStore, freshName, LAYOUTS, memory, messages, persistTest, readDisk, tick } from './helpers';

describe.each(LAYOUTS)('write-through (layout %s)', (layout) => {
  async function setup() {
    const name = freshName();
    const db = createTestStore();
    const p = await persistTest(db, { name, layout });
    const disk = async () => {
      await p.flush();
      return readDisk(name, 'messages');
    };
    return { name, db, p, disk };
  }

  it('writes a create, an update and a delete through', async () => {
    const { db, disk } = await setup();
    db.messages.add({ id: 'a', text: 'one' });
    expect(await disk()).toEqual([{ id: 'a', text: 'one' }]);
    db.messages.update('a', { text: 'two' });
    expect(await disk()).toEqual([{ id: 'a', text: 'two' }]);
    db.messages.delete('a');
    expect(await disk()).toEqual([]);
  });

  it('leaves nothing on disk for a put then a delete in one turn', async () => {
    const { db, disk } = await setup();
    db.messages.put({ id: 'a' });
    db.messages.delete('a');
    expect(await disk()).toEqual([]);
  });

  it('starts no transaction for a key created and deleted in the same turn', async () => {
    const { db, p } = await setup();
    const { writes } = await countWrites(async () => {
      db.messages.add({ id: 'a' });
      db.messages.delete('a');
      await p.flush();
      await tick();
    });
    expect(writes).toBe(0);
  });

  it('ends with the document for a delete then a put in one turn', async () => {
    const { db, p, disk } = await setup();
    db.messages.add({ id: 'a', text: 'old' });
    await p.flush();
    db.messages.delete('a');
    db.messages.put({ id: 'a', text: 'new' });
    expect(await disk()).toEqual([{ id: 'a', text: 'new' }]);
  });

  it('clears the store before writing what was added after a clear', async () => {
    const { db, p, disk } = await setup();
    db.messages.bulkAdd(messages(3));
    await p.flush();
    db.messages.add({ id: 'before-clear' });
    db.messages.clear();
    db.messages.add({ id: 'after-clear' });
    expect(await disk()).toEqual([{ id: 'after-clear' }]);
  });

  it('moves the document on disk when update changes its primary key', async () => {
    const { db, p, disk } = await setup();
    db.messages.add({ id: 'old', text: 'x' });
    await p.flush();
    db.messages.update('old', { id: 'new' });
    expect(await disk()).toEqual([{ id: 'new', text: 'x' }]);
  });

  it('writes the net result of a store transaction', async () => {
    const { db, disk } = await setup();
    db.transaction(() => {
      db.messages.add({ id: 'a' });
      db.messages.add({ id: 'b' });
      db.messages.delete('a');
      db.users.add({ id: 1, email: 'e@x' });
    });
    expect(await disk()).toEqual([{ id: 'b' }]);
  });

  it('writes nothing for a store transaction that threw', async () => {
    const { db, p } = await setup();
    const { writes } = await countWrites(async () => {
      expect(() =>
        db.transaction(() => {
          db.messages.add({ id: 'a' });
          throw new Error('no');
        }),
      ).toThrow('no');
      await p.flush();
      await tick();
    });
    expect(writes).toBe(0);
  });

  it('coalesces every write of one turn, in every collection, into one transaction', async () => {
    const { db, p } = await setup();
    const { writes } = await countWrites(async () => {
      for (const doc of messages(50)) db.messages.add(doc);
      db.messages.update('m000001', { text: 'changed' });
      db.messages.delete('m000002');
      db.users.add({ id: 1, email: 'a@x' });
      db.users.put({ id: 2, email: 'b@x' });
      await p.flush();
    });
    expect(writes).toBe(1);
  });

  it('writes the changes of a later turn in a later transaction', async () => {
    const { db, p } = await setup();
    const { writes } = await countWrites(async () => {
      db.messages.add({ id: 'a' });
      await p.flush();
      db.messages.add({ id: 'b' });
      await p.flush();
    });
    expect(writes).toBe(2);
  });

  it('counts the changes not yet durable in status.pending', async () => {
    const { db, p } = await setup();
    db.messages.bulkAdd(messages(3));
    db.users.add({ id: 1, email: 'a@x' });
    expect(p.status).toEqual({ pending: 4, lastError: undefined });
    await p.flush();
    expect(p.status).toEqual({ pending: 0, lastError: undefined });
  });

  it('resolves flush at once when nothing is pending', async () => {
    const { p } = await setup();
    await expect(p.flush()).resolves.toBeUndefined();
  });

  it('includes in a flush every change made before it, even those made while a write was running', async () => {
    const { db, p, name } = await setup();
    db.messages.add({ id: 'a' });
    const first = p.flush();
    await tick();
    db.messages.add({ id: 'b' });
    await Promise.all([first, p.flush()]);
    expect(await readDisk(name, 'messages')).toEqual([{ id: 'a' }, { id: 'b' }]);
  });

  it('writes a bulk add of many documents', async () => {
    const { db, disk } = await setup();
    db.messages.bulkAdd(messages(1234));
    expect(await disk()).toEqual(memory(db.messages));
  });

  it('writes every collection to its own object store', async () => {
    const { db, name, p } = await setup();
    db.messages.add({ id: 'a' });
    db.users.add({ id: 5, email: 'u@x' });
    await p.flush();
    expect(await readDisk(name, 'users')).toEqual([{ id: 5, email: 'u@x' }]);
    expect(await readDisk(name, 'messages')).toEqual([{ id: 'a' }]);
  });

  it('empties every store after store.delete()', async () => {
    const { db, name, p } = await setup();
    db.messages.add({ id: 'a' });
    db.users.add({ id: 5, email: 'u@x' });
    await p.flush();
    db.delete();
    await p.flush();
    expect(await readDisk(name, 'users')).toEqual([]);
    expect(await readDisk(name, 'messages')).toEqual([]);
  });

  it('uses strict durability by default', async () => {
    const { db, p } = await setup();
    const seen = await durabilityOf(async () => {
      db.messages.add({ id: 'a' });
      await p.flush();
    });
    expect(seen).toEqual(['strict']);
  });

  it('uses the durability it is given', async () => {
    const name = freshName();
    const db = createTestStore();
    const p = await persistTest(db, { name, layout, durability: 'relaxed' });
    const seen = await durabilityOf(async () => {
      db.messages.add({ id: 'a' });
      await p.flush();
    });
    expect(seen).toEqual(['relaxed']);
  });

  it('stops writing after close and closes the connection', async () => {
    const { db, p, name } = await setup();
    db.messages.add({ id: 'a' });
    await p.close();
    db.messages.add({ id: 'b' });
    await tick();
    expect(await readDisk(name, 'messages')).toEqual([{ id: 'a' }]);
    expect(p.status.pending).toBe(0);
  });
});

async function durabilityOf(fn: () => Promise<void>): Promise<string[]> {
  const proto = IDBDatabase.prototype;
  const original = proto.transaction;
  const seen: string[] = [];
  proto.transaction = function (this: IDBDatabase, names: string | string[], mode?: IDBTransactionMode, options?: IDBTransactionOptions) {
    if (mode === 'readwrite') seen.push(options?.durability ?? 'default');
    return original.call(this, names, mode, options);
  } as IDBDatabase['transaction'];
  try {
    await fn();
  } finally {
    proto.transaction = original;
  }
  return seen;
}
