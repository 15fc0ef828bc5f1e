// Timing for every benchmark: an operation is timed in batches, the subject's and the baseline's
// batches alternate so both see the same machine noise, and each side is summarised by its median
// batch. On a small shared machine the median of interleaved batches is what stays stable between
// runs; a single long loop mostly measures whichever neighbour woke up during it.

/**
 * Runs `iterations` operations and returns the milliseconds of the timed part. Untimed set-up and
 * clean-up (preparing inputs, undoing writes) go inside the batch, around a `timeLoop` call.
 */
export type Batch = (iterations: number) => number;

export interface TimingOptions {
  /** Timed milliseconds aimed at per batch; iterations are calibrated to reach it. Default 10. */
  batchMs?: number;
  /** Measured batches per side. Default 15. */
  batches?: number;
  /** Untimed batches per side before measuring. Default 2. */
  warmup?: number;
  /** Upper bound on iterations per batch, for operations that use up inputs. Default 100,000. */
  maxIterations?: number;
}

export interface Comparison {
  /** Median milliseconds per operation of the subject (the code under test). */
  subject: number;
  /** Median milliseconds per operation of the baseline. */
  baseline: number;
  /** baseline / subject: above 1 means the subject is faster. */
  ratio: number;
}

const now = () => performance.now();

/** Times `op(0) … op(iterations - 1)`; returns elapsed milliseconds. */
export function timeLoop(iterations: number, op: (i: number) => void): number {
  const start = now();
  for (let i = 0; i < iterations; i++) op(i);
  return now() - start;
}

/** Collects garbage if node runs with --expose-gc (the bench runner passes it). */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Doubles the iteration count until one batch takes at least `batchMs`. */
function calibrate(batch: Batch, batchMs: number, maxIterations: number): number {
  let iterations = 1;
  for (;;) {
    const elapsed = batch(iterations);
    if (elapsed >= batchMs || iterations >= maxIterations) return iterations;
    // Jump close to the target once a measurable time shows up, instead of doubling all the way.
    const estimate = elapsed > batchMs / 20 ? Math.ceil((iterations * batchMs) / elapsed) : iterations * 2;
    iterations = Math.min(maxIterations, Math.max(iterations * 2, estimate));
  }
}

/** Median milliseconds per operation of `batch`, measured alone. */
export function measure(batch: Batch, options: TimingOptions = {}): number {
  const { batchMs = 10, batches = 15, warmup = 2, maxIterations = 100_000 } = options;
  const iterations = calibrate(batch, batchMs, maxIterations);
  for (let i = 0; i < warmup; i++) batch(iterations);
  const perOp: number[] = [];
  for (let i = 0; i < batches; i++) perOp.push(batch(iterations) / iterations);
  return median(perOp);
}

/**
 * Times `subject` against `baseline` with interleaved batches (subject first on even rounds,
 * baseline first on odd ones, so neither always runs on a warmer cache).
 */
export function compare(subject: Batch, baseline: Batch, options: TimingOptions = {}): Comparison {
  const { batchMs = 10, batches = 15, warmup = 2, maxIterations = 100_000 } = options;
  const subjectIterations = calibrate(subject, batchMs, maxIterations);
  const baselineIterations = calibrate(baseline, batchMs, maxIterations);
  for (let i = 0; i < warmup; i++) {
    subject(subjectIterations);
    baseline(baselineIterations);
  }
  const subjectPerOp: number[] = [];
  const baselinePerOp: number[] = [];
  const runSubject = () => subjectPerOp.push(subject(subjectIterations) / subjectIterations);
  const runBaseline = () => baselinePerOp.push(baseline(baselineIterations) / baselineIterations);
  for (let i = 0; i < batches; i++) {
    if (i % 2 === 0) {
      runSubject();
      runBaseline();
    } else {
      runBaseline();
      runSubject();
    }
  }
  const subjectMs = median(subjectPerOp);
  const baselineMs = median(baselinePerOp);
  return { subject: subjectMs, baseline: baselineMs, ratio: baselineMs / subjectMs };
}

/**
 * Bytes of heap that `build()`'s result keeps alive, measured between two full collections.
 * Inputs built inside `build` and dropped by it are not counted.
 */
export function retainedHeap<T>(build: () => T): { bytes: number; value: T } {
  collectGarbage();
  collectGarbage();
  const before = process.memoryUsage().heapUsed;
  const value = build();
  collectGarbage();
  collectGarbage();
  return { bytes: process.memoryUsage().heapUsed - before, value };
}
