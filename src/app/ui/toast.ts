// One message at a time at the bottom of the page, with an optional Undo. It overlays the page
// (fixed position) so showing it never moves anything else. The region stays in the page, empty
// between messages, so screen readers announce each message as it is added.
//
// A message waits while the pointer is over it, while focus is in it and while the window is in
// the background: nobody loses an Undo they were about to use. Ctrl+Z (⌘Z) takes the action back
// while its Undo is offered and no text field has focus. After a destructive action focus moves to
// Undo; Undo, Escape or Dismiss then put focus back where the user was.
import { h } from './dom';
import { errorText } from './errors';

const SHOW_FOR_MS = 6000;

export interface ToastOptions {
  /** Moves focus to Undo: for actions that removed what the user was on (deletes). */
  focusUndo?: boolean;
  /** Where focus goes after Undo or dismissal; falls back to where it was, then to the page's default. */
  focusAfter?: () => Element | null | undefined;
}

export interface Toaster {
  show(message: string, undo?: () => Promise<unknown>, options?: ToastOptions): void;
  error(error: unknown): void;
  /** Runs the Undo on offer; false when there is none. */
  undo(): boolean;
  /** Removes the message on show, if any. */
  clear(): void;
}

interface Shown {
  element: HTMLElement;
  kind: 'info' | 'error';
  undo: (() => Promise<unknown>) | undefined;
  options: ToastOptions;
  /** The element that had focus when the message appeared. */
  returnTo: Element | null;
  remaining: number;
  startedAt: number;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/** `fallbackFocus` names the page's place for focus when neither the action nor the page offer one. */
export function createToaster(region: HTMLElement, fallbackFocus: () => HTMLElement | null): Toaster {
  let shown: Shown | undefined;
  const paused = new Set<'hover' | 'focus' | 'window'>();
  if (!document.hasFocus()) paused.add('window');

  function schedule(): void {
    if (!shown) return;
    clearTimeout(shown.timer);
    shown.timer = undefined;
    if (paused.size > 0) return;
    shown.startedAt = Date.now();
    shown.timer = setTimeout(() => hide(false), shown.remaining);
  }

  function pause(reason: 'hover' | 'focus' | 'window'): void {
    if (shown && paused.size === 0 && shown.timer !== undefined) {
      shown.remaining = Math.max(1000, shown.remaining - (Date.now() - shown.startedAt));
    }
    paused.add(reason);
    schedule();
  }

  function resume(reason: 'hover' | 'focus' | 'window'): void {
    paused.delete(reason);
    schedule();
  }

  /** `restore`: put focus back, when it is in the message (or was lost with it). */
  function hide(restore: boolean): void {
    if (!shown) return;
    const was = shown;
    clearTimeout(was.timer);
    const focusWasHere = was.element.contains(document.activeElement);
    shown = undefined;
    paused.delete('hover');
    paused.delete('focus');
    was.element.remove();
    if (restore || focusWasHere) restoreFocus(was);
  }

  function restoreFocus(was: Shown): void {
    const active = document.activeElement;
    if (active && active !== document.body && active.isConnected) return;
    const target = [was.options.focusAfter?.(), was.returnTo, fallbackFocus()].find(focusable);
    (target as HTMLElement | undefined)?.focus();
  }

  function runUndo(): void {
    const was = shown;
    if (!was?.undo) return;
    const focusWasHere = was.element.contains(document.activeElement);
    const undo = was.undo;
    hide(false);
    if (focusWasHere) (document.activeElement as HTMLElement | null)?.blur();
    undo()
      .then(() => {
        if (focusWasHere) restoreFocus(was);
      })
      .catch((error) => {
        show(errorText(error), undefined, {}, 'error');
        if (focusWasHere) restoreFocus(was);
      });
  }

  function show(message: string, undo: (() => Promise<unknown>) | undefined, options: ToastOptions, kind: 'info' | 'error' = 'info'): void {
    const returnTo = shown?.element.contains(document.activeElement) ? shown.returnTo : document.activeElement;
    if (shown) {
      clearTimeout(shown.timer);
      shown.element.remove();
    }
    paused.delete('hover');
    paused.delete('focus');
    const undoButton = undo ? h('button', { class: 'toast-action', text: 'Undo', attrs: { type: 'button' }, on: { click: runUndo } }) : null;
    const element = h(
      'div',
      { class: `toast ${kind}` },
      h('span', { class: 'toast-text', text: message }),
      undoButton,
      h('button', {
        class: 'toast-close',
        text: '×',
        attrs: { type: 'button', 'aria-label': 'Dismiss', title: 'Dismiss' },
        on: { click: () => hide(true) },
      }),
    );
    element.addEventListener('mouseenter', () => pause('hover'));
    element.addEventListener('mouseleave', () => resume('hover'));
    element.addEventListener('focusin', () => pause('focus'));
    element.addEventListener('focusout', (event) => {
      if (!element.contains(event.relatedTarget as Node | null)) resume('focus');
    });
    element.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        hide(true);
      }
    });
    shown = {
      element,
      kind,
      undo,
      options,
      returnTo: returnTo && returnTo !== document.body ? returnTo : null,
      remaining: kind === 'error' ? SHOW_FOR_MS * 2 : SHOW_FOR_MS,
      startedAt: Date.now(),
      timer: undefined,
    };
    region.append(element);
    if (undoButton && options.focusUndo) undoButton.focus();
    schedule();
  }

  window.addEventListener('blur', () => pause('window'));
  window.addEventListener('focus', () => resume('window'));

  document.addEventListener('keydown', (event) => {
    if (event.key.toLowerCase() !== 'z' || !(event.ctrlKey || event.metaKey) || event.shiftKey || event.altKey) return;
    // Not from a text field (its own undo) nor from an open dialog (the question comes first).
    if (isTextField(event.target) || (event.target as Element | null)?.closest?.('dialog') || !shown?.undo) return;
    event.preventDefault();
    runUndo();
  });

  // An error is about the last thing the user tried: trying something else takes it away, so an
  // old error never sits over the outcome of the next action.
  document.addEventListener(
    'click',
    (event) => {
      const target = event.target as Element | null;
      if (shown?.kind !== 'error' || !target || region.contains(target)) return;
      if (target.closest('button, a[href], input[type="file"]')) hide(false);
    },
    true,
  );

  return {
    show: (message, undo, options = {}) => show(message, undo, options),
    error: (error) => show(errorText(error), undefined, {}, 'error'),
    undo() {
      if (!shown?.undo) return false;
      runUndo();
      return true;
    },
    clear: () => hide(false),
  };
}

function focusable(element: Element | null | undefined): element is HTMLElement {
  if (!(element instanceof HTMLElement) || !element.isConnected) return false;
  if ((element as HTMLButtonElement).disabled || element.closest('[hidden], [inert]')) return false;
  return element.getClientRects().length > 0;
}

const TEXT_INPUTS = new Set(['text', 'search', 'number', 'email', 'url', 'tel', 'password']);

function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLTextAreaElement || target.isContentEditable) return true;
  return target instanceof HTMLInputElement && TEXT_INPUTS.has(target.type);
}
