/**
 * The platform under test: a fresh PostgreSQL database and one `bin/opsmanager dev`
 * process (API + worker + embedded dashboard) on a free loopback port, set up like the
 * Go end-to-end tests do it (e2e/platform_test.go: baseEnv, startPlatform, adminToken),
 * plus a small JSON API client used to seed data and check results.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BROWSER_DIR = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = resolve(BROWSER_DIR, '../..');
export const ARTIFACTS_DIR = join(BROWSER_DIR, 'artifacts');
/** The platform under test: bin/opsmanager as `make build` leaves it, or OPSMANAGER_BIN. */
export const BINARY = process.env.OPSMANAGER_BIN || join(REPO_ROOT, 'bin', 'opsmanager');
/** Debian's Chromium; Playwright's own browser download is never used. */
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const SSHD_DIR = join(process.env.XDG_STATE_HOME ?? join(homedir(), '.local', 'state'), 'opsmanager', 'sshd');

/** config.DefaultDatabaseURL; tests create databases through TEST_DATABASE_URL, else DATABASE_URL, else this. */
const DEFAULT_DATABASE_URL = 'postgres://opsmanager:opsmanager@127.0.0.1:5432/opsmanager?sslmode=disable';

export function adminDatabaseURL(): string {
  return process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
}

/** The admin URL pointing at database `name` instead (storetest.WithDatabase). */
export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

function psql(sql: string): void {
  execFileSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', adminDatabaseURL(), '-c', sql], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PGCONNECT_TIMEOUT: '10' },
  });
}

/** Creates an empty database (the platform migrates it on start), like storetest.NewEmptyDatabase. */
export function createDatabase(): { name: string; url: string } {
  const name = `opsmanager_test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  try {
    psql(`CREATE DATABASE ${name}`);
  } catch (err) {
    const stderr = (err as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(`create database at ${adminDatabaseURL()} (start Postgres with \`make deps\`): ${stderr || String(err)}`);
  }
  return { name, url: withDatabase(adminDatabaseURL(), name) };
}

export function dropDatabase(name: string): void {
  try {
    psql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } catch (err) {
    console.warn(`drop database ${name}: ${(err as { stderr?: Buffer }).stderr?.toString() ?? String(err)}`);
  }
}

export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => (address && typeof address === 'object' ? ok(address.port) : fail(new Error('no port'))));
    });
  });
}

/** Polls cond until it returns a value other than undefined/false, or throws with the last state after timeoutMs. */
export async function waitFor<T>(what: string, timeoutMs: number, cond: () => Promise<T | undefined | false>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await cond();
      if (v !== undefined && v !== false) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what}: not reached within ${timeoutMs / 1000}s${last ? `; last error: ${String(last)}` : ''}`);
}

export interface RunningPlatform {
  url: string;
  adminEmail: string;
  adminPassword: string;
  stop: () => Promise<void>;
}

/**
 * Starts `bin/opsmanager dev` with its own database, port, task queue and data
 * directory, waits for /readyz, and returns the first admin's login, which `dev`
 * prints once. stop() sends SIGTERM, waits for a clean exit, drops the database.
 */
export async function startPlatform(logFile: string): Promise<RunningPlatform> {
  if (!existsSync(BINARY)) throw new Error(`${BINARY} is missing: run \`make build\` first (make test-browser does)`);
  const db = createDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'opsmanager-browser-'));
  const port = await freePort();
  const adminEmail = `admin-${randomUUID().slice(0, 8)}@example.com`;
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    // The browser talks plain HTTP to 127.0.0.1: dev mode keeps the refresh cookie
    // usable there (production marks it Secure); keys are generated in DATA_DIR.
    OPSMANAGER_ENV: 'dev',
    DATABASE_URL: db.url,
    HTTP_ADDR: `127.0.0.1:${port}`,
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    TEMPORAL_TASK_QUEUE: `browser-${randomUUID()}`,
    DATA_DIR: dataDir,
    OUTBOUND_ALLOW_CIDRS: '127.0.0.0/8',
    SSH_ALLOW_CIDRS: '127.0.0.0/8',
    SHUTDOWN_TIMEOUT: '10s',
    // Unique per run: sign-in rate limits live in the shared Redis.
    ADMIN_EMAIL: adminEmail,
    // The per-IP sign-in budget is shared by every test on this machine (all sign in from 127.0.0.1).
    RATE_LIMIT_LOGIN_PER_IP_15M: '100000',
  };
  delete env.TEST_DATABASE_URL;

  const log = createWriteStream(logFile);
  let output = '';
  const child: ChildProcess = spawn(BINARY, ['dev'], { env, cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((r) => child.once('exit', (code, signal) => r(code ?? (signal ? 128 : null))));
  let exitCode: number | null | undefined;
  void exited.then((c) => (exitCode = c));
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    log.write(chunk);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  const stop = async () => {
    if (exitCode === undefined) {
      child.kill('SIGTERM');
      const timedOut = await Promise.race([exited.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), 30_000))]);
      if (timedOut) {
        console.warn('opsmanager did not stop within 30s of SIGTERM; killing it');
        child.kill('SIGKILL');
        await exited;
      }
    }
    log.end();
    dropDatabase(db.name);
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    const url = `http://127.0.0.1:${port}`;
    await waitFor('platform ready (/readyz 200)', 90_000, async () => {
      if (exitCode !== undefined) throw new Error(`opsmanager dev exited early (${exitCode}):\n${output}`);
      const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(5_000) });
      return res.status === 200;
    }).catch((err: Error) => {
      throw new Error(`${err.message}\n--- opsmanager output ---\n${output.slice(-4000)}`);
    });
    const m = /password: (\S+)/.exec(output);
    if (!m?.[1]) throw new Error(`dev did not print the first admin's password:\n${output}`);
    return { url, adminEmail, adminPassword: m[1], stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** A JSON client of /api/v1 with a bearer token; answers `data`, throws on non-2xx. */
export class Api {
  constructor(
    readonly base: string,
    readonly token = '',
  ) {}

  static async login(base: string, email: string, password: string): Promise<Api> {
    const res = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    const body = (await res.json()) as { data?: { accessToken?: string } };
    if (res.status !== 200 || !body.data?.accessToken) throw new Error(`login ${email}: ${res.status} ${JSON.stringify(body)}`);
    return new Api(base, body.data.accessToken);
  }

  async request<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.base}/api/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return (text ? (JSON.parse(text) as { data: T }).data : undefined) as T;
  }

  get<T = Record<string, unknown>>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  post<T = Record<string, unknown>>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('POST', path, body);
  }
}

/** What global setup seeded; the tests read it from OPSM_BROWSER_STATE. */
export interface SeededState {
  url: string;
  admin: { email: string; password: string; token: string };
  /** An operator (may approve runs) other than the admin, so approval is not self-approval. */
  approver: { email: string; password: string; name: string };
  /** The test sshd registered as a server. */
  server: { id: string; name: string };
}

export function readSshd(): { host: string; port: number; user: string; clientKey: string; hostKey: string | undefined } {
  const info: Record<string, string> = {};
  const infoFile = join(SSHD_DIR, 'info.env');
  if (existsSync(infoFile)) {
    for (const line of readFileSync(infoFile, 'utf8').split('\n')) {
      const m = /^(\w+)=(.*)$/.exec(line.trim());
      if (m?.[1]) info[m[1]] = m[2] ?? '';
    }
  }
  const keyFile = join(SSHD_DIR, 'client_ed25519');
  if (!existsSync(keyFile)) throw new Error(`${keyFile} is missing: start the test sshd with \`make deps\``);
  const hostKeyFile = join(SSHD_DIR, 'ssh_host_ed25519_key.pub');
  const hostKey = existsSync(hostKeyFile) ? readFileSync(hostKeyFile, 'utf8').trim().split(/\s+/).slice(0, 2).join(' ') : undefined;
  return {
    host: info.SSHD_HOST || '127.0.0.1',
    port: Number(info.SSHD_PORT || 2222),
    user: info.SSHD_USER || 'opsmanager-test',
    clientKey: readFileSync(keyFile, 'utf8'),
    hostKey,
  };
}

/** Seeds what several journeys share: the approver, and the test sshd as a server. */
export async function seed(p: RunningPlatform): Promise<SeededState> {
  const printed = await Api.login(p.url, p.adminEmail, p.adminPassword);
  // The first admin must replace the printed password before anything else.
  const adminPassword = `${p.adminPassword}-own`;
  await printed.post('/auth/password', { currentPassword: p.adminPassword, newPassword: adminPassword });
  const admin = printed;
  const suffix = randomUUID().slice(0, 8);

  const approver = { email: `approver-${suffix}@example.com`, password: `Pw-${randomBytes(12).toString('hex')}`, name: 'Alex Approver' };
  await admin.post('/users', { email: approver.email, displayName: approver.name, password: approver.password, roles: ['operator'] });

  const sshd = readSshd();
  const cred = await admin.post<{ id: string }>('/credentials', { name: `sshd-key-${suffix}`, kind: 'ssh-private-key', secret: sshd.clientKey });
  const name = `web-${suffix}`;
  const server = await admin.post<{ id: string }>('/servers', {
    name,
    host: sshd.host,
    port: sshd.port,
    username: sshd.user,
    credentialId: cred.id,
    tags: ['browser'],
    ...(sshd.hostKey ? { hostKey: sshd.hostKey } : {}),
  });
  // Fail here, with the reason, rather than in a journey if the sshd is not usable.
  const check = await admin.post<{ ok?: boolean }>(`/servers/${server.id}/test`);
  if (!check.ok) throw new Error(`the test sshd at ${sshd.host}:${sshd.port} is not usable: ${JSON.stringify(check)} (run \`make deps\`)`);

  return {
    url: p.url,
    admin: { email: p.adminEmail, password: adminPassword, token: admin.token },
    approver,
    server: { id: server.id, name },
  };
}
