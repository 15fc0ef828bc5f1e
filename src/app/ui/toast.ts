// One message at a time at the bottom of the page, with an optional Undo. It overlays the page
// (fixed position) so showing it never moves anything else.
import { h } from './dom';
import { errorText } from './errors';

const SHOW_FOR_MS = 6000;

export interface Toaster {
  show(message: string, undo?: () => Promise<unknown>): void;
  error(error: unknown): void;
}

export function createToaster(region: HTMLElement): Toaster {
  let timer: ReturnType<typeof setTimeout> | undefined;

  function hide(): void {
    clearTimeout(timer);
    region.hidden = true;
    region.replaceChildren();
  }

  function show(message: string, undo?: () => Promise<unknown>, kind: 'info' | 'error' = 'info'): void {
    clearTimeout(timer);
    region.className = `toast ${kind}`;
    region.replaceChildren(h('span', { class: 'toast-text', text: message }));
    if (undo) {
      const button = h('button', {
        class: 'toast-action',
        text: 'Undo',
        attrs: { type: 'button' },
        on: {
          click: () => {
            hide();
            undo().catch((error) => show(errorText(error), undefined, 'error'));
          },
        },
      });
      region.append(button);
    }
    region.hidden = false;
    timer = setTimeout(hide, kind === 'error' ? SHOW_FOR_MS * 2 : SHOW_FOR_MS);
  }

  return {
    show: (message, undo) => show(message, undo),
    error: (error) => show(errorText(error), undefined, 'error'),
  };
}
