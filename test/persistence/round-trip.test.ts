import { describe, expect, it } from 'vitest';
import { createTestStore, freshName, LAYOUTS, memory, persistTest, readDisk } from './helpers';

describe.each(LAYOUTS)('round trip (layout %s)', (layout) => {
  const docs = [
    { id: 'a', text: 'plain', n: 1 },
    { id: 'b', at: new Date(Date.UTC(2024, 1, 29, 12, 30)), tags: ['x', 'y'], meta: { level: 3, nested: { deep: [1, { two: 2 }, null] } } },
    { id: 'c' },
    { id: 'd', n: -0.5, extra: { big: 12345678901234567890n, flag: false, none: null, list: [[1], [new Date(0)]] } },
    { id: 'e', text: '', tags: [], meta: {} },
    { id: 'f', text: 'ünïcødé ✓ \u0000 \ud83d\ude00', n: Number.MAX_SAFE_INTEGER },
  ];

  it('restores every value type, nested objects, arrays and missing fields exactly', async () => {
    const name = freshName();
    const first = createTestStore();
    const p = await persistTest(first, { name, layout });
    first.messages.bulkAdd(docs);
    first.users.add({ id: 7, email: 'ada@example.com', name: 'Ada' });
    await p.close();

    const second = createTestStore();
    await persistTest(second, { name, layout });
    expect(memory(second.messages)).toEqual(docs);
    expect(second.messages.get('b')?.at).toBeInstanceOf(Date);
    expect(second.messages.get('b')?.at?.getTime()).toBe(Date.UTC(2024, 1, 29, 12, 30));
    expect('text' in (second.messages.get('c') as object)).toBe(false);
    expect(second.users.toArray()).toEqual([{ id: 7, email: 'ada@example.com', name: 'Ada' }]);
    expect(second.messages.where('tags').equals('y').keys()).toEqual(['b']);
  });

  it('writes documents to disk equal to memory', async () => {
    const name = freshName();
    const db = createTestStore();
    const p = await persistTest(db, { name, layout });
    db.messages.bulkAdd(docs);
    await p.flush();
    expect(await readDisk(name, 'messages')).toEqual(memory(db.messages));
  });

  it('keeps numeric and string primary keys apart', async () => {
    const name = freshName();
    const db = createTestStore();
    const p = await persistTest(db, { name, layout });
    db.users.bulkAdd([{ id: 1, email: 'one@x' }, { id: 2, email: 'two@x' }]);
    await p.close();
    const again = createTestStore();
    await persistTest(again, { name, layout });
    expect(again.users.keys().sort()).toEqual([1, 2]);
    expect(again.users.get(1)).toEqual({ id: 1, email: 'one@x' });
  });
});
