// "Once this turn of the event loop is over": a macrotask, so every write of the current task joins
// the same transaction, but without setTimeout's clamping (1 ms in Node, 4 ms for nested timers in
// browsers), which would add straight to the time until a write is durable.
export function nextTurn(fn: () => void): () => void {
  const { setImmediate, clearImmediate, MessageChannel } = globalThis as {
    setImmediate?: (fn: () => void) => unknown;
    clearImmediate?: (handle: unknown) => void;
    MessageChannel?: typeof globalThis.MessageChannel;
  };
  if (setImmediate !== undefined && clearImmediate !== undefined) {
    const handle = setImmediate(fn);
    return () => clearImmediate(handle);
  }
  if (MessageChannel !== undefined) {
    let cancelled = false;
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      if (!cancelled) fn();
    };
    channel.port2.postMessage(undefined);
    return () => {
      cancelled = true;
      channel.port1.close();
    };
  }
  const handle = setTimeout(fn, 0);
  return () => clearTimeout(handle);
}

interface Scheduler {
  postTask(task: () => void, options: { priority: 'background' }): Promise<void>;
}

/**
 * Resolves in a turn after whatever else waits to run. Where the Prioritized Task Scheduling API
 * is (Chromium, in workers too), a background-priority task: the browser runs every pending event
 * of normal priority first, such as a page's message or a small read. Elsewhere the next turn.
 */
export function yieldTurn(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: Scheduler }).scheduler;
  if (typeof scheduler?.postTask === 'function') return scheduler.postTask(() => undefined, { priority: 'background' });
  return new Promise((resolve) => void nextTurn(resolve));
}
