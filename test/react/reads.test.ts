// @vitest-environment jsdom
// How a remote count or document is read again after change events, against a collection whose
// answers the test releases one by one: at most one read in flight, one more for any events
// meanwhile, every answer shown, and nothing asked or shown after unmount.
import { afterEach, describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { RamifyError } from '@ramify-db/core';
import type { RemoteChangeListener, RemoteChangeType } from '../../packages/bridge/src/remote-types';
import { useCount } from '@ramify-db/react';
import { mount, step } from './dom';
import { number, probe } from './probe';

/** A stand-in for a remote collection: `count()` answers only when the test says so. */
function manualCollection() {
  const listeners = new Set<RemoteChangeListener<string>>();
  const reads: { resolve(n: number): void; reject(error: unknown): void }[] = [];
  return {
    reads,
    emit(type: RemoteChangeType, keys: string[] = []) {
      for (const listener of [...listeners]) void listener(type, keys);
    },
    get listeners() {
      return listeners.size;
    },
    collection: {
      subscribe(listener: RemoteChangeListener<string>) {
        listeners.add(listener);
        return () => void listeners.delete(listener);
      },
      count: () => new Promise<number>((resolve, reject) => reads.push({ resolve, reject })),
    },
  };
}

let view: ReturnType<typeof mount> | undefined;

/** Mounts a useCount of a manual collection and answers its first read with `first`. */
async function counting(first: number) {
  const remote = manualCollection();
  const count = probe(() => useCount(remote.collection), number);
  const shown = mount(createElement(count.Probe, { arg: 0 }));
  view = shown;
  await step(() => remote.reads[0].resolve(first));
  return { remote, count, shown };
}

afterEach(() => {
  view?.unmount();
  view = undefined;
});

describe('reads of a remote collection', () => {
  it('reads once on mount, and shows loading until the answer', async () => {
    const remote = manualCollection();
    const count = probe(() => useCount(remote.collection), number);
    view = mount(createElement(count.Probe, { arg: 0 }));
    expect(remote.reads.length).toBe(1);
    expect(view.html).toBe('<output>loading</output>');
    await step(() => remote.reads[0].resolve(3));
    expect(view.html).toBe('<output>ready: 3</output>');
  });

  it('asks once more for any number of events during a read, and shows every answer', async () => {
    const { remote, count } = await counting(3);
    remote.emit('create', ['a']);
    remote.emit('create', ['b']);
    remote.emit('create', ['c']);
    expect(remote.reads.length).toBe(2);
    remote.emit('create', ['d']);
    await step(() => remote.reads[1].resolve(4));
    expect(remote.reads.length).toBe(3);
    await step(() => remote.reads[2].resolve(6));
    expect(remote.reads.length).toBe(3);
    expect(count.commits).toEqual(['loading', 'ready: 3', 'ready: 4', 'ready: 6']);
  });

  it("reads again on 'resync'", async () => {
    const { remote, count } = await counting(3);
    remote.emit('resync');
    await step(() => remote.reads[1].resolve(5));
    expect(count.commits).toEqual(['loading', 'ready: 3', 'ready: 5']);
  });

  it('shows a failed read as the error state, keeping the last value, and recovers at the next event', async () => {
    const { remote, count, shown } = await counting(3);
    remote.emit('create', ['a']);
    await step(() => remote.reads[1].reject(new RamifyError('TIMEOUT', 'pages.count: no answer from the background within 10000 ms')));
    expect(shown.html).toBe('<output>error TIMEOUT: 3</output>');
    remote.emit('create', ['b']);
    await step(() => remote.reads[2].resolve(5));
    expect(count.commits).toEqual(['loading', 'ready: 3', 'error TIMEOUT: 3', 'ready: 5']);
  });

  it('asks and shows nothing after unmount, even with a read in flight and another due', async () => {
    const { remote, count, shown } = await counting(3);
    remote.emit('create', ['a']);
    remote.emit('create', ['b']);
    shown.unmount();
    view = undefined;
    expect(remote.listeners).toBe(0);
    await step(() => remote.reads[1].resolve(5));
    expect(remote.reads.length).toBe(2);
    expect(count.states.length).toBe(2);
  });
});
