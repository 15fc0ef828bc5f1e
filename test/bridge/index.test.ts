// The public entry wires webextension-polyfill's runtime by default. The polyfill passes through a
// native `browser` namespace, so the test puts the fake runtime there before loading the entry.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Ramify } from '@ramify-db/core';
import type { BridgeRuntime } from '../../packages/bridge/src/runtime';
import { createFakeBrowser } from './fake-runtime';
import { definitions, page, run, useFakeTime, visible, type TestSchema } from './harness';

const globals = globalThis as { chrome?: unknown; browser?: unknown };

beforeAll(() => useFakeTime());
afterAll(() => {
  delete globals.chrome;
  delete globals.browser;
  vi.useRealTimers();
});

describe('the public entry', () => {
  it('serves and connects over the browser runtime when none is given', async () => {
    // One `browser` namespace whose runtime is the page's or the background's, as each context has its own.
    const namespace: { runtime?: BridgeRuntime } = {};
    const fake = createFakeBrowser({
      background: (runtime) => {
        namespace.runtime = runtime;
        const db = new Ramify().createStore(definitions);
        db.pages.add(page(1));
        bridge.serve(db);
      },
    });
    globals.chrome = { runtime: { id: fake.id } };
    globals.browser = namespace;
    namespace.runtime = fake.page();
    const bridge = await import('@ramify-db/bridge');
    const remote = bridge.connect<TestSchema>({ visibility: visible() });
    expect(await run(remote.pages.get('p00001'))).toEqual(page(1));
    bridge.disconnect(remote);
  });

  it('lets a page pass its own runtime', async () => {
    const bridge = await import('@ramify-db/bridge');
    const fake = createFakeBrowser({
      background: (runtime) => {
        const db = new Ramify().createStore(definitions);
        db.pages.add(page(1));
        bridge.serve(db, { runtime });
      },
    });
    const remote = bridge.connect<TestSchema>({ runtime: fake.page(), visibility: visible() });
    expect(await run(remote.pages.count())).toBe(1);
    bridge.disconnect(remote);
  });
});
