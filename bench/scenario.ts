// What every phase of `npm run bench` shares: the periods and schedule of the scenario, the
// tables and partitions the raw baselines write to, where the repository is, and the log line.

import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BURST_PERIOD = '2020Q4';
export const WARMUP_PERIOD = '2020Q3';
export const CHECK_PERIODS = [WARMUP_PERIOD, BURST_PERIOD, '2020'];
/** Both periods open for the whole run. */
export const SCHEDULE = { opensAt: '2020-01-01T00:00:00+08:00', dueAt: '2098-01-01T00:00:00+08:00', closesAt: '2099-01-01T00:00:00+08:00' };
/** Partition of the raw PutItems in the table (no consumer processes it). */
export const RAW_PK = 'BENCHRAW';
/** The bare PutItem baseline's table, without a stream. */
export const BARE_TABLE = 'bench-bare-putitem';

export const log = (m: string) => console.log(`[bench] ${m}`);
export const elapsed = (t0: number) => `${((performance.now() - t0) / 1000).toFixed(1)} s`;
