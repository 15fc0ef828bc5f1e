// A document for the README's tsx blocks (imported before them): jsdom's window, as a page has,
// with React's act() environment flag so that updates are flushed where a block awaits act().
import { JSDOM } from 'jsdom';

const { window } = new JSDOM('<!doctype html><html><body><div id="root"></div></body></html>', { url: 'chrome-extension://ramifytestextensionid/popup.html', pretendToBeVisual: true });
Object.assign(globalThis, { window, document: window.document, navigator: window.navigator, HTMLElement: window.HTMLElement, Node: window.Node, IS_REACT_ACT_ENVIRONMENT: true });

// React's act() queues its work through a MessageChannel when bundled (it cannot reach Node's
// setImmediate then) and never closes it; an open port would keep the block's process alive.
// Each channel here closes once its message is delivered.
class ClosingMessageChannel extends MessageChannel {
  constructor() {
    super();
    const { port1, port2 } = this;
    port1.addEventListener('message', () => queueMicrotask(() => (port1.close(), port2.close())), { once: true });
  }
}
globalThis.MessageChannel = ClosingMessageChannel;
