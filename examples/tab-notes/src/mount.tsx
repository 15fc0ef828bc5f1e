// Renders a page's component into its #root, checked by StrictMode (which mounts every hook twice:
// the live queries must let go of their first subscription).
import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';

export function mount(page: ReactNode): void {
  const root = document.getElementById('root');
  if (root === null) throw new Error('the page has no #root element');
  createRoot(root).render(<StrictMode>{page}</StrictMode>);
}
