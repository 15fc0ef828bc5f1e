// The slice of the WebExtension `runtime` API the bridge uses, typed structurally so that
// `browser.runtime` from webextension-polyfill fits as it is and tests can pass an in-memory fake.
// Nothing here imports the polyfill: it throws when loaded outside an extension.

export interface BridgeEvent<F extends (...args: never[]) => unknown> {
  addListener(listener: F): void;
  removeListener(listener: F): void;
}

/** Who opened a port, as the browser reports it (a subset of `runtime.MessageSender`). */
export interface PortSender {
  /** The extension that opened the port. */
  id?: string;
  /** The page or frame that opened it; a content script reports the web page's URL. */
  url?: string;
  /** Present when the port was opened from a tab (content scripts, extension pages in tabs). */
  tab?: { id?: number; url?: string };
}

export interface BridgePort {
  readonly name: string;
  /** Only on the receiving side (`onConnect`). */
  readonly sender?: PortSender;
  /** Serialises at once (JSON in Chrome, structured clone in Firefox); throws on a closed port. */
  postMessage(message: unknown): void;
  /** Closes both ends; only the other end's `onDisconnect` fires. */
  disconnect(): void;
  readonly onMessage: BridgeEvent<(message: unknown, port: BridgePort) => void>;
  readonly onDisconnect: BridgeEvent<(port: BridgePort) => void>;
}

export interface BridgeRuntime {
  /** The extension's id. */
  readonly id: string;
  /** `getURL('')` is the extension's own origin with a trailing slash. */
  getURL(path: string): string;
  /** Opens a port to the background; wakes a stopped service worker. */
  connect(connectInfo: { name: string }): BridgePort;
  readonly onConnect: BridgeEvent<(port: BridgePort) => void>;
  /** Chrome reports why a port closed here; reading it keeps Chrome from logging it as unchecked. */
  readonly lastError?: unknown;
}
