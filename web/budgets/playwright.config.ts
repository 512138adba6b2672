/**
 * Dashboard budgets (a benchmark, not a test): `make budgets`. Starts the
 * platform like the browser journeys do, then measures initial JS size,
 * page load times and Lighthouse scores in Debian's Chromium.
 */
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: 'budgets.spec.ts',
  outputDir: './test-results',
  globalSetup: '../browser/global-setup.ts',
  workers: 1,
  timeout: 600_000,
  reporter: [['list']],
});
