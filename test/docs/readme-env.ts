// What a README block finds when the readme test runs it in its own Node process (imported before
// the block): IndexedDB (fake-indexeddb), an extension runtime as `browser` whose background and
// pages are both this process, and `__log`, which the test puts in place of each annotated
// `console.log(` so that every printed value is reported with the README line that printed it.
import 'fake-indexeddb/auto';
import { formatWithOptions } from 'node:util';
import type { BridgePort, BridgeRuntime } from '../../packages/bridge/src/runtime';
import { createFakeBrowser } from '../bridge/fake-runtime';

/** One line of stdout per value printed: the README line and the text console.log would print (on one line). */
function log(line: number, ...args: unknown[]): void {
  process.stdout.write(`${JSON.stringify({ line, text: formatWithOptions({ breakLength: Infinity, depth: 8 }, ...args) })}\n`);
}

// Both sides of the bridge use `browser.runtime`: `serve` registers on its onConnect (the
// background's), `connect` opens ports as the extension's popup does. Messages go as Chrome sends
// them (JSON, later, in order).
const backgroundListeners = new Set<(port: BridgePort) => void>();
const fake = createFakeBrowser({
  background: (runtime) => runtime.onConnect.addListener((port) => backgroundListeners.forEach((listener) => listener(port))),
});
const page = fake.page('popup.html');
const runtime: BridgeRuntime = {
  id: fake.id,
  getURL: (path) => page.getURL(path),
  connect: (info) => page.connect(info),
  onConnect: {
    addListener: (listener) => void backgroundListeners.add(listener),
    removeListener: (listener) => void backgroundListeners.delete(listener),
  },
};

// A page pings the background every 20 s while visible (and a Node process is always visible):
// the block is over when nothing else is left to run, so intervals must not keep the process alive.
const setIntervalAsGiven = globalThis.setInterval;
const unrefInterval = (...args: Parameters<typeof setInterval>) => setIntervalAsGiven(...args).unref();

Object.assign(globalThis, { __log: log, browser: { runtime }, setInterval: unrefInterval });
