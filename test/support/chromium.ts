/**
 * The gate of the browser tests: they run where Debian's chromium is installed, skip with a
 * message where it is not, and fail under CI=true without it (.ci/run installs it).
 */
import type { Page } from 'playwright-core';
import { chromiumAvailable, CHROMIUM_PATH, launchChromium, type LaunchedBrowser } from '../../scripts/chromium.js';

/** For `describe.runIf`: whether `what` can run here; says why when it cannot. */
export function browserTestsRunnable(what: string): boolean {
  const runnable = chromiumAvailable() || process.env.CI === 'true';
  if (!runnable) console.warn(`${what} skipped: no chromium at ${CHROMIUM_PATH} (apt-get install -y chromium; under CI=true they fail instead)`);
  return runnable;
}

export interface BrowserPage extends LaunchedBrowser {
  page: Page;
}

/** A browser in a fresh profile with one page open; under CI=true without chromium, an error that says how to get it. */
export async function openBrowserPage(): Promise<BrowserPage> {
  if (!chromiumAvailable()) throw new Error(`CI=true and no chromium at ${CHROMIUM_PATH}: .ci/run installs it (apt-get install -y chromium)`);
  const launched = await launchChromium();
  return { ...launched, page: await launched.context.newPage() };
}
