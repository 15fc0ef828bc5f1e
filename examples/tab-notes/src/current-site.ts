// The site of the tab the popup was opened on. `activeTab` lets the popup read the active tab's
// address; `popup.html?origin=…` names a site instead (to open the popup in a tab, as the tests do).
import { siteOf } from './site';

interface Tabs {
  query(filter: { active: true; currentWindow: true }): Promise<{ url?: string }[]>;
}

type TabsScope = { browser?: { tabs?: Tabs }; chrome?: { tabs?: Tabs } };

/** The site's origin, or undefined when the tab is not a web site. */
export async function currentSite(): Promise<string | undefined> {
  const given = new URLSearchParams(location.search).get('origin');
  if (given !== null) return siteOf(given);
  const scope = globalThis as TabsScope;
  const tabs = scope.browser?.tabs ?? scope.chrome?.tabs;
  if (tabs === undefined) return undefined;
  const [tab] = await tabs.query({ active: true, currentWindow: true });
  return tab?.url === undefined ? undefined : siteOf(tab.url);
}
