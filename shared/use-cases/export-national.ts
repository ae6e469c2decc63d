// The national bulletin, exported asynchronously (README "National deployment"):
//   POST /api/exports/national-bulletins {period}   → 202 {jobId, status: queued, …}
//   GET  /api/exports/national-bulletins/{jobId}    → the job; when done, a link that expires
// The job item's INSERT on the table's stream runs `runExportJob` in the export function, which
// builds the workbook from the period's national aggregate item and writes it to the object
// store (S3 on AWS, files under DATA_DIR locally: shared/store/objects.ts).

import { randomBytes } from 'node:crypto';
import { type Principal, requireAdmin } from '../auth';
import { layoutNationalBulletin } from '../bulletin/national';
import { writeWorkbook } from '../bulletin/writer';
import { BadRequestError, ForbiddenError, NotFoundError } from '../errors';
import { nationalExportSchema } from '../file-requests';
import { parseWith } from '../http';
import { BASES } from '../program';
import { isNationalInForce } from '../province';
import { getAggregate } from '../store/aggregates';
import { type ExportJob, getJob, putNewJob, transitionJob } from '../store/export-jobs';
import { type ObjectStore, objectStore } from '../store/objects';
import { checkPeriod } from './read-aggregates';

/** How long a download link lasts (EXPORT_LINK_SECONDS, default 15 minutes). */
export const linkSeconds = () => {
  const n = Number(process.env.EXPORT_LINK_SECONDS || 900);
  return Number.isInteger(n) && n >= 1 && n <= 7 * 86_400 ? n : 900;
};
/** A job whose build failed this many times is marked failed (the stream stops retrying it). */
export const MAX_JOB_ATTEMPTS = 3;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const JOB_ID = /^[0-9a-f]{20}$/;

const requestSchema = nationalExportSchema;

/** Only a national admin of a national deployment exports the national bulletin. */
function requireNationalAdmin(p: Principal): void {
  requireAdmin(p);
  if (!isNationalInForce()) throw new BadRequestError('NOT_NATIONAL', '全国通报只在全国部署(PROVINCE=全国)中提供');
  if (p.province) throw new ForbiddenError('全国通报仅限全国管理员导出');
}

export type ExportJobView = Omit<ExportJob, 'objectKey'> & { url?: string; urlExpiresAt?: string };

const view = ({ objectKey: _k, ...job }: ExportJob): ExportJobView => job;

export async function requestNationalExport(p: Principal, body: unknown, now = new Date()): Promise<ExportJobView> {
  requireNationalAdmin(p);
  const { period } = parseWith(requestSchema, body, '导出请求有误');
  checkPeriod(period, BASES);
  const job: ExportJob = {
    jobId: randomBytes(10).toString('hex'),
    kind: 'national-bulletin',
    program: 'bases',
    scope: 'national',
    period,
    status: 'queued',
    requestedBy: p.tokenId,
    requestedByName: p.name,
    requestedAt: now.toISOString(),
    attempts: 0,
  };
  await putNewJob(job);
  return view(job);
}

export async function readExportJob(p: Principal, jobId: string, store: ObjectStore = objectStore(), now = new Date()): Promise<ExportJobView> {
  requireNationalAdmin(p);
  const job = JOB_ID.test(jobId) ? await getJob(jobId) : undefined;
  if (!job) throw new NotFoundError('导出任务不存在', 'EXPORT_JOB_NOT_FOUND');
  if (job.status !== 'done' || !job.objectKey) return view(job);
  const seconds = linkSeconds();
  return {
    ...view(job),
    url: await store.presign(job.objectKey, job.fileName ?? `${job.jobId}.xlsx`, seconds, now),
    urlExpiresAt: new Date(now.getTime() + seconds * 1000).toISOString(),
  };
}

export interface JobRun {
  jobId: string;
  outcome: 'done' | 'skipped' | 'failed';
  bytes?: number;
  buildMs?: number;
}

/**
 * Builds one job (the stream delivers its INSERT; a redelivery or a job already finished is
 * skipped). A failure below MAX_JOB_ATTEMPTS is rethrown so the stream retries it.
 */
export async function runExportJob(jobId: string, store: ObjectStore = objectStore(), now = () => new Date()): Promise<JobRun> {
  const job = await getJob(jobId);
  if (!job || job.status === 'done' || job.status === 'failed') return { jobId, outcome: 'skipped' };
  const attempts = job.attempts + 1;
  const running = await transitionJob(job, 'running', { startedAt: now().toISOString(), attempts });
  if (!running) return { jobId, outcome: 'skipped' };
  try {
    const started = Date.now();
    const agg = await getAggregate(job.period, BASES.tag);
    const model = layoutNationalBulletin({ period: job.period, scoped: agg.scoped });
    const buffer = await writeWorkbook(model);
    const buildMs = Date.now() - started;
    const objectKey = `exports/${job.jobId}.xlsx`;
    await store.put(objectKey, buffer, XLSX);
    await transitionJob(running, 'done', { finishedAt: now().toISOString(), objectKey, fileName: model.fileName, bytes: buffer.length, buildMs, error: null });
    return { jobId, outcome: 'done', bytes: buffer.length, buildMs };
  } catch (e) {
    if (attempts < MAX_JOB_ATTEMPTS) {
      await transitionJob(running, 'queued', { error: String((e as Error).message ?? e).slice(0, 500) });
      throw e;
    }
    await transitionJob(running, 'failed', { finishedAt: now().toISOString(), error: String((e as Error).message ?? e).slice(0, 500) });
    return { jobId, outcome: 'failed' };
  }
}
