// Timing for the peers benchmark: several databases, some of them asynchronous, timed on one
// operation with interleaved batches (each round starts with the next database, so none always
// runs first) and summarised by their median batch, as bench/timing.ts does for two synchronous
// sides. A database that is slow enough to use up the time budget of a row stops after fewer
// batches, so one slow peer cannot make the whole run take hours.
import { collectGarbage, median } from '../timing';
import type { Maybe } from './adapter';

/** Runs `iterations` operations; resolves to the milliseconds of the timed part. */
export type AsyncBatch = (iterations: number) => Maybe<number>;

export interface RaceOptions {
  /** Timed milliseconds aimed at per batch. Default 10. */
  batchMs?: number;
  /** Measured batches per database, at most. Default 15. */
  batches?: number;
  /** Untimed batches per database before measuring (the calibration runs count as one more). Default 2. */
  warmup?: number;
  /** Upper bound on iterations per batch. Default 100,000. */
  maxIterations?: number;
  /** Measured batches a database always gets. Default 3. */
  minBatches?: number;
  /** Wall-clock milliseconds per database after which it stops, once it has `minBatches`. Default 5,000. */
  budgetMs?: number;
}

let sink = 0;

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';

/** Feeds a result to a sink the engine cannot see through, so no read is optimised away. */
function consume(result: unknown): void {
  sink += Array.isArray(result) ? result.length : result === undefined || result === null ? 0 : 1;
}

/**
 * Times `op(0) … op(iterations - 1)`, awaiting each operation that returns a promise (and only
 * those: a synchronous database pays no promise per operation). Resolves to elapsed milliseconds.
 */
export async function timed(iterations: number, op: (i: number) => unknown): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < iterations; i++) {
    let result = op(i);
    if (isThenable(result)) result = await result;
    consume(result);
  }
  return performance.now() - start;
}

/** Runs `op(0) … op(iterations - 1)` untimed, awaiting as `timed` does (set-up and clean-up). */
export async function untimed(iterations: number, op: (i: number) => unknown): Promise<void> {
  for (let i = 0; i < iterations; i++) {
    const result = op(i);
    if (isThenable(result)) await result;
  }
}

async function calibrate(batch: AsyncBatch, batchMs: number, maxIterations: number): Promise<number> {
  let iterations = 1;
  for (;;) {
    const elapsed = await batch(iterations);
    if (elapsed >= batchMs || iterations >= maxIterations) return iterations;
    const estimate = elapsed > batchMs / 20 ? Math.ceil((iterations * batchMs) / elapsed) : iterations * 2;
    iterations = Math.min(maxIterations, Math.max(iterations * 2, estimate));
  }
}

/**
 * Median milliseconds per operation of each batch, measured in interleaved rounds; `undefined`
 * where a database has no batch (an operation it cannot do).
 */
export async function race(batches: readonly (AsyncBatch | undefined)[], options: RaceOptions = {}): Promise<(number | undefined)[]> {
  const { batchMs = 10, batches: rounds = 15, warmup = 2, maxIterations = 100_000, minBatches = 3, budgetMs = 5000 } = options;
  const sides = batches.map((batch) => ({ batch, iterations: 0, spent: 0, perOp: [] as number[] }));
  const run = async (side: (typeof sides)[number]) => {
    const start = performance.now();
    const elapsed = await side.batch!(side.iterations);
    side.spent += performance.now() - start;
    return elapsed / side.iterations;
  };
  for (const side of sides) {
    if (side.batch === undefined) continue;
    const start = performance.now();
    side.iterations = await calibrate(side.batch, batchMs, maxIterations);
    side.spent += performance.now() - start;
  }
  const active = sides.filter((side) => side.batch !== undefined);
  for (let round = 0; round < warmup + rounds; round++) {
    for (let k = 0; k < active.length; k++) {
      const side = active[(round + k) % active.length];
      if (round < warmup) {
        if (side.spent < budgetMs / 4) await run(side);
      } else if (side.perOp.length < minBatches || side.spent < budgetMs) {
        side.perOp.push(await run(side));
      }
    }
  }
  return sides.map((side) => (side.batch === undefined ? undefined : median(side.perOp)));
}

/**
 * Bytes of heap that `build()`'s result keeps alive, measured between full collections (node runs
 * with --expose-gc). Inputs built inside `build` and dropped by it are not counted.
 */
export async function retainedHeapAsync<T>(build: () => Promise<T>): Promise<{ bytes: number; value: T }> {
  collectGarbage();
  collectGarbage();
  const before = process.memoryUsage().heapUsed;
  const value = await build();
  // Let timers and idle callbacks a database scheduled after its load run before measuring.
  await new Promise((resolve) => setTimeout(resolve, 100));
  collectGarbage();
  collectGarbage();
  return { bytes: process.memoryUsage().heapUsed - before, value };
}

export const sinkValue = () => sink;
