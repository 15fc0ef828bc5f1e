// The background side: serves a store to the extension's pages over runtime ports.
//
// Call serve() synchronously at the top level of the service worker: Chrome delivers the connect
// event that woke the worker only to listeners registered in its first turn. Requests wait for
// persistence (hydration) before they run, so a woken worker answers from the stored data; a live
// query, or a read of the same query, that persistence keeps a snapshot of is answered from it
// meanwhile (early.ts), and continues from the hydrated store with a delta of what differs.
//
// A write runs synchronously in the core, its outcome is recorded with markApplied in the same turn
// (so the record lands in the same IndexedDB transaction as the write), and the reply waits for
// flush(): a reply means the write survives the worker being stopped right after. A write re-sent
// with the same id is answered from the record instead of being applied again.
import { RamifyError, type QueryJSON, type Store, type StoreSchema } from '@ramify-db/core';
import { memoryDurability, type Durability } from './applied';
import { decode, encode, encodeError, type Encoded } from './codec';
import { keyFieldsOf } from './doc-key';
import { answersFromSnapshot, readFromSnapshot, snapshotSource } from './early';
import { bridgeError } from './errors';
import { buildQuery, checkPayloadDepth, collectionOf, prepareCall, runCall, type LooseCollection, type PreparedCall } from './execute';
import { MAX_SUBSCRIPTIONS, PORT_INBOX } from './limits';
import { pushLiveQuery } from './live-query';
import { createInbox, createOutbox, DEFAULT_PIECE_SIZE, inboxBound } from './pieces';
import {
  classifyPort,
  DEFAULT_CHANNEL,
  isObject,
  PROTOCOL_VERSION,
  readPageMessage,
  readPayload,
  type BackgroundMessage,
  type CallMessage,
  type ObserveMessage,
  type PageMessage,
  type SubscribeMessage,
} from './protocol';
import type { BridgePort, BridgeRuntime } from './runtime';
import { refusal } from './sender';

export interface ServeOptions {
  /**
   * What `persist()` returns, or its promise: requests wait for it. Without it, writes are
   * acknowledged once applied in memory. With its `snapshots` (persist()'s promise has them), the
   * queries pages observe are answered from their snapshots while the store hydrates.
   */
  persistence?: Durability | PromiseLike<Durability>;
  /** The extension's runtime (webextension-polyfill's `browser.runtime`, or a fake in tests). */
  runtime: BridgeRuntime;
  /** Port name prefix shared with connect(); default 'ramify'. */
  channel?: string;
  /** Messages that may be longer than this many characters of JSON go in pieces of at most this many. Default 4 Mi. */
  pieceSize?: number;
  /** Problems that have nobody to answer to (a reply to a closed port, a refused sender). Default console.error. */
  onError?: (error: unknown) => void;
}

export interface Server {
  /** Stops accepting ports and disconnects the open ones. */
  close(): void;
}

/** A recorded write outcome (what markApplied stores): the encoded result or error, and its size. */
interface Outcome {
  ok: boolean;
  v: unknown;
  x: Encoded['meta'];
  /** Encoded['size']; absent from records made before it was kept. */
  n?: number;
}

const outcomeOf = (ok: boolean, { value, meta, size }: Encoded): Outcome => ({ ok, v: value, x: meta, n: size });

/** An outcome as a reply's payload; a record without its size is measured again. */
function replayed(outcome: Outcome): Encoded {
  const size = typeof outcome.n === 'number' ? outcome.n : encode([outcome.v, outcome.x]).size;
  return { value: outcome.v, meta: outcome.x, size };
}

/**
 * Above this size a failed write's error is recorded without its `value` (a rejected document may
 * be megabytes; persistence refuses records above 4 MiB): a re-sent request needs its code and
 * message, and the page that lost the first reply can read the document it sent.
 */
const RECORDED_ERROR_MAX = 64 * 1024;

function recordedError(error: unknown, encoded: Encoded): Outcome {
  if (encoded.size <= RECORDED_ERROR_MAX || !(error instanceof RamifyError)) return outcomeOf(false, encoded);
  // A bulk error's position and key say which item was refused.
  const slim = new RamifyError(error.code, error.message, {
    collection: error.collection,
    field: error.field,
    index: error.index,
    ...(Object.hasOwn(error, 'key') && { key: error.key }),
  });
  return outcomeOf(false, encodeError(slim));
}

function isOutcome(value: unknown): value is Outcome {
  return value !== null && typeof value === 'object' && typeof (value as Outcome).ok === 'boolean';
}

const reason = (cause: unknown) => String((cause as Error)?.message ?? cause);

/** What the page is told about an error nobody expected: RamifyErrors as they are, anything else as INTERNAL. */
function unexpected(message: PageMessage, error: unknown): RamifyError {
  if (error instanceof RamifyError) return error;
  let text: string;
  try {
    text = reason(error);
  } catch {
    text = 'an error that cannot be described';
  }
  return bridgeError('INTERNAL', `the background failed on this ${message.t}: ${text}`, { cause: error });
}

export function serve<S extends StoreSchema>(db: Store<S>, options: ServeOptions): Server {
  const { runtime, channel = DEFAULT_CHANNEL, pieceSize = DEFAULT_PIECE_SIZE } = options;
  const onError = options.onError ?? ((error: unknown) => console.error(error));
  // Reports happen inside event listeners: a handler that throws must not take the listener down.
  const report = (error: unknown) => {
    try {
      onError(error);
    } catch {
      // Nowhere further to report it.
    }
  };
  const ready: Promise<Durability> = Promise.resolve(options.persistence ?? memoryDurability());
  // A failed hydration is answered to every request; keep it from being reported as unhandled.
  ready.catch(() => {});
  const snapshots = snapshotSource(options.persistence);
  /** Set before any request waiting for `ready` runs: from then on, memory answers everything. */
  let hydrated = false;
  ready.then(
    () => (hydrated = true),
    () => (hydrated = true),
  );
  const connections = new Map<BridgePort, () => void>();

  /** The onConnect listener: whatever goes wrong with one port is reported, never thrown. */
  function accept(port: BridgePort): void {
    try {
      acceptPort(port);
    } catch (error) {
      report(error);
    }
  }

  function acceptPort(port: BridgePort): void {
    const kind = classifyPort(port.name, channel);
    if (kind === 'foreign') return;
    const problem =
      kind === 'mismatch'
        ? bridgeError('BAD_REQUEST', `protocol ${JSON.stringify(port.name)} is not spoken here; this background speaks ${PROTOCOL_VERSION} (reload the page)`)
        : refusedSender(port);
    if (problem !== undefined) {
      const { value, meta } = encodeError(problem);
      try {
        port.postMessage({ t: 'fatal', v: value, x: meta });
        port.disconnect();
      } catch {
        // The page is already gone.
      }
      report(problem);
      return;
    }
    connections.set(port, openConnection(port));
  }

  function refusedSender(port: BridgePort) {
    const why = refusal(port.sender, runtime);
    return why === undefined ? undefined : bridgeError('FORBIDDEN', `connection refused: ${why}`, { value: port.sender?.url });
  }

  function openConnection(port: BridgePort): () => void {
    const subscriptions = new Map<string, () => void>();
    const inbox = createInbox(inboxBound(PORT_INBOX));
    let open = true;
    const post = createOutbox((message) => port.postMessage(message), pieceSize);

    /** Posts a message; `size` is its payload's Encoded['size'] (see pieces.ts). */
    const send = (message: BackgroundMessage, size = 0) => {
      if (!open) return;
      try {
        post(message, size);
      } catch (error) {
        // A port closed under us (its onDisconnect is on the way; the page re-sends what is
        // unanswered), or the browser refused this one message: then the page hears why.
        try {
          port.postMessage({ t: 'ping' });
        } catch {
          return;
        }
        report(error);
        if ('id' in message && message.t !== 'err' && message.t !== 'event') {
          fail(message.id, bridgeError('SEND_FAILED', `the answer could not be posted: ${(error as Error)?.message ?? String(error)}`, { cause: error }));
        }
      }
    };
    const reply = (id: string, ok: boolean, encoded: Encoded) => send({ t: ok ? 'res' : 'err', id, v: encoded.value, x: encoded.meta }, encoded.size);
    const fail = (id: string, error: unknown) => reply(id, false, encodeError(error));

    const close = () => {
      if (!open) return;
      open = false;
      for (const stop of subscriptions.values()) stop();
      subscriptions.clear();
      inbox.clear();
      connections.delete(port);
    };

    function handle(message: PageMessage, records: Durability): void {
      if (!open) return;
      switch (message.t) {
        case 'call':
          return call(message, records);
        case 'observe':
          return observe(message);
        case 'subscribe':
          return subscribe(message);
        case 'unsub':
          subscriptions.get(message.id)?.();
          subscriptions.delete(message.id);
          return;
        case 'ping':
          return;
      }
    }

    /** Runs a call; `checked`: the call as readEarly already decoded it (decoding patches the message in place: once only). */
    function call(message: CallMessage, records: Durability, checked?: PreparedCall): void {
      let prepared = checked;
      try {
        prepared ??= prepareCall(db, message);
      } catch (error) {
        return fail(message.id, error);
      }
      if (!prepared.spec.write) {
        let result: Encoded;
        try {
          result = encode(runCall(db, prepared));
        } catch (error) {
          return fail(message.id, error);
        }
        return reply(message.id, true, result);
      }
      const where = `${prepared.collection || 'store'}.${prepared.method}`;
      let recorded;
      try {
        recorded = records.appliedResult(message.id);
      } catch (cause) {
        // Without the record, applying could apply the write twice: refuse instead.
        return fail(message.id, bridgeError('PERSISTENCE_FAILED', `${where}: not applied: its request id could not be looked up: ${reason(cause)}`, { collection: prepared.collection || undefined, cause }));
      }
      let outcome: Outcome;
      if (recorded !== undefined && isOutcome(recorded.result)) {
        outcome = recorded.result;
      } else {
        let record: Outcome;
        try {
          record = outcome = outcomeOf(true, encode(runCall(db, prepared)));
        } catch (error) {
          const encoded = encodeError(error);
          outcome = outcomeOf(false, encoded);
          record = recordedError(error, encoded);
        }
        // Same turn as the write: same IndexedDB transaction. A failure is recorded too, so a re-sent
        // request whose error reply was lost fails again instead of succeeding after later writes.
        try {
          records.markApplied(message.id, record);
        } catch (cause) {
          // A write that failed changed nothing: its own error is the answer.
          if (!outcome.ok) {
            onError(cause);
            return reply(message.id, false, replayed(outcome));
          }
          return fail(
            message.id,
            bridgeError('PERSISTENCE_FAILED', `${where}: applied, but its request id could not be recorded: ${reason(cause)}`, {
              collection: prepared.collection || undefined,
              cause,
            }),
          );
        }
      }
      if (!outcome.ok) return reply(message.id, false, replayed(outcome));
      let flushed: Promise<void>;
      try {
        flushed = records.flush();
      } catch (cause) {
        flushed = Promise.reject(cause);
      }
      flushed.then(
        () => reply(message.id, true, replayed(outcome)),
        (cause) =>
          fail(
            message.id,
            bridgeError('PERSISTENCE_FAILED', `${where}: applied, but not saved to IndexedDB: ${reason(cause)}`, {
              collection: prepared.collection || undefined,
              cause,
            }),
          ),
      );
    }

    /** Ends subscription `id` if there is one; throws when the port may hold no more. */
    function makeRoom(id: string, where: string): void {
      const stop = subscriptions.get(id);
      if (stop !== undefined) {
        stop();
        subscriptions.delete(id);
      } else if (subscriptions.size >= MAX_SUBSCRIPTIONS) {
        throw bridgeError('BAD_REQUEST', `${where}: a port may hold at most ${MAX_SUBSCRIPTIONS} live queries and subscriptions`, { value: subscriptions.size });
      }
    }

    /** Checks an observe request and builds its query (throws what to answer). */
    function observed(message: ObserveMessage): { query: ReturnType<typeof buildQuery>; keyFields: string[] } {
      makeRoom(message.id, `${message.c}.observe`);
      const collection = collectionOf(db, message.c);
      checkPayloadDepth(message.c, 'observe', message.v);
      const payload = readPayload(decode(message.v, message.x));
      if (typeof payload === 'string' || payload.q === undefined) throw bridgeError('BAD_REQUEST', `${message.c}.observe: needs a query`, { collection: message.c });
      const query = buildQuery(collection, message.c, payload.q as unknown as Record<string, unknown>);
      // Kept as a snapshot from now on, for the next time the background wakes.
      snapshots?.track(query.toJSON() as QueryJSON);
      return { query, keyFields: keyFieldsOf(collection.primaryKey) };
    }

    /** Pushes the live query's results from memory; `baseline`: what the page already holds. */
    function push(id: string, query: ReturnType<typeof buildQuery>, keyFields: string[], owner: () => void, baseline?: readonly Record<string, unknown>[]) {
      return pushLiveQuery(
        query,
        id,
        keyFields,
        send,
        (error) => {
          // The page ends its live query on this error: so does the background.
          if (subscriptions.get(id) === owner) subscriptions.delete(id);
          fail(id, error);
        },
        baseline,
      );
    }

    function observe(message: ObserveMessage): void {
      let live;
      try {
        live = observed(message);
      } catch (error) {
        return fail(message.id, error);
      }
      let stop: (() => void) | undefined;
      const owner = () => stop?.();
      subscriptions.set(message.id, owner);
      stop = push(message.id, live.query, live.keyFields, owner);
      if (stop === undefined && subscriptions.get(message.id) === owner) subscriptions.delete(message.id);
    }

    /**
     * Before hydration: the live query's snapshot goes to the page at once, when persistence has
     * one; the live query starts once the store is loaded, from what the page holds.
     */
    function observeEarly(message: ObserveMessage, source: NonNullable<typeof snapshots>): void {
      let live;
      try {
        live = observed(message);
      } catch (error) {
        return fail(message.id, error);
      }
      const { id } = message;
      let ended = false;
      let stop: (() => void) | undefined;
      const owner = () => {
        ended = true;
        stop?.();
      };
      subscriptions.set(id, owner);
      const mine = () => open && !ended && subscriptions.get(id) === owner;
      const begin = (held: readonly unknown[] | undefined) => {
        let baseline: readonly Record<string, unknown>[] | undefined;
        if (held !== undefined && mine()) {
          try {
            const { value, meta, size } = encode(held);
            send({ t: 'snap', id, s: 0, pk: live.keyFields, v: value, x: meta }, size);
            baseline = held as readonly Record<string, unknown>[];
          } catch {
            // Cannot be sent (a damaged row): the live query starts from scratch instead.
          }
        }
        ready.then(
          () => {
            if (!mine()) return;
            stop = push(id, live.query, live.keyFields, owner, baseline);
            if (stop === undefined && subscriptions.get(id) === owner) subscriptions.delete(id);
          },
          (cause) => {
            if (!mine()) return;
            subscriptions.delete(id);
            fail(id, bridgeError('PERSISTENCE_FAILED', `the store could not be loaded from IndexedDB: ${reason(cause)}`, { cause }));
          },
        );
      };
      source.read(live.query.toJSON() as QueryJSON).then(begin, () => begin(undefined));
    }

    /**
     * Before hydration, a read of a query (toArray, first, last, count, keys): answered from the
     * query's snapshot when persistence has one, else once the store is loaded. Returns false,
     * having decoded nothing, when the message is not such a read.
     */
    function readEarly(message: CallMessage, source: NonNullable<typeof snapshots>): boolean {
      const payload = message.v;
      if (!isObject(payload) || payload.q === undefined || !Array.isArray(payload.a) || !answersFromSnapshot(message.m, payload.a)) return false;
      let prepared: PreparedCall;
      let collection: LooseCollection;
      let query;
      try {
        prepared = prepareCall(db, message);
        collection = collectionOf(db, prepared.collection);
        query = buildQuery(collection, prepared.collection, prepared.query as Record<string, unknown>);
      } catch (error) {
        // What the same call gives once the store is loaded: a bad request is one at any time.
        fail(message.id, error);
        return true;
      }
      const answer = (docs: readonly unknown[] | undefined) => {
        if (!open) return;
        if (docs !== undefined) {
          try {
            return reply(message.id, true, encode(readFromSnapshot(prepared.method, docs, collection.primaryKey)));
          } catch {
            // Cannot be sent (a damaged row): answered from memory instead.
          }
        }
        whenReady(message, prepared);
      };
      source.read(query.toJSON() as QueryJSON).then(answer, () => answer(undefined));
      return true;
    }

    function subscribe(message: SubscribeMessage): void {
      let collection;
      try {
        makeRoom(message.id, `${message.c}.subscribe`);
        collection = collectionOf(db, message.c);
      } catch (error) {
        return fail(message.id, error);
      }
      const stop = collection.subscribe((type: unknown, keys: unknown) => {
        // Keys are strings and numbers: what JSON keeps as they are. Encoded only for their size.
        const { value, size } = encode(keys);
        send({ t: 'event', id: message.id, e: type as string, k: value as unknown[] }, size);
      });
      subscriptions.set(message.id, stop as () => void);
    }

    function receive(raw: unknown): void {
      const whole = inbox.accept(raw);
      if (whole === undefined) return;
      const message = readPageMessage(whole);
      if (typeof message === 'string') {
        // Answer the request when there is one to answer; otherwise the background hears of it.
        const id = isObject(whole) ? whole.id : undefined;
        if (typeof id === 'string') fail(id, bridgeError('BAD_REQUEST', message));
        else report(bridgeError('BAD_REQUEST', `ignored a message: ${message}`));
        return;
      }
      if (message.t === 'ping') return;
      if (!hydrated && snapshots !== undefined) {
        if (message.t === 'observe') return observeEarly(message, snapshots);
        if (message.t === 'call' && readEarly(message, snapshots)) return;
      }
      whenReady(message);
    }

    /** Handles a message once the store is loaded (at once when it is), in the order they come. */
    function whenReady(message: Exclude<PageMessage, { t: 'ping' }>, prepared?: PreparedCall): void {
      ready.then(
        (records) => {
          try {
            if (message.t === 'call' && prepared !== undefined) call(message, records, prepared);
            else handle(message, records);
          } catch (error) {
            // Every request gets an answer, even from a failure nothing foresaw.
            if (message.t === 'unsub') report(error);
            else fail(message.id, unexpected(message, error));
          }
        },
        (cause) => {
          if (message.t === 'unsub') return;
          fail(message.id, bridgeError('PERSISTENCE_FAILED', `the store could not be loaded from IndexedDB: ${reason(cause)}`, { cause }));
        },
      );
    }

    port.onDisconnect.addListener(close);
    port.onMessage.addListener((raw) => {
      if (!open) return;
      try {
        receive(raw);
      } catch (error) {
        report(error);
      }
    });
    send({ t: 'hello', v: PROTOCOL_VERSION });
    return close;
  }

  runtime.onConnect.addListener(accept);
  return {
    close() {
      runtime.onConnect.removeListener(accept);
      for (const [port, close] of [...connections]) {
        close();
        try {
          port.disconnect();
        } catch {
          // Already closed.
        }
      }
    },
  };
}
