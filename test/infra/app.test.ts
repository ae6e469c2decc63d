// The CDK app as `npm run synth` runs it: environment-agnostic whatever region the CLI would
// default to, so the template deploys to cn-north-1 (partition aws-cn) as well as anywhere.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const outdir = mkdtempSync(path.join(os.tmpdir(), 'tongbao-app-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('infra/app.ts', () => {
  it('synthesizes without literal partitions or regions, even when the CLI says us-east-1', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'infra/app.ts'], {
      cwd: ROOT,
      env: { ...process.env, CDK_OUTDIR: outdir, CDK_DEFAULT_REGION: 'us-east-1', CDK_DEFAULT_ACCOUNT: '123456789012', ADMIN_TOKEN_SHA256: 'a'.repeat(64) },
      encoding: 'utf8',
      timeout: 240_000,
    });
    expect(r.status, r.stderr).toBe(0);
    for (const stack of ['TongbaoStateful', 'TongbaoStateless']) {
      const text = readFileSync(path.join(outdir, `${stack}.template.json`), 'utf8');
      expect(text, stack).not.toMatch(/arn:aws:|us-east-1|123456789012/);
    }
    expect(readFileSync(path.join(outdir, 'TongbaoStateless.template.json'), 'utf8')).toMatch(/AWS::Partition/);
  }, 300_000);
});
