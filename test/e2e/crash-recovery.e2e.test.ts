// kill -9 of the whole local stack (API, stream poller, DynamoDB Local) in the middle of a
// burst of 1,000 filings, then a restart: every filing that got a 2xx is there with exactly
// the values sent, and the aggregates catch up by themselves to zero drift.

import { afterAll, describe, expect, it } from 'vitest';
import { type LocalStack, localStack } from '../helpers/local-stack';
import { makeRng, typedValues } from '../helpers/scenario';

const ADMIN = 'crash-admin-token-abcdefghijklmnop';
let stack: LocalStack | undefined;

afterAll(async () => {
  await stack?.dispose();
});

describe('crash recovery', () => {
  it('loses no acknowledged filing and reconciles to zero drift after kill -9', async () => {
    const local = (stack = await localStack(ADMIN, 'tongbao-crash-'));
    const api = (method: string, path: string, body?: unknown) => local.api(method, path, body);
    await local.start(60_000);
    const BASES = 250;
    for (const q of [1, 2, 3, 4])
      await api('PUT', `/api/periods/2020Q${q}`, { opensAt: '2020-01-01T00:00:00Z', dueAt: '2098-01-01T00:00:00Z', closesAt: '2099-01-01T00:00:00Z' });
    await Promise.all(
      Array.from({ length: 10 }, async (_, w) => {
        for (let i = w; i < BASES; i += 10)
          expect(
            (await api('PUT', `/api/bases/cb-${i}`, { name: `基地${i}`, city: '长沙市', county: '县', level: i % 2 ? 'national' : 'provincial' })).status,
          ).toBe(201);
      }),
    );

    // The burst: 1,000 distinct filings from 16 clients; kill everything after ~40% are acknowledged.
    const rng = makeRng(7);
    const jobs = Array.from({ length: BASES * 4 }, (_, k) => ({ baseId: `cb-${k % BASES}`, period: `2020Q${1 + Math.floor(k / BASES)}` }));
    const acked = new Map<string, Record<string, string>>();
    let killed = false;
    let failedAfterKill = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        for (let job = jobs.shift(); job; job = jobs.shift()) {
          const { typed } = typedValues(job.period, rng);
          try {
            const r = await api('PUT', `/api/bases/${job.baseId}/filings/${job.period}`, {
              status: 'submitted',
              values: typed,
              confirmWarnings: true,
              explanation: '历史数据,按原报表录入',
            });
            if (r.status === 201) acked.set(`${job.baseId}|${job.period}`, typed);
            else throw new Error(`status ${r.status}`);
          } catch {
            failedAfterKill++;
          }
          if (!killed && acked.size >= 400) {
            killed = true;
            local.kill(); // the whole process group: node, and DynamoDB Local's JVM with it
          }
        }
      }),
    );
    expect(killed).toBe(true);
    console.log(`[crash] ${acked.size} filings acknowledged before the kill, ${failedAfterKill} requests failed with it`);

    await local.start(60_000);
    // Every acknowledged filing is present with exactly what was sent.
    for (const [key, typed] of acked) {
      const [baseId, period] = key.split('|');
      const f = await api('GET', `/api/bases/${baseId}/filings/${period}`);
      expect(f.status, key).toBe(200);
      // typed strings carry exactly the field's decimals, so dropping the point gives base units
      for (const [code, v] of Object.entries(typed)) expect(f.body.counted[code], `${key} ${code}`).toBe(Number(v.replace('.', '')));
    }
    // The stream resumes from its checkpoint and the aggregates catch up without repair.
    let report = '';
    for (let i = 0; i < 60; i++) {
      const r = local.run('local/reconcile.ts', ['2020']);
      report = r.stdout;
      if (r.status === 0) break;
      await new Promise((res) => setTimeout(res, 1000));
    }
    expect(report).toMatch(/2020: \d+ reporting bases, no drift/);
    expect(report).not.toMatch(/drifting/);
  }, 400_000);
});
