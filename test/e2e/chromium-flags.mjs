// The one place that knows how Chromium is launched here, shared by the tests, the screenshots
// script and the browser benchmark. The background-networking flags matter: without them Chromium
// keeps dialling hosts this machine cannot reach.

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags to load the unpacked extensions in `dirs`, headless and quiet. */
export function chromiumFlags(dirs) {
  const list = dirs.join(',');
  return [
    `--disable-extensions-except=${list}`,
    `--load-extension=${list}`,
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ];
}
