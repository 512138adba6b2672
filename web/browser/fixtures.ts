/**
 * What every journey gets: the seeded state, an admin API client, the platform's
 * URL as baseURL, signIn() through the real login form, and snap() for the
 * full-page screenshot of each page visited (artifacts/<journey>-<nn>-<step>.png).
 */
import { expect, test as base } from '@playwright/test';
import { join } from 'node:path';
import { openIncident, type Incident } from './incidents';
import { Api, ARTIFACTS_DIR, type SeededState } from './platform';

function seeded(): SeededState {
  const raw = process.env.OPSM_BROWSER_STATE;
  if (!raw) throw new Error('OPSM_BROWSER_STATE is not set: run the journeys through playwright.config.ts (npm run test:browser)');
  return JSON.parse(raw) as SeededState;
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

export interface Fixtures {
  state: SeededState;
  /** The first admin's API client, for seeding and for checking what the UI did. */
  api: Api;
  /** Full-page screenshot of the current page, named after the journey and the step. */
  snap: (step: string) => Promise<void>;
  /** Opens an incident through the API; it is resolved and closed when the test ends, ending its workflow. */
  openIncident: (serviceId: string, title: string) => Promise<Incident>;
  /** Signs in through the login form as `who` and waits for the overview. */
  signIn: (who: { email: string; password: string }) => Promise<void>;
}

export const test = base.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern
  state: async ({}, use) => {
    await use(seeded());
  },
  baseURL: async ({ state }, use) => {
    await use(state.url);
  },
  api: async ({ state }, use) => {
    await use(new Api(state.url, state.admin.token));
  },
  openIncident: async ({ api }, use) => {
    const opened: string[] = [];
    await use(async (serviceId, title) => {
      const incident = await openIncident(api, serviceId, title);
      opened.push(incident.id);
      return incident;
    });
    for (const id of opened) {
      for (const action of ['resolve', 'close']) {
        await api.post(`/incidents/${id}/${action}`).catch(() => undefined);
      }
    }
  },
  snap: async ({ page }, use, testInfo) => {
    // The journey is the part of the title before the colon: "run-playbook: …" → run-playbook.
    const journey = slug(testInfo.title.split(':')[0] ?? testInfo.title);
    let n = 0;
    await use(async (step: string) => {
      n += 1;
      const file = join(ARTIFACTS_DIR, `${journey}-${String(n).padStart(2, '0')}-${slug(step)}.png`);
      await page.screenshot({ path: file, fullPage: true });
      await testInfo.attach(step, { path: file, contentType: 'image/png' });
    });
  },
  signIn: async ({ page, snap }, use) => {
    await use(async (who) => {
      await page.goto('/login');
      await page.getByLabel('Email').fill(who.email);
      await page.getByLabel('Password').fill(who.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
      await snap('signed in');
    });
  },
});

export { expect };
