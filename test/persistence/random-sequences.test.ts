// Random sequences of writes, turns and flushes (seeded, so a failure replays): after every flush
// the disk must equal memory, and a new session must hydrate exactly what memory held.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTestStore, freshName, LAYOUTS, memory, persistTest, readDisk, tick } from './helpers';
import { applyWrite, id, type RandomWrite } from './random-writes';

const small = fc.integer({ min: 0, max: 40 });
const wide = fc.integer({ min: 0, max: 1500 });

type Op =
  | Exclude<RandomWrite, { op: 'few' }>
  | { op: 'move'; key: number; to: number }
  | { op: 'thin'; from: number; count: number; n: number }
  | { op: 'clear' | 'turn' | 'flush' }
  | { op: 'transaction'; keys: number[]; n: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ op: fc.constantFrom('put', 'update', 'delete'), key: small, n: fc.integer() }) as fc.Arbitrary<Op> },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('move'), key: small, to: small }) as fc.Arbitrary<Op> },
  { weight: 3, arbitrary: fc.record({ op: fc.constantFrom('bulkPut', 'bulkDelete'), from: wide, count: fc.integer({ min: 1, max: 700 }), n: fc.integer() }) as fc.Arbitrary<Op> },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('thin'), from: fc.integer({ min: 0, max: 300 }), count: fc.integer({ min: 200, max: 1500 }), n: fc.integer() }) as fc.Arbitrary<Op> },
  { weight: 1, arbitrary: fc.constant({ op: 'clear' } as Op) },
  { weight: 3, arbitrary: fc.constantFrom({ op: 'turn' } as Op, { op: 'flush' } as Op) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('transaction'), keys: fc.array(small, { maxLength: 6 }), n: fc.integer() }) as fc.Arbitrary<Op> },
);

describe.each(LAYOUTS)('random sequences (layout %s)', (layout) => {
  it('keeps IndexedDB equal to the store after every flush and across a restart', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 15, maxLength: 60, size: 'max' }), fc.boolean(), async (ops, prefill) => {
        const name = freshName();
        const db = createTestStore();
        const p = await persistTest(db, { name, layout });
        const docs = db.messages;
        // Half the runs start from three full chunks, so thinning leaves several sparse ones.
        if (prefill) docs.bulkPut(Array.from({ length: 1500 }, (_, i) => ({ id: id(i), n: i })));
        for (const step of ops) {
          switch (step.op) {
            case 'move':
              if (docs.has(id(step.key)) && !docs.has(id(step.to))) docs.update(id(step.key), { id: id(step.to) });
              break;
            case 'thin':
              // Deletes nine keys in ten: leaves sparse chunks behind.
              docs.bulkDelete(Array.from({ length: step.count }, (_, i) => id(step.from + i)).filter((_, i) => i % 10 !== 0));
              break;
            case 'clear':
              docs.clear();
              break;
            case 'transaction':
              db.transaction(() => {
                for (const key of step.keys) {
                  if (docs.has(id(key))) docs.delete(id(key));
                  else docs.add({ id: id(key), n: step.n });
                }
              });
              break;
            case 'turn':
              await tick();
              break;
            case 'flush':
              await p.flush();
              expect(await readDisk(name, 'messages')).toEqual(memory(docs));
              break;
            default:
              applyWrite(db, step);
          }
        }
        await p.close();
        expect(await readDisk(name, 'messages')).toEqual(memory(docs));
        const again = createTestStore();
        const q = await persistTest(again, { name, layout });
        expect(memory(again.messages)).toEqual(memory(docs));
        await q.close();
      }),
      { seed: 20_240_611, numRuns: 40 },
    );
  }, 120_000);
});
