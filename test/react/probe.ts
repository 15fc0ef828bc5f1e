// A component that renders what a hook returns as one line of text, and records the text of
// every render React commits, so a test can assert both what is on screen and everything that
// was on screen before (a flash of "loading" or of an empty list included).
import { createElement, useLayoutEffect } from 'react';
import type { Doc } from '@ramify-db/core';
import type { LiveState } from '@ramify-db/react';
import type { Page } from '../bridge/harness';

export function describeState<R>(state: LiveState<R>, format: (data: R) => string): string {
  switch (state.status) {
    case 'loading':
      return state.previous === undefined ? 'loading' : `loading (showing ${format(state.previous)})`;
    case 'ready':
      return `ready: ${format(state.data)}`;
    case 'error':
      return `error ${state.error.code}${state.data === undefined ? '' : `: ${format(state.data)}`}`;
  }
}

export const titles = (docs: readonly Doc<Page>[] | undefined) => (docs === undefined ? 'nothing' : docs.length === 0 ? 'none' : docs.map((doc) => doc.title).join(', '));
export const title = (doc: Doc<Page> | undefined) => doc?.title ?? 'no document';
export const number = (n: number) => String(n);

export interface Probe<A> {
  Probe: (props: { arg: A }) => ReturnType<typeof createElement>;
  /** The text of every committed render, in order. */
  commits: string[];
  /** Every state the hook returned, in render order. */
  states: LiveState<unknown>[];
}

export function probe<A, R>(use: (arg: A) => LiveState<R>, format: (data: R) => string): Probe<A> {
  const commits: string[] = [];
  const states: LiveState<unknown>[] = [];
  function Probe({ arg }: { arg: A }) {
    const state = use(arg);
    states.push(state as LiveState<unknown>);
    const text = describeState(state, format);
    useLayoutEffect(() => {
      // StrictMode runs a mount's layout effects twice: one commit, recorded once.
      if (commits.at(-1) !== text) commits.push(text);
    });
    return createElement('output', null, text);
  }
  return { Probe, commits, states };
}
