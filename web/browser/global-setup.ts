/**
 * Starts the platform once for every journey (fresh database, own port and task
 * queue), seeds what the journeys share, and hands it to the tests through
 * OPSM_BROWSER_STATE. The returned function is the global teardown.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS_DIR, CHROMIUM, seed, startPlatform } from './platform';

export default async function globalSetup(): Promise<() => Promise<void>> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium (make deps does), or set CHROMIUM_PATH`);
  }
  rmSync(ARTIFACTS_DIR, { recursive: true, force: true });
  mkdirSync(ARTIFACTS_DIR, { recursive: true });

  const platform = await startPlatform(join(ARTIFACTS_DIR, 'opsmanager.log'));
  try {
    const state = await seed(platform);
    process.env.OPSM_BROWSER_STATE = JSON.stringify(state);
    console.log(`opsmanager under test at ${state.url} (log: ${join(ARTIFACTS_DIR, 'opsmanager.log')})`);
  } catch (err) {
    await platform.stop();
    throw err;
  }
  return platform.stop;
}
