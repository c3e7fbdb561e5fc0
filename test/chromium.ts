/**
 * Debian's headless Chromium for the browser tests, driven by playwright-core (its own browser downloads cannot reach
 * their hosts here). Tests skip only when Chromium is missing outside CI; under CI=true a missing browser fails them.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** The browser's path: `TAXSYNC_CHROMIUM`, else Debian's. */
export const CHROMIUM = process.env.TAXSYNC_CHROMIUM ?? '/usr/bin/chromium';
/** Whether the browser is installed. */
export const chromiumAvailable = existsSync(CHROMIUM);
/** Whether this run is CI's, where a missing browser is a failure, not a skip. */
export const inCi = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';

/** Warns, once per test file, that its browser tests are skipped; returns whether they are. */
export function skipWithoutChromium(file: string): boolean {
  const skip = !chromiumAvailable && !inCi;
  if (skip) {
    console.warn(`${file} skipped: Chromium not found at ${CHROMIUM}. Install it (Debian: apt-get install -y chromium) or set TAXSYNC_CHROMIUM; under CI=true this test runs and fails without it.`);
  }
  return skip;
}

/** A headless Chromium with a throwaway profile; `close()` ends it and removes the profile. */
export async function launchChromium(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'taxsync-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
