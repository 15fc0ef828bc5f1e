// The public entry: serve() and connect() take the runtime they are given, else the browser's own:
// `browser.runtime` (Firefox, or the polyfill loaded as a global), then `chrome.runtime` (Chrome).
import { afterAll, afterEach, beforeAll, describe, expect, expectTypeOf, it, vi } from 'vitest';
import type { Runtime } from 'webextension-polyfill';
import { isRamifyError, Ramify } from '@ramify-db/core';
import { connect, disconnect, serve, type BridgeRuntime } from '@ramify-db/bridge';
import { createFakeBrowser } from './fake-runtime';
import { definitions, page, run, useFakeTime, visible, type TestSchema } from './harness';

type Namespace = { runtime?: Partial<BridgeRuntime> };
const globals = globalThis as { chrome?: Namespace; browser?: Namespace };

beforeAll(() => useFakeTime());
afterEach(() => {
  delete globals.chrome;
  delete globals.browser;
});
afterAll(() => vi.useRealTimers());

/**
 * An extension whose background serves one page over the runtime it finds, with `install` putting
 * each context's runtime where that context's code looks for it (each context has its own namespace).
 */
function extensionOverGlobals(install: (runtime: BridgeRuntime) => void) {
  const fake = createFakeBrowser({
    background: (runtime) => {
      install(runtime);
      const db = new Ramify().createStore(definitions);
      db.pages.add(page(1));
      serve(db);
    },
  });
  install(fake.page());
  return fake;
}

/** What a page that passes no runtime reads from the background: its page p00001. */
async function readOverDefaultRuntime(): Promise<unknown> {
  const remote = connect<TestSchema>({ visibility: visible() });
  try {
    return await run(remote.pages.get('p00001'));
  } finally {
    disconnect(remote);
  }
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('did not throw');
}

describe('the public entry', () => {
  it('serves and connects over browser.runtime when none is given (Firefox)', async () => {
    extensionOverGlobals((runtime) => {
      globals.browser = { runtime };
    });
    expect(await readOverDefaultRuntime()).toEqual(page(1));
  });

  it('serves and connects over chrome.runtime when there is no browser namespace (Chrome)', async () => {
    extensionOverGlobals((runtime) => {
      globals.chrome = { runtime };
    });
    expect(await readOverDefaultRuntime()).toEqual(page(1));
  });

  it('prefers browser.runtime to chrome.runtime when both can open ports', async () => {
    const unused = createFakeBrowser({ background: () => undefined }).page();
    extensionOverGlobals((runtime) => {
      globals.browser = { runtime };
      globals.chrome = { runtime: unused };
    });
    expect(await readOverDefaultRuntime()).toEqual(page(1));
  });

  it('skips a namespace whose runtime cannot open ports', async () => {
    extensionOverGlobals((runtime) => {
      globals.chrome = { runtime };
    });
    globals.browser = { runtime: { id: 'someextensionid' } };
    expect(await readOverDefaultRuntime()).toEqual(page(1));
  });

  it('lets a page and a background pass their own runtime', async () => {
    const fake = createFakeBrowser({
      background: (runtime) => {
        const db = new Ramify().createStore(definitions);
        db.pages.add(page(1));
        serve(db, { runtime });
      },
    });
    const remote = connect<TestSchema>({ runtime: fake.page(), visibility: visible() });
    expect(await run(remote.pages.count())).toBe(1);
    disconnect(remote);
  });

  it('refuses with NO_RUNTIME when no runtime is given and none can open ports', () => {
    globals.chrome = { runtime: { id: 'someextensionid' } };
    const db = new Ramify().createStore(definitions);
    for (const error of [thrown(() => connect<TestSchema>()), thrown(() => serve(db))]) {
      expect(isRamifyError(error) && error.code).toBe('NO_RUNTIME');
      expect((error as Error).message).toBe(
        'No extension runtime here: neither browser.runtime nor chrome.runtime can open a port. Pass { runtime }, e.g. browser.runtime from webextension-polyfill.',
      );
    }
  });

  it("accepts webextension-polyfill's browser.runtime as it is typed", () => {
    expectTypeOf<Runtime.Static>().toExtend<BridgeRuntime>();
  });
});
