// Chromium with nothing attached to the extension's worker (a bare CDP pipe, Target domain only):
// Chrome stops an idle MV3 worker after 30 s, and an open extension page keeps it running with
// the bridge's pings. These tests take about 40 s each: they wait out the idle timeout.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHROMIUM_PATH, DIST, hasChromium, newProfile, removeProfile } from './chromium';
import { launchOverPipe, type PipeBrowser } from './cdp-pipe';

const IDLE_STOP_MS = 30_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function workers(browser: PipeBrowser) {
  return [...browser.targets.values()].filter((t) => t.type === 'service_worker' && t.url.endsWith('/background.js'));
}

async function extensionId(browser: PipeBrowser): Promise<string> {
  await expect.poll(() => workers(browser).length, { timeout: 30_000 }).toBe(1);
  return new URL(workers(browser)[0].url).host;
}

describe.skipIf(!hasChromium)('the service worker lifetime in Chromium, without Playwright', () => {
  let profile: string;
  let browser: PipeBrowser;

  beforeEach(async () => {
    profile = newProfile();
    browser = launchOverPipe(CHROMIUM_PATH, profile, DIST);
    await browser.send('Target.setDiscoverTargets', { discover: true });
  });

  afterEach(async () => {
    await browser.close();
    removeProfile(profile);
  });

  it('lets Chrome stop the worker when no extension page is open', async () => {
    await extensionId(browser);
    await expect.poll(() => workers(browser).length, { timeout: IDLE_STOP_MS + 20_000, interval: 500 }).toBe(0);
  });

  it('keeps the worker running while an extension page is open', async () => {
    const id = await extensionId(browser);
    await browser.send('Target.createTarget', { url: `chrome-extension://${id}/options.html` });
    const worker = workers(browser)[0].targetId;
    await sleep(IDLE_STOP_MS + 10_000);
    expect(workers(browser).map((t) => t.targetId)).toEqual([worker]);
  });
});
