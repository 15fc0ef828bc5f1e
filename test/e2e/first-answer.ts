// What a popup shows first, noted by a script that runs in the popup before the popup's own
// (Playwright's init script in Chromium, an extra script tag in Firefox). It asks the background,
// on a port of its own, for the number of pages: a request only the loaded library answers, sent
// before any of the popup's. When the first row shows, it notes the rows and what came first, and
// runs `onFirstRows`. A background that answered nothing before loading the library would answer
// the count first: it was asked first.
export interface FirstAnswer {
  titles: string[];
  /** 'rows' and `count <n>`, in the order they came. */
  order: string[];
}

export function firstAnswerProbe(onFirstRows = ''): string {
  return `
(() => {
  const runtime = (globalThis.browser ?? globalThis.chrome).runtime;
  const seen = { titles: undefined, order: [] };
  window.firstAnswer = seen;
  const port = runtime.connect({ name: 'ramify/1' });
  port.onMessage.addListener((message) => {
    if (message.t === 'res' && message.id === 'count') seen.order.push('count ' + message.v);
  });
  port.postMessage({ t: 'call', id: 'count', c: 'pages', m: 'count', v: { a: [] } });
  new MutationObserver((_, observer) => {
    const first = document.querySelector('#list .item');
    if (first === null) return;
    observer.disconnect();
    seen.order.push('rows');
    seen.titles = Array.from(document.querySelectorAll('#list .item-title'), (title) => title.textContent);
    ${onFirstRows}
  }).observe(document, { childList: true, subtree: true });
})();
`;
}

