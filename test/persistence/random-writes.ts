// The writes the seeded random tests make, in one place: ids `k0000` made from numbers, small
// documents. A transaction of a few puts and deletes ('few') is the shape that writes deltas.
import type { createTestStore } from './helpers';

type Store = ReturnType<typeof createTestStore>;

export type RandomWrite =
  | { op: 'put' | 'update' | 'delete'; key: number; n: number }
  | { op: 'few'; keys: number[]; n: number }
  | { op: 'bulkPut' | 'bulkDelete'; from: number; count: number; n: number };

export const id = (i: number) => `k${String(i).padStart(4, '0')}`;

export function applyWrite(db: Store, step: RandomWrite): void {
  const docs = db.messages;
  switch (step.op) {
    case 'put':
      docs.put({ id: id(step.key), n: step.n });
      break;
    case 'update':
      docs.update(id(step.key), { n: step.n, text: undefined });
      break;
    case 'delete':
      docs.delete(id(step.key));
      break;
    case 'few':
      db.transaction(() => {
        for (const key of step.keys) {
          if (docs.has(id(key)) && key % 3 === 0) docs.delete(id(key));
          else docs.put({ id: id(key), n: step.n, text: 'few' });
        }
      });
      break;
    case 'bulkPut':
      docs.bulkPut(Array.from({ length: step.count }, (_, i) => ({ id: id(step.from + i), n: step.n, text: 'bulk' })));
      break;
    case 'bulkDelete':
      docs.bulkDelete(Array.from({ length: step.count }, (_, i) => id(step.from + i)));
      break;
  }
}
