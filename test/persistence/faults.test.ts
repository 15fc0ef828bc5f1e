// Random writes under random faults (seeded, so a failure replays): a request that throws
// synchronously at any point of a write, a transaction aborted after its requests were issued, a
// connection that refuses new transactions. Whatever failed, a flush that resolves means IndexedDB
// equals memory; and a restart after writes that never succeeded hydrates exactly what memory held
// at the last resolved flush.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { deleteDB } from 'idb';
import { persist, type Persistence } from '@ramify-db/persistence';
import { createTestStore, freshName, LAYOUTS, memory, readDisk, throwOnRequests, tick } from './helpers';
import { applyWrite, id, type RandomWrite } from './random-writes';

type Fault = { kind: 'throw'; at: number } | { kind: 'abort' } | { kind: 'closed' };

/** Arms one fault at a time for the writes to come; `always` makes every write fail. */
function faultInjector() {
  let armed: Fault | undefined;
  let requests = 0;
  let always = false;
  const throwing = throwOnRequests(() => {
    if (armed?.kind !== 'throw') return false;
    if (++requests < armed.at) return false;
    armed = undefined;
    return true;
  });
  const proto = IDBDatabase.prototype;
  const original = proto.transaction;
  proto.transaction = function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
    if (args[1] !== 'readwrite') return original.apply(this, args);
    if (always || armed?.kind === 'closed') {
      if (!always) armed = undefined;
      throw new DOMException('The database connection is closing.', 'InvalidStateError');
    }
    const tx = original.apply(this, args);
    if (armed?.kind === 'abort') {
      armed = undefined;
      queueMicrotask(() => tx.abort());
    }
    return tx;
  } as IDBDatabase['transaction'];
  const stop = () => {
    throwing.stop();
    proto.transaction = original;
  };
  restore = stop;
  return {
    arm(fault: Fault) {
      armed = fault;
      requests = 0;
    },
    failEverything(on: boolean) {
      always = on;
      armed = undefined;
    },
    stop,
  };
}
let restore = () => {};
afterEach(() => restore());

const keyArb = fc.integer({ min: 0, max: 1600 });

type Op =
  | RandomWrite
  | { op: 'large'; keys: number[]; kib: number }
  | { op: 'clear' | 'turn' | 'flush' | 'restart' }
  | { op: 'fault'; fault: Fault };

const faultArb: fc.Arbitrary<Fault> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('throw' as const), at: fc.integer({ min: 1, max: 60 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'abort' } as Fault) },
  { weight: 1, arbitrary: fc.constant({ kind: 'closed' } as Fault) },
);

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constantFrom('put', 'update', 'delete'), key: keyArb, n: fc.integer() }) as fc.Arbitrary<Op> },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('few'), keys: fc.array(keyArb, { minLength: 1, maxLength: 49 }), n: fc.integer() }) as fc.Arbitrary<Op> },
  { weight: 3, arbitrary: fc.record({ op: fc.constantFrom('bulkPut', 'bulkDelete'), from: keyArb, count: fc.integer({ min: 50, max: 700 }), n: fc.integer() }) as fc.Arbitrary<Op> },
  // Documents large enough that chunks are split by size (a few keys: fake-indexeddb holds it all in memory).
  { weight: 1, arbitrary: fc.record({ op: fc.constant('large'), keys: fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 1, maxLength: 6 }), kib: fc.integer({ min: 300, max: 1500 }) }) as fc.Arbitrary<Op> },
  { weight: 1, arbitrary: fc.constant({ op: 'clear' } as Op) },
  { weight: 4, arbitrary: fc.constantFrom({ op: 'turn' } as Op, { op: 'flush' } as Op) },
  { weight: 1, arbitrary: fc.constant({ op: 'restart' } as Op) },
  { weight: 5, arbitrary: fc.record({ op: fc.constant('fault'), fault: faultArb }) as fc.Arbitrary<Op> },
);

type Store = ReturnType<typeof createTestStore>;

/** Disarms the faults and flushes until a flush resolves (one may still reject: its write was already failing). */
async function settle(p: { flush(): Promise<void> }, faults: ReturnType<typeof faultInjector>): Promise<void> {
  faults.arm({ kind: 'throw', at: Infinity });
  await p.flush().catch(() => p.flush());
}

function apply(db: Store, step: RandomWrite | { op: 'large'; keys: number[]; kib: number }): void {
  if (step.op !== 'large') return applyWrite(db, step);
  db.transaction(() => {
    for (const key of step.keys) db.messages.put({ id: id(key), n: step.kib, text: large(step.kib) });
  });
}

/** One text per size, shared by the documents that use it. */
const texts = new Map<number, string>();
function large(kib: number): string {
  let text = texts.get(kib);
  if (text === undefined) texts.set(kib, (text = 'x'.repeat(kib * 1024)));
  return text;
}

describe.each(LAYOUTS)('writes under random faults (layout %s)', (layout) => {
  it('keeps IndexedDB equal to memory after every resolved flush, and loses nothing across restarts', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 20, maxLength: 70, size: 'max' }), fc.boolean(), async (ops, prefill) => {
        const faults = faultInjector();
        const sessions: Persistence[] = [];
        const name = freshName();
        try {
          await run(name, ops, prefill, faults, sessions);
        } finally {
          faults.stop();
          // Each run lets its sessions and database go: fake-indexeddb holds everything in memory.
          for (const session of sessions) await session.close().catch(() => undefined);
          await deleteDB(name);
        }
      }),
      { seed: 20_250_311, numRuns: 40 },
    );
  }, 180_000);

  async function run(name: string, ops: Op[], prefill: boolean, faults: ReturnType<typeof faultInjector>, sessions: Persistence[]): Promise<void> {
    const open = async (db: Store) => {
      const session = await persist(db, { name, layout, onError: () => {} });
      sessions.push(session);
      return session;
    };
    let db = createTestStore();
    let p = await open(db);
    if (prefill) {
      db.messages.bulkPut(Array.from({ length: 1500 }, (_, i) => ({ id: id(i), n: i })));
      await p.flush();
    }
    let durable = memory(db.messages);
    for (const step of ops) {
      switch (step.op) {
        case 'fault':
          faults.arm(step.fault);
          break;
        case 'clear':
          db.messages.clear();
          break;
        case 'turn':
          await tick();
          break;
        case 'flush': {
          const resolved = await p.flush().then(
            () => true,
            () => false,
          );
          if (resolved) {
            durable = memory(db.messages);
            expect(await readDisk(name, 'messages')).toEqual(durable);
          }
          break;
        }
        case 'restart': {
          await settle(p, faults);
          await p.close();
          durable = memory(db.messages);
          db = createTestStore();
          p = await open(db);
          expect(memory(db.messages)).toEqual(durable);
          break;
        }
        default:
          apply(db, step);
      }
    }
    await settle(p, faults);
    durable = memory(db.messages);
    expect(await readDisk(name, 'messages')).toEqual(durable);
    // A crash: later writes never succeed, then the next session starts from disk.
    faults.failEverything(true);
    apply(db, { op: 'bulkDelete', from: 0, count: 200, n: 0 });
    apply(db, { op: 'few', keys: [1, 2, 3, 1599], n: 7 });
    await expect(p.flush()).rejects.toMatchObject({ code: 'PERSISTENCE_FAILED' });
    const next = createTestStore();
    await open(next);
    expect(memory(next.messages)).toEqual(durable);
  }
});
