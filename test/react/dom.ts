// Renders into a jsdom container with React DOM, every step inside act() so effects and updates
// are flushed before the test looks.
import { act, Component, createElement, StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

/** Shows the message of what its children threw, as an application's error boundary would. */
class Boundary extends Component<{ children: ReactNode }, { error?: Error }> {
  override state: { error?: Error } = {};
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override render() {
    return this.state.error ? createElement('p', { role: 'alert' }, `crashed: ${this.state.error.message}`) : this.props.children;
  }
}

export function mount(node: ReactNode, options: { strict?: boolean } = {}) {
  const container = document.createElement('div');
  const root = createRoot(container, { onCaughtError: () => {} });
  const wrap = (child: ReactNode) => createElement(Boundary, null, options.strict ? createElement(StrictMode, null, child) : child);
  act(() => root.render(wrap(node)));
  return {
    container,
    get html() {
      return container.innerHTML;
    },
    rerender(next: ReactNode) {
      act(() => root.render(wrap(next)));
    },
    unmount() {
      act(() => root.unmount());
    },
  };
}

/** Runs `fn` (a write, time passing) inside act, so what it causes is rendered before act returns. */
export async function step(fn: () => unknown): Promise<void> {
  await act(async () => {
    await fn();
  });
}

export function sync(fn: () => unknown): void {
  act(() => {
    fn();
  });
}
