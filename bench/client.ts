// The load generator, run as its own process (forked by bench/run.ts) so that its CPU is not
// taken from the server it measures. node:http with a keep-alive agent; `concurrency` workers,
// each taking the next base and sending that base's requests one after another.
//
// Protocol (IPC): parent → { type: 'run', url, concurrency, jobs, tokens } ; child → ClientResult.

import http from 'node:http';
import type { PlannedJob } from './plan';

export interface RunMessage {
  type: 'run';
  url: string;
  concurrency: number;
  jobs: PlannedJob[];
  tokens: Record<string, string>;
}

export interface ClientResult {
  type: 'result';
  requests: number;
  /** Per request: latency ms, in completion order. */
  latencies: number[];
  statuses: Record<string, number>;
  /** The first few unexpected answers. */
  errors: string[];
  /** Epoch ms. */
  startedAt: number;
  endedAt: number;
  /** Epoch ms of the last acknowledged (2xx) filing. */
  lastAckAt: number;
  cpuMs: number;
}

function send(agent: http.Agent, url: URL, path: string, body: string, token: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const payload = Buffer.from(body);
    const req = http.request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        method: 'PUT',
        path,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': payload.length },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

async function run(m: RunMessage): Promise<ClientResult> {
  const url = new URL(m.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: m.concurrency, maxFreeSockets: m.concurrency });
  const cpu0 = process.cpuUsage();
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const errors: string[] = [];
  let lastAckAt = 0;
  let next = 0;
  const startedAt = Date.now();
  await Promise.all(
    Array.from({ length: m.concurrency }, async () => {
      for (let j = next++; j < m.jobs.length; j = next++) {
        const job = m.jobs[j]!;
        const token = m.tokens[job.baseId]!;
        for (const r of job.requests) {
          const t0 = performance.now();
          let status = 0;
          let text = '';
          try {
            ({ status, text } = await send(agent, url, r.path, r.body, token));
          } catch (e) {
            text = (e as Error).message;
          }
          latencies.push(performance.now() - t0);
          statuses[status] = (statuses[status] ?? 0) + 1;
          if (status === 200 || status === 201) lastAckAt = Date.now();
          else if (errors.length < 5) errors.push(`${status} PUT ${r.path}: ${text.slice(0, 300)}`);
        }
      }
    }),
  );
  const endedAt = Date.now();
  agent.destroy();
  const cpu = process.cpuUsage(cpu0);
  return { type: 'result', requests: latencies.length, latencies, statuses, errors, startedAt, endedAt, lastAckAt, cpuMs: (cpu.user + cpu.system) / 1000 };
}

process.on('message', (m: RunMessage) => {
  if (m?.type !== 'run') return;
  run(m).then(
    (r) => process.send!(r),
    (e: Error) => process.send!({ type: 'error', message: e.stack ?? e.message }),
  );
});
process.on('disconnect', () => process.exit(0));
