// The two timing primitives of the write queue, on their own: the next turn and the retry delays.
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_RETRY_MS, retryDelay } from '../../packages/persistence/src/backoff';
import { nextTurn } from '../../packages/persistence/src/next-turn';

const realSetImmediate = globalThis.setImmediate;
const realClearImmediate = globalThis.clearImmediate;
afterEach(() => {
  globalThis.setImmediate = realSetImmediate;
  globalThis.clearImmediate = realClearImmediate;
});

/** Runs the test's nextTurn calls without setImmediate, as in a browser (MessageChannel). */
function asInBrowser(): void {
  (globalThis as { setImmediate?: unknown }).setImmediate = undefined;
  (globalThis as { clearImmediate?: unknown }).clearImmediate = undefined;
}

describe.each([
  ['setImmediate', () => undefined],
  ['MessageChannel', asInBrowser],
])('nextTurn with %s', (_, prepare) => {
  it('runs after the current task and its microtasks', async () => {
    prepare();
    const order: string[] = [];
    const done = new Promise<void>((resolve) =>
      nextTurn(() => {
        order.push('next turn');
        resolve();
      }),
    );
    void Promise.resolve().then(() => order.push('microtask'));
    order.push('same task');
    await done;
    expect(order).toEqual(['same task', 'microtask', 'next turn']);
  });

  it('does not run once cancelled', async () => {
    prepare();
    let ran = false;
    const cancel = nextTurn(() => {
      ran = true;
    });
    cancel();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(ran).toBe(false);
  });
});

describe('retryDelay', () => {
  it('doubles from 50 ms', () => {
    expect([1, 2, 3, 4].map(retryDelay)).toEqual([50, 100, 200, 400]);
  });

  it('stops growing at 5 s', () => {
    expect([7, 8, 30, 1000].map(retryDelay)).toEqual([3200, MAX_RETRY_MS, MAX_RETRY_MS, MAX_RETRY_MS]);
    expect(MAX_RETRY_MS).toBe(5000);
  });
});
