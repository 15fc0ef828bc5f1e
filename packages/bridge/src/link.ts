// The page's end of the bridge: one port to the background, re-opened whenever it is lost.
//
// - Every call gets a request id (crypto.randomUUID()) and a deadline. Until it is answered it stays
//   pending and is re-sent, with the same id, on every new port: reads simply run again, writes are
//   answered from the background's record when they were already applied. A call settles with its
//   result, its error, TIMEOUT when the deadline passes, or DISCONNECTED when the page can no longer
//   reach the background (the extension was reloaded or removed) or disconnect() was called.
// - Live subscriptions are re-sent on every new port; a live query then starts again from a full
//   snapshot, and a delta is applied only on top of the exact result it was computed from
//   (sequence numbers), never on a stale one.
// - A lost port is re-opened at once when something waits for it (pending calls, or live
//   subscriptions on a visible page), with exponential backoff when opening keeps failing; a hidden
//   page with only live subscriptions reconnects when it becomes visible again.
// - While the page is visible it pings every `keepAlive` ms so Chrome does not stop the worker.
import { RamifyError } from '@ramify-db/core';
import { freezeValue } from '@ramify-db/core/internal';
import { decode, encode, type Encoded } from './codec';
import { bridgeError } from './errors';
import { DEFAULT_KEEP_ALIVE_MS, keepAlive, type Visibility } from './keep-alive';
import { MAX_REQUEST_CHARS } from './limits';
import { takeDelta, takeSnapshot, type Doc, type LiveResult } from './live-result';
import { createInbox, createOutbox, DEFAULT_PIECE_SIZE } from './pieces';
import type { CallSpec } from './api';
import { methodSpec, portName, type BackgroundMessage, type WireQuery } from './protocol';
import type { RemoteChangeType } from './remote-types';
import type { BridgePort, BridgeRuntime } from './runtime';

export interface LinkOptions {
  runtime: BridgeRuntime;
  channel: string;
  /** Deadline of every call, in ms. */
  timeout: number;
  /** Ping interval while visible, in ms. */
  keepAlive: number;
  /** Reconnect delay: `min` ms, doubling on every failed attempt up to `max`. */
  retry: { min: number; max: number };
  visibility: Visibility;
  pieceSize: number;
  /** Where errors go that have no promise to reject: live callbacks that throw, subscriptions refused. */
  onError: (error: unknown) => void;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_RETRY = { min: 10, max: 2_000 };
export { DEFAULT_KEEP_ALIVE_MS, DEFAULT_PIECE_SIZE };

interface Pending {
  message: { t: 'call'; id: string; c: string; m: string; v: unknown; x: Encoded['meta'] };
  /** The payload's Encoded['size'], to post it whole or in pieces. */
  size: number;
  spec: CallSpec | undefined;
  resolve(value: unknown): void;
  reject(error: unknown): void;
  timer: ReturnType<typeof setTimeout>;
}

interface LiveQuery extends LiveResult {
  kind: 'observe';
  message: { t: 'observe'; id: string; c: string; v: unknown; x: Encoded['meta'] };
  size: number;
  onResult(docs: Doc[]): void;
  onError(error: Error): void;
}

interface LiveEvents {
  kind: 'subscribe';
  message: { t: 'subscribe'; id: string; c: string };
  listener(type: RemoteChangeType, keys: unknown[]): unknown;
  onError(error: Error): void;
  /** The port it was last sent on. */
  sentOn: BridgePort | undefined;
  /** It was live on a port the background accepted, and that port was lost: tell the listener to re-read. */
  missed: boolean;
}

export interface Link {
  call(collection: string, method: string, args: unknown[], query?: WireQuery): Promise<unknown>;
  observe(collection: string, query: WireQuery, onResult: (docs: Doc[]) => void, onError?: (error: Error) => void): () => void;
  subscribe(collection: string, listener: (type: RemoteChangeType, keys: unknown[]) => unknown, onError?: (error: Error) => void): () => void;
  close(): void;
}

/** Errors arrive as they were thrown (RamifyError with its code, or the Error the core hit). */
function asError(value: unknown): Error {
  return value instanceof Error ? value : new RamifyError('INTERNAL', `the background answered with a non-error: ${String(value)}`);
}

/** The error a message carries; one that cannot be decoded is its own. */
function decodeError(value: unknown, meta: unknown): Error {
  try {
    return asError(decode(value, meta));
  } catch (cause) {
    return asError(cause);
  }
}

/** Re-coded encoding failures: the argument named, a document's fields as INVALID_DOCUMENT. */
function argumentError(collection: string, method: string, spec: CallSpec | undefined, error: unknown): unknown {
  if (!(error instanceof RamifyError)) return error;
  const field = error.field?.replace(/^(a\.\d+|q)\.?/, '') || undefined;
  return new RamifyError(spec?.documents ? 'INVALID_DOCUMENT' : 'INVALID_ARGUMENT', `collection "${collection}": ${method}(): ${error.message.replace(/ at "[^"]*"/, field ? ` at "${field}"` : '')}`, {
    collection,
    field,
    value: error.value,
  });
}

export function createLink(options: LinkOptions): Link {
  const { runtime, timeout, retry, visibility } = options;
  const pending = new Map<string, Pending>();
  const lives = new Map<string, LiveQuery | LiveEvents>();
  const inbox = createInbox();
  let port: BridgePort | undefined;
  let post: ((message: object, size: number) => void) | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let attempts = 0;
  /** Ports the background accepted (it said hello). */
  const accepted = new WeakSet<BridgePort>();
  let closedBy: Error | undefined;

  const report = (error: unknown) => {
    try {
      options.onError(error);
    } catch {
      // An error handler that throws has nowhere further to go.
    }
  };

  /** Posts on the current port (`size`: the payload's Encoded['size']); a port that throws is treated as lost. */
  function send(message: { t: string; v?: unknown; [field: string]: unknown }, size = 0): void {
    if (port === undefined || post === undefined) return;
    try {
      post(message, size);
    } catch (error) {
      // Either the port is gone (then a ping fails too: re-send everything on a new one), or the
      // browser refused this one message (re-sending it would fail forever).
      try {
        port.postMessage({ t: 'ping' });
      } catch {
        lost(port);
        return;
      }
      unsendable(message.id, error);
    }
  }

  function unsendable(id: unknown, cause: unknown): void {
    const error = bridgeError('SEND_FAILED', `the request could not be posted: ${(cause as Error)?.message ?? String(cause)}`, { cause });
    const request = pending.get(id as string);
    if (request !== undefined) {
      pending.delete(id as string);
      clearTimeout(request.timer);
      request.reject(error);
      return;
    }
    const live = lives.get(id as string);
    if (live !== undefined) {
      lives.delete(id as string);
      live.onError(error);
    }
  }

  function needed(): boolean {
    return pending.size > 0 || (lives.size > 0 && visibility.isVisible());
  }

  function open(): void {
    if (closedBy !== undefined || port !== undefined) return;
    let next: BridgePort;
    try {
      next = runtime.connect({ name: portName(options.channel) });
    } catch (cause) {
      // Only a dead extension context makes connect() throw (the extension was reloaded or removed).
      shutDown(bridgeError('DISCONNECTED', `cannot reach the background: ${(cause as Error)?.message ?? String(cause)}`, { cause }));
      return;
    }
    port = next;
    post = createOutbox((message) => next.postMessage(message), options.pieceSize, MAX_REQUEST_CHARS);
    inbox.clear();
    next.onMessage.addListener((message) => {
      // The background is trusted, but a listener must not throw whatever arrives.
      try {
        receive(next, message);
      } catch (error) {
        report(error);
      }
    });
    next.onDisconnect.addListener(() => {
      void runtime.lastError;
      lost(next);
    });
    for (const live of lives.values()) {
      if (live.kind === 'observe') live.synced = false;
      else live.sentOn = next;
      send(live.message, live.kind === 'observe' ? live.size : 0);
    }
    for (const request of pending.values()) send(request.message, request.size);
  }

  function lost(which: BridgePort): void {
    if (which !== port) return;
    port = undefined;
    post = undefined;
    inbox.clear();
    for (const live of lives.values()) {
      if (live.kind === 'observe') live.synced = false;
      // Events of the time without a port are gone: the listener hears 'resync' once a new port is accepted.
      else if (live.sentOn === which && accepted.has(which)) live.missed = true;
    }
    if (needed()) reconnectLater();
  }

  function reconnectLater(): void {
    if (retryTimer !== undefined || closedBy !== undefined) return;
    const delay = Math.min(retry.max, retry.min * 2 ** attempts);
    attempts++;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      if (needed()) open();
    }, delay);
  }

  /** Opens a port unless one is open or a reconnect is already scheduled. */
  function wake(): void {
    if (port === undefined && retryTimer === undefined) open();
  }

  function transmit(message: { t: string; v?: unknown; [field: string]: unknown }, size = 0): void {
    if (port !== undefined) send(message, size);
    else wake();
  }

  function settle(id: string, ok: boolean, value: unknown, meta: unknown): void {
    const request = pending.get(id);
    if (request !== undefined) {
      pending.delete(id);
      clearTimeout(request.timer);
      try {
        if (!ok) request.reject(asError(decode(value, meta)));
        else request.resolve(readResult(decode(value, meta, { readOnlyDates: request.spec?.docs !== undefined }), request.spec));
      } catch (error) {
        request.reject(error);
      }
      return;
    }
    const live = lives.get(id);
    if (live !== undefined && !ok) {
      lives.delete(id);
      live.onError(decodeError(value, meta));
    }
  }

  function readResult(value: unknown, spec: CallSpec | undefined): unknown {
    const docs = spec?.docs === 'one' ? [value] : spec?.docs === 'many' ? value : spec?.docs === 'entries' ? (value as unknown[][])[0] : [];
    for (const doc of docs as unknown[]) freezeValue(doc);
    return value;
  }

  function deliver(live: LiveQuery, docs: Doc[] | undefined): void {
    if (docs === undefined) return;
    try {
      live.onResult(docs);
    } catch (error) {
      report(error);
    }
  }

  /** Asks for a fresh snapshot: the background replaces a subscription re-sent under the same id. */
  function resync(live: LiveQuery): void {
    live.synced = false;
    send(live.message, live.size);
  }

  function receive(from: BridgePort, raw: unknown): void {
    if (from !== port) return;
    const message = inbox.accept(raw) as BackgroundMessage | undefined;
    if (message === undefined || message === null || typeof message !== 'object') return;
    switch (message.t) {
      case 'hello':
        attempts = 0;
        accepted.add(from);
        // The subscriptions were re-sent before this hello: what changes from now on reaches them.
        for (const live of lives.values()) {
          if (live.kind !== 'subscribe' || !live.missed) continue;
          live.missed = false;
          notify(live, 'resync', []);
        }
        return;
      case 'res':
      case 'err':
        return settle(message.id, message.t === 'res', message.v, message.x);
      case 'snap': {
        const live = lives.get(message.id);
        if (live?.kind !== 'observe') return;
        let docs: Doc[];
        try {
          docs = decode(message.v, message.x, { readOnlyDates: true }) as Doc[];
        } catch (error) {
          return report(error);
        }
        return deliver(live, takeSnapshot(live, docs, message.pk));
      }
      case 'delta': {
        const live = lives.get(message.id);
        if (live?.kind !== 'observe') return;
        const next = takeDelta(live, message.s, message.o, message.v, message.x);
        if (next === 'resync') resync(live);
        else if (next !== 'ignore') deliver(live, next);
        return;
      }
      case 'event': {
        const live = lives.get(message.id);
        if (live?.kind === 'subscribe') notify(live, message.e as RemoteChangeType, message.k);
        return;
      }
      case 'fatal':
        return shutDown(decodeError(message.v, message.x));
    }
  }

  /** Calls a change listener; what it throws or rejects with goes to onError. */
  function notify(live: LiveEvents, type: RemoteChangeType, keys: unknown[]): void {
    try {
      const result = live.listener(type, keys);
      if (result instanceof Promise) result.catch(report);
    } catch (error) {
      report(error);
    }
  }

  /** Ends the link for good: every call rejects with `error`, live subscriptions get it too. */
  function shutDown(error: Error, notifyLives = true): void {
    if (closedBy !== undefined) return;
    closedBy = error;
    stopKeepAlive();
    if (retryTimer !== undefined) clearTimeout(retryTimer);
    retryTimer = undefined;
    for (const request of pending.values()) {
      clearTimeout(request.timer);
      request.reject(error);
    }
    pending.clear();
    const ended = [...lives.values()];
    lives.clear();
    if (notifyLives) for (const live of ended) live.onError(error);
    const last = port;
    port = undefined;
    post = undefined;
    try {
      last?.disconnect();
    } catch {
      // Already closed.
    }
  }

  const stopKeepAlive = keepAlive(visibility, options.keepAlive, () => {
    if (port !== undefined) send({ t: 'ping' });
    else wake();
  });

  const liveError = (onError?: (error: Error) => void) => onError ?? report;

  /** Keeps a live subscription, sent now and on every new port, until the function returned ends it; on a closed link, its onError hears why. */
  function track(id: string, live: LiveQuery | LiveEvents, size = 0): () => void {
    if (closedBy !== undefined) {
      live.onError(closedBy);
      return () => {};
    }
    lives.set(id, live);
    transmit(live.message, size);
    return () => {
      if (lives.delete(id)) send({ t: 'unsub', id });
    };
  }

  open();

  return {
    call(collection, method, args, query) {
      if (closedBy !== undefined) return Promise.reject(closedBy);
      const spec = methodSpec(collection, method, query !== undefined);
      let encoded: Encoded;
      try {
        encoded = encode(query === undefined ? { a: args } : { a: args, q: query });
      } catch (error) {
        return Promise.reject(argumentError(collection, method, spec, error));
      }
      const id = crypto.randomUUID();
      const message = { t: 'call' as const, id, c: collection, m: method, v: encoded.value, x: encoded.meta };
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          if (!pending.delete(id)) return;
          const name = `${collection || 'store'}.${method}`;
          reject(
            bridgeError('TIMEOUT', `${name}: no answer from the background within ${timeout} ms${spec?.write ? ' (the write may or may not have been applied)' : ''}`, {
              collection: collection || undefined,
            }),
          );
        }, timeout);
        pending.set(id, { message, size: encoded.size, spec, resolve, reject, timer });
        transmit(message, encoded.size);
      });
    },

    observe(collection, query, onResult, onError) {
      const id = crypto.randomUUID();
      let encoded: Encoded;
      try {
        encoded = encode({ a: [], q: query });
      } catch (error) {
        liveError(onError)(asError(argumentError(collection, 'observe', undefined, error)));
        return () => {};
      }
      const live: LiveQuery = {
        kind: 'observe',
        message: { t: 'observe', id, c: collection, v: encoded.value, x: encoded.meta },
        size: encoded.size,
        docs: undefined,
        sequence: 0,
        synced: false,
        onResult,
        onError: liveError(onError),
      };
      return track(id, live, live.size);
    },

    subscribe(collection, listener, onError) {
      const id = crypto.randomUUID();
      // Sent on the current port if there is one, else on the next (open() notes which).
      return track(id, { kind: 'subscribe', message: { t: 'subscribe', id, c: collection }, listener, onError: liveError(onError), sentOn: port, missed: false });
    },

    close() {
      shutDown(bridgeError('DISCONNECTED', 'the page disconnected from the store'), false);
    },
  };
}
