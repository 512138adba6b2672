import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { chromium, test } from '@playwright/test';
import lighthouse from 'lighthouse';
import { Api, CHROMIUM, REPO_ROOT, type SeededState } from '../browser/platform';
import { openIncident, pagingService } from '../browser/incidents';

const HERE = dirname(fileURLToPath(import.meta.url));
const PORT = 9333;
const PAGES = [
  { path: '/', heading: 'Overview' },
  { path: '/incidents', heading: 'Incidents' },
  { path: '/incidents/board', heading: /incident board/i },
  { path: '/playbooks', heading: 'Playbooks' },
  { path: '/runs', heading: /Runs/ },
];

/** Gzipped size of the scripts index.html loads before anything else (entry + modulepreloads). */
function initialJs(): { files: string[]; gzipBytes: number; rawBytes: number } {
  const dist = join(REPO_ROOT, 'web', 'dist');
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1] as string);
  let gzipBytes = 0;
  let rawBytes = 0;
  for (const f of files) {
    const body = readFileSync(join(dist, f));
    rawBytes += body.length;
    gzipBytes += gzipSync(body, { level: 9 }).length;
  }
  return { files, gzipBytes, rawBytes };
}


type Scores = Record<string, number>;

/** Lighthouse on the browser at PORT: its tabs share the session cookie (disableStorageReset keeps it). */
async function audit(url: string): Promise<Scores> {
  const result = await lighthouse(url, {
    port: PORT,
    output: 'json',
    logLevel: 'error',
    disableStorageReset: true,
    onlyCategories: ['performance', 'accessibility', 'best-practices'],
    formFactor: 'desktop',
    screenEmulation: { mobile: false, width: 1350, height: 940, deviceScaleFactor: 1, disabled: false },
    throttlingMethod: 'provided', // localhost: no simulated network
    // The live-update stream never goes quiet: do not wait 45 s for it
    // (Lighthouse then notes the page "loaded too slowly"; the scores stand).
    maxWaitForLoad: 15_000,
  });
  const lhr = result?.lhr;
  if (!lhr) throw new Error('lighthouse returned nothing for ' + url);
  if (lhr.runtimeError || lhr.runWarnings.length) {
    console.log(`${url}: lighthouse ${lhr.runtimeError?.message ?? ''} ${lhr.runWarnings.join(' | ')}`);
  }
  // A category Lighthouse could not score (null) is reported as -1, not 0.
  const scores: Scores = Object.fromEntries(
    Object.entries(lhr.categories).map(([k, v]) => [k, v.score === null ? -1 : Math.round(v.score * 100)]),
  );
  for (const ref of lhr.categories.accessibility?.auditRefs ?? []) {
    const a = lhr.audits[ref.id];
    if (!a || a.score === null || a.score >= 1) continue;
    scores.accessibilityFailing = (scores.accessibilityFailing ?? 0) + 1;
    const items = ((a.details as { items?: { node?: { selector?: string; snippet?: string } }[] })?.items ?? [])
      .map((i) => `${i.node?.selector} ${(i.node?.snippet ?? '').slice(0, 160)}`);
    console.log(`${url}: accessibility audit ${a.id} not passed:\n  ${items.join('\n  ')}`);
  }
  return scores;
}

test('budgets', async () => {
  const state = JSON.parse(process.env.OPSM_BROWSER_STATE ?? '{}') as SeededState;
  const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'om-budgets-')), {
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', `--remote-debugging-port=${PORT}`],
    viewport: { width: 1350, height: 940 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(30_000);
  // The login page, signed out.
  const scores: Record<string, Scores> = { '/login': await audit(state.url + '/login') };
  console.log('signing in at', state.url);
  await page.goto(state.url + '/login');
  await page.getByLabel('Email').fill(state.admin.email);
  await page.getByLabel('Password').fill(state.admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();

  console.log('signed in; measuring page loads');
  // Page loads: navigation start to the page's heading on screen (cold load, signed in by the refresh cookie).
  const loads: Record<string, { domContentLoadedMs: number; loadMs: number; headingMs: number }> = {};
  for (const p of PAGES) {
    console.log('load', p.path);
    const start = Date.now();
    await page.goto(state.url + p.path);
    await page.getByRole('heading', { level: 1, name: p.heading }).first().waitFor();
    const headingMs = Date.now() - start;
    const nav = await page.evaluate(() => {
      const e = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      return { domContentLoadedMs: Math.round(e.domContentLoadedEventEnd), loadMs: Math.round(e.loadEventEnd) };
    });
    loads[p.path] = { ...nav, headingMs };
  }

  // Live updates: from an API change to the open board showing it.
  const api = new Api(state.url, state.admin.token);
  const serviceId = await pagingService(api, [600]);
  await page.goto(state.url + '/incidents/board');
  await page.getByRole('heading', { level: 1, name: /incident board/i }).waitFor();
  const appear: number[] = [];
  const acknowledge: number[] = [];
  for (let i = 0; i < 5; i++) {
    const title = `Live latency ${Date.now()}-${i}`;
    let t0 = Date.now();
    const incident = await openIncident(api, serviceId, title);
    await page.getByRole('region', { name: 'Triggered' }).getByRole('link', { name: title }).waitFor();
    appear.push(Date.now() - t0);
    t0 = Date.now();
    await api.post(`/incidents/${incident.id}/acknowledge`);
    await page.getByRole('region', { name: 'Acknowledged' }).getByRole('link', { name: title }).waitFor();
    acknowledge.push(Date.now() - t0);
    for (const a of ['resolve', 'close']) await api.post(`/incidents/${incident.id}/${a}`);
  }
  const live = { incidentAppearsMs: appear, acknowledgedMovesMs: acknowledge };
  console.log('live updates on the open board (ms):', JSON.stringify(live));

  for (const p of PAGES) {
    console.log('lighthouse', p.path);
    scores[p.path] = await audit(state.url + p.path);
  }
  await context.close();

  const report = { at: new Date().toISOString(), initialJs: initialJs(), loads, live, lighthouse: scores };
  writeFileSync(join(HERE, 'report.json'), JSON.stringify(report, null, 2));
  console.log(JSON.stringify(report, null, 2));
});
