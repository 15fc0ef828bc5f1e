// An in-memory stand-in for the WebExtension runtime, with Chrome's behaviour where the bridge
// depends on it:
// - every message is JSON.stringify'd when posted and JSON.parse'd on delivery (so Dates become
//   strings, undefined fields vanish, BigInt throws "Could not serialize message.", and a message
//   above `maxMessageBytes` bytes of UTF-8 is refused), and delivered later (a microtask), in order per port;
// - a port opened while the background is stopped starts it: `background(runtime, instance)` runs
//   synchronously like a service worker's first turn, then onConnect fires;
// - stopBackground() is Chrome stopping the worker: its listeners are gone, its ports cut (pages'
//   onDisconnect fires, messages in flight are lost), `instance.onStop` hooks run (the harness
//   aborts the worker's unfinished IndexedDB transactions there), and its memory is unreachable;
// - cutPorts() breaks ports while both ends live (both onDisconnect fire);
// - a listener that throws is reported (Chrome logs "Error in event handler") and the others still
//   run: `uncaught` lists what listeners threw.
import type { BridgeEvent, BridgePort, BridgeRuntime, PortSender } from '../../packages/bridge/src/runtime';

type Listener<F> = Set<F>;

function event<F extends (...args: never[]) => unknown>(listeners: Listener<F>): BridgeEvent<F> {
  return {
    addListener: (listener) => void listeners.add(listener),
    removeListener: (listener) => void listeners.delete(listener),
  };
}

export type Direction = 'toBackground' | 'toPages';

export interface Traffic {
  messages: Record<Direction, number>;
  bytes: Record<Direction, number>;
}

export interface BackgroundInstance {
  /** Runs when this background is stopped. */
  onStop(hook: () => void): void;
}

export interface FakeBrowserOptions {
  /** The background's top-level code. */
  background: (runtime: BridgeRuntime, instance: BackgroundInstance) => void;
  id?: string;
  /** Chrome refuses larger messages (64 MiB). */
  maxMessageBytes?: number;
  /** Stop the background after this many ms without a message or connection reaching it (Chrome: 30 s). Default: never. */
  idleStopMs?: number;
}

interface End {
  port: BridgePort;
  messages: Listener<(message: unknown, port: BridgePort) => void>;
  disconnects: Listener<(port: BridgePort) => void>;
  /** The other end is known to be gone: posting throws. */
  closed: boolean;
}

interface Pair {
  page: End;
  background: End;
  /** Cut abruptly: messages in flight are dropped. */
  cut: boolean;
  owner: BridgeRuntime;
  instance: number;
}

export interface FakeBrowser {
  readonly id: string;
  /** `chrome-extension://<id>/` */
  readonly origin: string;
  /** The runtime of an extension page (popup.html by default), opened as a popup or in a tab. */
  page(path?: string, options?: { inTab?: boolean }): BridgeRuntime;
  /** The runtime of this extension's content script in a web page. */
  contentScript(url?: string): BridgeRuntime;
  /** A page of another extension whose connection reaches this background. */
  otherExtension(id?: string): BridgeRuntime;
  stopBackground(): void;
  /** Cuts every open port, or only those opened by `page`. */
  cutPorts(page?: BridgeRuntime): void;
  readonly running: boolean;
  /** How many times a background was started. */
  readonly starts: number;
  readonly openPorts: number;
  readonly traffic: Traffic;
  /** What event listeners threw (Chrome logs these and carries on). */
  readonly uncaught: unknown[];
  /**
   * Sees every message as posted (JSON text), in both directions; returning 'drop' loses it (as a
   * message lost with a dying worker would be). Pass nothing to remove.
   */
  tap(listener?: (direction: Direction, json: string, message: unknown) => 'drop' | void): void;
}

export function createFakeBrowser(options: FakeBrowserOptions): FakeBrowser {
  const id = options.id ?? 'ramifytestextensionid';
  const origin = `chrome-extension://${id}/`;
  const maxBytes = options.maxMessageBytes ?? 64 * 1024 * 1024;
  const traffic: Traffic = { messages: { toBackground: 0, toPages: 0 }, bytes: { toBackground: 0, toPages: 0 } };
  let tapListener: ((direction: Direction, json: string, message: unknown) => 'drop' | void) | undefined;
  let background: { runtime: BridgeRuntime; connects: Listener<(port: BridgePort) => void>; stops: (() => void)[]; instance: number } | undefined;
  let starts = 0;
  const pairs = new Set<Pair>();
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  const uncaught: unknown[] = [];

  /** Calls every listener, each on its own: one that throws is logged and the rest still run. */
  function dispatch<A extends unknown[]>(listeners: Iterable<(...args: A) => void>, ...args: A) {
    for (const listener of [...listeners]) {
      try {
        listener(...args);
      } catch (error) {
        uncaught.push(error);
      }
    }
  }

  /** Events reaching the worker reset Chrome's idle timer; ports held open do not. */
  function activity() {
    if (options.idleStopMs === undefined) return;
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => browser.stopBackground(), options.idleStopMs);
  }

  function startBackground() {
    const connects: Listener<(port: BridgePort) => void> = new Set();
    const runtime: BridgeRuntime = {
      id,
      getURL: (path) => origin + path.replace(/^\//, ''),
      connect: () => {
        throw new Error('the background does not connect to itself in these tests');
      },
      onConnect: event(connects),
    };
    const stops: (() => void)[] = [];
    background = { runtime, connects, stops, instance: ++starts };
    options.background(runtime, { onStop: (hook) => void stops.push(hook) });
    return background;
  }

  function makeEnd(name: string, sender: PortSender | undefined, pair: () => Pair, side: 'page' | 'background'): End {
    const messages: End['messages'] = new Set();
    const disconnects: End['disconnects'] = new Set();
    const end: End = {
      messages,
      disconnects,
      closed: false,
      port: {
        name,
        sender,
        postMessage(message) {
          const p = pair();
          if (end.closed) throw new Error('Attempting to use a disconnected port object');
          let json: string;
          try {
            json = JSON.stringify(message);
          } catch {
            throw new Error('Could not serialize message.');
          }
          // Chrome counts the UTF-8 bytes of the JSON; a character takes up to 3 of them.
          if (json.length > maxBytes || (json.length * 3 > maxBytes && Buffer.byteLength(json) > maxBytes)) {
            throw new Error('Message length exceeded maximum allowed length.');
          }
          const direction: Direction = side === 'page' ? 'toBackground' : 'toPages';
          traffic.messages[direction]++;
          traffic.bytes[direction] += json.length;
          if (tapListener?.(direction, json, message) === 'drop' || p.cut) return;
          const target = side === 'page' ? p.background : p.page;
          queueMicrotask(() => {
            if (p.cut || target.closed) return;
            if (side === 'page') activity();
            const value = JSON.parse(json);
            dispatch(target.messages, value, target.port);
          });
        },
        disconnect() {
          const p = pair();
          if (end.closed) return;
          end.closed = true;
          const other = side === 'page' ? p.background : p.page;
          // Graceful: what was posted before still arrives, then the other end hears of it.
          queueMicrotask(() => {
            pairs.delete(p);
            if (other.closed) return;
            other.closed = true;
            dispatch(other.disconnects, other.port);
          });
        },
        onMessage: event(messages),
        onDisconnect: event(disconnects),
      },
    };
    return end;
  }

  /** Breaks a pair now; `notify` says which ends still run code and hear of it. */
  function cut(p: Pair, notify: { page: boolean; background: boolean }) {
    if (p.cut) return;
    p.cut = true;
    pairs.delete(p);
    queueMicrotask(() => {
      for (const side of ['page', 'background'] as const) {
        const end = p[side];
        if (end.closed) continue;
        end.closed = true;
        if (notify[side]) dispatch(end.disconnects, end.port);
      }
    });
  }

  function runtimeFor(sender: PortSender): BridgeRuntime {
    const connects: Listener<(port: BridgePort) => void> = new Set();
    const self: BridgeRuntime = {
      id: sender.id ?? id,
      getURL: (path) => `chrome-extension://${sender.id ?? id}/${path.replace(/^\//, '')}`,
      onConnect: event(connects),
      connect({ name }) {
        const bg = background ?? startBackground();
        let pair!: Pair;
        const page = makeEnd(name, undefined, () => pair, 'page');
        const back = makeEnd(name, { ...sender }, () => pair, 'background');
        pair = { page, background: back, cut: false, owner: self, instance: bg.instance };
        pairs.add(pair);
        queueMicrotask(() => {
          if (pair.cut) return;
          if (background !== bg || bg.connects.size === 0) {
            cut(pair, { page: true, background: false });
            return;
          }
          activity();
          dispatch(bg.connects, back.port);
        });
        return page.port;
      },
    };
    return self;
  }

  const browser: FakeBrowser = {
    id,
    origin,
    page: (path = 'popup.html', { inTab = false } = {}) =>
      runtimeFor(inTab ? { id, url: origin + path, tab: { id: 3, url: origin + path } } : { id, url: origin + path }),
    contentScript: (url = 'https://example.com/article') => runtimeFor({ id, url, tab: { id: 7, url } }),
    otherExtension: (other = 'anotherextensionid') => runtimeFor({ id: other, url: `chrome-extension://${other}/page.html` }),
    stopBackground() {
      const bg = background;
      if (bg === undefined) return;
      background = undefined;
      clearTimeout(idleTimer);
      bg.connects.clear();
      for (const p of [...pairs]) if (p.instance === bg.instance) cut(p, { page: true, background: false });
      for (const hook of bg.stops) hook();
    },
    cutPorts(page) {
      for (const p of [...pairs]) if (page === undefined || p.owner === page) cut(p, { page: true, background: true });
    },
    get running() {
      return background !== undefined;
    },
    get starts() {
      return starts;
    },
    get openPorts() {
      return pairs.size;
    },
    traffic,
    uncaught,
    tap(listener) {
      tapListener = listener;
    },
  };
  return browser;
}
