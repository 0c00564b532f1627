import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export type Chromium = { launch(): Promise<{ context: BrowserContext; close(): Promise<void> }> };

/**
 * Debian's Chromium driven by playwright-core, or undefined (with a message) to skip the browser
 * tests; under CI=true a missing browser or library is an error.
 */
export async function chromiumOrSkip(env: NodeJS.ProcessEnv = process.env): Promise<Chromium | undefined> {
  const missing = !existsSync(CHROMIUM)
    ? `${CHROMIUM} is missing (apt-get install -y chromium)`
    : await import('playwright-core').then(
        () => undefined,
        () => 'playwright-core is not installed (npm ci)',
      );
  if (missing !== undefined) {
    if (env.CI === 'true') throw new Error(`${missing}; under CI=true the browser tests must run.`);
    console.warn(`Browser tests skipped: ${missing}.`);
    return undefined;
  }
  const { chromium } = await import('playwright-core');
  return {
    async launch() {
      // A fresh profile each time: nothing cached or remembered between runs.
      const userDataDir = await mkdtemp(path.join(tmpdir(), 'omni-chatops-chromium-'));
      const context = await chromium.launchPersistentContext(userDataDir, {
        executablePath: CHROMIUM,
        headless: true,
        args: ARGS,
        viewport: { width: 1500, height: 950 },
      });
      return {
        context,
        async close() {
          await context.close();
          await rm(userDataDir, { recursive: true, force: true });
        },
      };
    },
  };
}
