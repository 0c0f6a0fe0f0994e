import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';

/**
 * Headless Chromium for the browser tests: the system package, not a downloaded browser. On a developer's
 * machine without it the tests skip and say so; in CI (`CI=true`), where `.ci/run` installs it with the Chinese
 * font, a missing browser fails them instead, so CI can never pass without having run them.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const chromiumFound = existsSync(CHROMIUM);
export const chromiumRequired = process.env.CI === 'true';

/** Where screenshots go, for a human to look at (git-ignored). */
export const SCREENSHOTS = join(import.meta.dirname, '../../test-results/screenshots');

/** Warns, once per test file, that its browser tests are skipped and how to get them to run. */
export function warnIfNoChromium(what: string): void {
  if (chromiumFound) return;
  if (chromiumRequired) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}, and CI must run the ${what}: .ci/run installs it with ` +
        'apt-get install -y chromium fonts-wqy-microhei (see its output for why that failed)',
    );
  }
  console.warn(
    `Chromium not found at ${CHROMIUM}; install with apt-get install -y chromium fonts-wqy-microhei ` +
      `(.ci/run does this) — ${what} skipped`,
  );
}

export async function launchChromium(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
