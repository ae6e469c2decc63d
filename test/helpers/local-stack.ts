// `npm start` as a child process for end-to-end tests: its own temp DATA_DIR and free port, in
// its own process group (so stopping it also stops DynamoDB Local's JVM), plus an API client.

import { type ChildProcess, type SpawnSyncReturns, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort } from '../../local/dynamodb-local';

const ROOT = join(import.meta.dirname, '..', '..');

export interface LocalStack {
  dataDir: string;
  readonly url: string;
  readonly process: ChildProcess | undefined;
  /** Everything the stack printed. */
  readonly log: string;
  /** Starts (or restarts) `npm start`; resolves with the ms until /api/health answered. */
  start(timeoutMs?: number): Promise<number>;
  /** Ctrl-C (SIGINT), then SIGKILL to the group if it has not exited within 20 s. */
  stop(): Promise<void>;
  /** kill -9 of the whole process group: the API, the stream poller and DynamoDB Local. */
  kill(): void;
  /** Runs a tool (`local/reconcile.ts`, …) against the same DATA_DIR. */
  run(script: string, args: string[]): SpawnSyncReturns<string>;
  // biome-ignore lint/suspicious/noExplicitAny: tests walk arbitrary JSON response bodies; expect() checks their shape
  api(method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; text: string; body: any }>;
  /** Stops the stack and removes its data directory. */
  dispose(): Promise<void>;
}

/**
 * `extraEnv`: more environment for `npm start` (say TWO_LEVEL_REVIEW=bases). `adminToken` null:
 * none is given, so `npm start` generates one into DATA_DIR/admin-token, as for a new user.
 */
export async function localStack(adminToken: string | null, prefix = 'tongbao-e2e-', extraEnv: Record<string, string> = {}): Promise<LocalStack> {
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  const port = await findFreePort();
  const url = `http://127.0.0.1:${port}`;
  const env = () => {
    const e: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: String(port), DYNAMODB_ENDPOINT: '', TABLE_NAME: 'tongbao', ...extraEnv };
    if (adminToken === null) delete e.ADMIN_TOKEN;
    else e.ADMIN_TOKEN = adminToken;
    return e;
  };
  const tokenFile = join(dataDir, 'admin-token');
  const admin = () => adminToken ?? (existsSync(tokenFile) ? readFileSync(tokenFile, 'utf8').trim() : '');
  let child: ChildProcess | undefined;
  let log = '';
  const stack: LocalStack = {
    dataDir,
    url,
    get process() {
      return child;
    },
    get log() {
      return log;
    },
    async start(timeoutMs = 90_000) {
      const t0 = Date.now();
      child = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts'], { cwd: ROOT, env: env(), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
      child.stdout!.on('data', (d) => (log += d));
      child.stderr!.on('data', (d) => (log += d));
      for (;;) {
        if (Date.now() - t0 > timeoutMs) throw new Error(`npm start did not serve /api/health within ${timeoutMs / 1000} s:\n${log}`);
        if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${log}`);
        try {
          if ((await fetch(`${url}/api/health`)).ok) return Date.now() - t0;
        } catch {
          /* not yet */
        }
        await new Promise((r) => setTimeout(r, 200));
      }
    },
    async stop() {
      const s = child;
      if (!s || s.exitCode !== null || s.signalCode !== null) return;
      const exited = new Promise((r) => s.once('exit', r));
      s.kill('SIGINT');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000))]);
      if (s.exitCode === null && s.signalCode === null) process.kill(-s.pid!, 'SIGKILL');
    },
    kill() {
      if (child?.pid) process.kill(-child.pid, 'SIGKILL');
    },
    run(script, args) {
      return spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { cwd: ROOT, env: env(), encoding: 'utf8' });
    },
    async api(method, path, body, token = admin()) {
      const r = await fetch(`${url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      const text = await r.text();
      return { status: r.status, text, body: text ? JSON.parse(text) : undefined };
    },
    async dispose() {
      await stack.stop().catch(() => {});
      try {
        stack.kill();
      } catch {
        /* already gone */
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return stack;
}
