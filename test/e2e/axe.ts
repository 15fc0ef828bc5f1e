// axe-core in a page of the extension, for Playwright (Chromium) and puppeteer (Firefox) pages
// alike. The script goes in through the automation protocol, which the extension pages' content
// security policy does not apply to. Every rule axe runs by default is checked (WCAG 2.x A and AA,
// best practices); a violation reads as one line per element, so a failing test says what is wrong.
import axe from 'axe-core';
import { expect } from 'vitest';

/** What both Playwright's and puppeteer's pages offer. */
interface EvaluatingPage {
  evaluate<R>(fn: () => R | Promise<R>): Promise<R>;
  evaluate(expression: string): Promise<unknown>;
}

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** The violations axe finds in the page as it is now, one readable line per element. */
export async function axeViolations(page: EvaluatingPage): Promise<string[]> {
  const loaded = await page.evaluate(() => typeof (globalThis as { axe?: unknown }).axe === 'object');
  if (!loaded) await page.evaluate(`${axe.source}\n;true`);
  const violations = await page.evaluate(async () => {
    const found = await (globalThis as unknown as { axe: typeof axe }).axe.run(document, { resultTypes: ['violations'] });
    return found.violations.map(({ id, impact, help, nodes }) => ({
      id,
      impact: impact ?? null,
      help,
      nodes: nodes.map((node) => ({ target: node.target.map(String), failureSummary: node.failureSummary })),
    })) as Violation[];
  });
  return violations.flatMap((v) =>
    v.nodes.map((node) => `${v.id} (${v.impact}): ${v.help} at ${node.target.join(' ')}${node.failureSummary ? ` — ${node.failureSummary.replace(/\s+/g, ' ')}` : ''}`),
  );
}

/** Asserts axe finds nothing; `state` names what the page shows, for the failure message. */
export async function expectNoAxeViolations(page: EvaluatingPage, state: string): Promise<void> {
  expect({ state, violations: await axeViolations(page) }).toEqual({ state, violations: [] });
}
