// A few DOM helpers so the pages can build markup without a UI library.

type Child = Node | string | null | undefined | false;
type Props = {
  class?: string;
  text?: string;
  dataset?: Record<string, string>;
  attrs?: Record<string, string | boolean | undefined>;
  on?: { [E in keyof HTMLElementEventMap]?: (event: HTMLElementEventMap[E]) => void };
};

/** Creates an element: `h('button', { class: 'primary', on: { click } }, 'Save')`. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (props.class) element.className = props.class;
  if (props.text !== undefined) element.textContent = props.text;
  if (props.dataset) Object.assign(element.dataset, props.dataset);
  for (const [name, value] of Object.entries(props.attrs ?? {})) {
    if (value === true) element.setAttribute(name, '');
    else if (typeof value === 'string') element.setAttribute(name, value);
  }
  for (const [type, listener] of Object.entries(props.on ?? {})) {
    element.addEventListener(type, listener as EventListener);
  }
  for (const child of children) if (child !== null && child !== undefined && child !== false) element.append(child);
  return element;
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} is missing from the page`);
  return element as T;
}

/** Sets text only when it differs, so live updates do not touch unchanged nodes. */
export function setText(element: Element, text: string): void {
  if (element.textContent !== text) element.textContent = text;
}

const SVG = 'http://www.w3.org/2000/svg';

/** Small line icons (24×24 viewBox, stroked with the current colour). */
const ICONS = {
  check: 'M5 12.5l4.5 4.5L19 7.5',
  archive: 'M4 5h16v4H4zM5.5 9v10h13V9M10 13h4',
  trash: 'M4 7h16M9.5 7V4.5h5V7M6.5 7l1 13h9l1-13M10 11v5.5M14 11v5.5',
  unread: 'M12 5v14M5 12h14',
  undo: 'M9 7L4.5 11.5 9 16M5 11.5h9a5 5 0 010 10h-2',
  open: 'M14 4h6v6M20 4l-9 9M18 14v6H4V6h6',
  search: 'M10.5 17a6.5 6.5 0 110-13 6.5 6.5 0 010 13zM15.5 15.5L20 20',
} as const;
export type IconName = keyof typeof ICONS;

export function icon(name: IconName): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('class', 'icon');
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', ICONS[name]);
  svg.append(path);
  return svg;
}

/**
 * Brings `container`'s children in line with `items`, reusing the element of each key, so a live
 * update moves and patches rows instead of rebuilding them (no flicker, focus stays put).
 */
export function reconcile<T>(
  container: HTMLElement,
  items: readonly T[],
  keyOf: (item: T) => string,
  create: (item: T) => HTMLElement,
  update: (element: HTMLElement, item: T) => void,
): void {
  const existing = new Map<string, HTMLElement>();
  for (const child of Array.from(container.children) as HTMLElement[]) {
    if (child.dataset.key !== undefined) existing.set(child.dataset.key, child);
  }
  let cursor = container.firstElementChild as HTMLElement | null;
  for (const item of items) {
    const key = keyOf(item);
    let element = existing.get(key);
    if (element) {
      existing.delete(key);
      update(element, item);
    } else {
      element = create(item);
      element.dataset.key = key;
    }
    if (element !== cursor) container.insertBefore(element, cursor);
    else cursor = cursor.nextElementSibling as HTMLElement | null;
  }
  for (const leftover of existing.values()) leftover.remove();
}

/** Runs `fn` once, `ms` after the first of any number of calls in that time (a burst of changes → one recount). */
export function coalesce(fn: () => void, ms: number): () => void {
  let queued = false;
  return () => {
    if (queued) return;
    queued = true;
    setTimeout(() => {
      queued = false;
      fn();
    }, ms);
  };
}
