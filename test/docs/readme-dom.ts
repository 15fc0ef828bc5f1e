// A document for the README's tsx blocks (imported before them): jsdom's window, as a page has,
// with React's act() environment flag so that updates are flushed where a block awaits act().
import { JSDOM } from 'jsdom';

const { window } = new JSDOM('<!doctype html><html><body><div id="root"></div></body></html>', { url: 'chrome-extension://ramifytestextensionid/popup.html', pretendToBeVisual: true });
Object.assign(globalThis, { window, document: window.document, navigator: window.navigator, HTMLElement: window.HTMLElement, Node: window.Node, IS_REACT_ACT_ENVIRONMENT: true });
