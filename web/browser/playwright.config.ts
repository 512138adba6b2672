/**
 * Browser journeys against the real platform (see README.md, "Tests").
 * Chromium comes from Debian (/usr/bin/chromium); Playwright never downloads a browser.
 */
import { defineConfig } from '@playwright/test';
import { CHROMIUM } from './platform';

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  outputDir: './test-results',
  globalSetup: './global-setup.ts',
  // One platform, one browser at a time: the machine has two cores, and the
  // Temporal dev server is the bottleneck anyway.
  workers: 1,
  fullyParallel: false,
  forbidOnly: true,
  retries: 0,
  // Playbook runs and escalations go through Temporal; leave room for a busy machine.
  timeout: 120_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    launchOptions: {
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    },
    viewport: { width: 1440, height: 900 },
    locale: 'en-GB',
    timezoneId: 'UTC',
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
});
