// "Right after `npm run demo`, the printed base sign-in opens a form for an open quarter" (issue
// 19), as a new user does it: `npm start` on a fresh DATA_DIR (no ADMIN_TOKEN: it generates one
// into DATA_DIR/admin-token), then `npm run demo` as a child process with only that DATA_DIR (it
// finds the server through DATA_DIR/runtime.json). The sign-ins are read from what the demo
// PRINTED (and checked against DATA_DIR/demo-signins.json); then, in Chromium, the printed base
// opens the open quarter from 我的填报 and saves a draft, the printed city and the province (the
// admin token at the printed path) land on their pages. The demo takes 25–130 s here. Every
// child process (the demo's npm, the server and its DynamoDB Local JVM) is ended in afterAll,
// also when a step fails.

import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRY_QUARTER } from '../../local/demo-try';
import { periodLabel } from '../../shared/periods';
import { inputId } from '../../web/src/form-model';
import { type Browsing, flash, go, launchBrowser, patientPolls, shot, signIn } from '../helpers/browser';
import { type LocalStack, localStack } from '../helpers/local-stack';

patientPolls();

const ROOT = join(import.meta.dirname, '..', '..');
const DEMO_TIMEOUT_MS = 420_000;

let stack: LocalStack | undefined;
let demo: ChildProcess | undefined;
let browsing: Browsing | undefined;
let printed = '';
let demoMs = 0;
let demoExit: number | null = null;

/** `npm run demo` against the server of `dataDir`, as a second terminal would run it: only DATA_DIR set. */
function runDemo(dataDir: string): Promise<number | null> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir };
  // Nothing of this test process's own setup may point the demo elsewhere.
  for (const k of ['PORT', 'TONGBAO_URL', 'ADMIN_TOKEN', 'DYNAMODB_ENDPOINT', 'TABLE_NAME', 'PROVINCE', 'TWO_LEVEL_REVIEW']) delete env[k];
  // Its own process group, so that afterAll can end npm, tsx and node together.
  demo = spawn('npm', ['run', 'demo'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  demo.stdout!.on('data', (d) => (printed += d));
  demo.stderr!.on('data', (d) => (printed += d));
  const child = demo;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`npm run demo did not finish within ${DEMO_TIMEOUT_MS / 1000} s:\n${printed.slice(-3000)}`)),
      DEMO_TIMEOUT_MS,
    );
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

/** The sign-ins as the demo printed them (local/demo-try.ts). */
function printedSignIns(out: string) {
  const m = (re: RegExp, what: string) => {
    const x = re.exec(out);
    if (!x) throw new Error(`the demo printed no ${what}:\n${out.slice(-3000)}`);
    return x;
  };
  const url = m(/Try it: open (http:\/\/\S+) and sign in/, 'URL to open')[1]!;
  const base = m(/基地信息管理员 \((.+?)\): (tb_\S+)/, 'base sign-in');
  const quarter = m(/→ 我的填报 → (\S+) \(open until/, 'open quarter')[1]!;
  const city = m(/市州管理员 \((.+?)\):\s+(tb_\S+)/, 'city sign-in');
  const adminFile = m(/省级管理员:\s+the admin token \((.+?)\)/, 'province sign-in')[1]!;
  return { url, baseName: base[1]!, baseToken: base[2]!, quarter, cityName: city[1]!, cityToken: city[2]!, adminFile };
}

beforeAll(async () => {
  stack = await localStack(null, 'tongbao-demo-e2e-');
  const ms = await stack.start(120_000);
  console.log(`[demo-e2e] npm start served /api/health after ${ms} ms`);
  const t0 = Date.now();
  demoExit = await runDemo(stack.dataDir);
  demoMs = Date.now() - t0;
  console.log(`[demo-e2e] npm run demo exited with ${demoExit} after ${(demoMs / 1000).toFixed(1)} s`);
  browsing = await launchBrowser(stack.url);
}, DEMO_TIMEOUT_MS + 180_000);

afterAll(async () => {
  await browsing?.close();
  // The demo, if a failure left it running: its whole process group.
  if (demo?.pid && demo.exitCode === null && demo.signalCode === null) {
    try {
      process.kill(-demo.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  // The server: Ctrl-C, then SIGKILL to its group (DynamoDB Local's JVM is in it); DATA_DIR removed.
  await stack?.dispose();
}, 60_000);

describe('npm run demo, then the printed sign-ins', () => {
  it('the demo finishes without a difference and prints sign-ins for a base, a city and the province', () => {
    expect(demoExit, printed.slice(-3000)).toBe(0);
    const s = printedSignIns(printed);
    // The URL printed is the server's; the quarter as 我的填报 names it.
    expect(s.url).toBe(stack!.url);
    expect(s.quarter).toBe(periodLabel(TRY_QUARTER));
    expect(s.adminFile).toBe(join(stack!.dataDir, 'admin-token'));
    // What was printed is what was kept for the next run.
    const kept = JSON.parse(readFileSync(join(stack!.dataDir, 'demo-signins.json'), 'utf8')) as Array<{ role: string; token: string }>;
    expect(kept.map((k) => [k.role, k.token])).toEqual([
      ['base', s.baseToken],
      ['city', s.cityToken],
    ]);
  });

  it('the printed base opens the open quarter from 我的填报 and saves a draft', async () => {
    const s = printedSignIns(printed);
    const me = (await stack!.api('GET', '/api/me', undefined, s.baseToken)).body as { role: string; baseId: string };
    expect(me.role).toBe('base');
    const page = await browsing!.newPage();
    await signIn(page, s.url, s.baseToken);
    await page.getByRole('heading', { level: 1, name: '我的填报' }).waitFor();
    const row = page.getByRole('row', { name: new RegExp(s.quarter) });
    await expect.poll(() => row.textContent()).toMatch(/未填报/);
    await row.getByRole('link', { name: '开始填报' }).click();
    await page.getByRole('heading', { level: 1, name: `${s.quarter}运营情况填报` }).waitFor();
    // Open: the inputs are editable and the form can be saved.
    const employees = page.locator(`#${inputId('employees')}`);
    expect(await employees.isEditable()).toBe(true);
    await employees.fill('120');
    await page.getByRole('button', { name: '暂存草稿' }).click();
    await expect.poll(() => flash(page).textContent()).toMatch(/已暂存草稿\(第1版\)/);
    await shot(page, 'demo-base-draft-desktop');
    const filing = (await stack!.api('GET', `/api/bases/${me.baseId}/filings/${TRY_QUARTER}`)).body as { status: string; values: Record<string, unknown> };
    expect(filing.status).toBe('draft');
    expect(filing.values.employees).toBe(120);
    expect(browsing!.pageErrors).toEqual([]);
  }, 120_000);

  it('the printed city and the province land on their pages', async () => {
    const s = printedSignIns(printed);
    const city = await browsing!.newPage();
    await signIn(city, s.url, s.cityToken);
    await city.getByRole('heading', { level: 1, name: '报送情况' }).waitFor();
    expect(await city.locator('.who-role').textContent()).toBe(`${s.cityName} · 市州管理员`);
    await go(city, `#/dashboard?period=${TRY_QUARTER}`, '报送情况');
    await shot(city, 'demo-city-dashboard-desktop');

    expect(existsSync(s.adminFile)).toBe(true);
    const adminToken = readFileSync(s.adminFile, 'utf8').trim();
    const admin = await browsing!.newPage();
    await signIn(admin, s.url, adminToken);
    await admin.getByRole('heading', { level: 1, name: '报送情况' }).waitFor();
    expect(await admin.locator('.who-role').textContent()).toBe('省级管理员');
    expect(await admin.getByRole('navigation', { name: '主导航' }).getByRole('link').allTextContents()).toContain('审核');
    expect(browsing!.pageErrors).toEqual([]);
  }, 120_000);
});
