// The window-platform bulletin and the featured-carrier exports, timed in their own process
// against the bench's table (forked by bench/programs.ts with TABLE_NAME and DYNAMODB_ENDPOINT
// set) — as bench/export-worker.ts times the bases' bulletin: the process's DynamoDB client
// counts only time in flight (no request-unit sizing, which would be the benchmark's CPU), and
// nothing else runs on its event loop. One export per 'run' message, what
// functions/export-bulletin.ts runs for it (shared/use-cases/export-platform-bulletin.ts,
// export-carrier.ts).

import { rawClient } from '../shared/store/client';
import { exportAssessment, exportCarrierOverview } from '../shared/use-cases/export-carrier';
import { exportPlatformBulletin } from '../shared/use-cases/export-platform-bulletin';
import { instrumentClient, type RequestProfile, requestContext } from './instrument';

/**
 * The platform bulletin (.xlsx, .docx), the carriers' overview (.xlsx only: the use case answers
 * its .docx with 404 NO_DOCUMENT) and one carrier's self-assessment (.xlsx, .docx: the carrier
 * programme's Word document).
 */
export type ProgramExportKind = 'platforms-xlsx' | 'platforms-docx' | 'carriers-xlsx' | 'assessment-xlsx' | 'assessment-docx';

export type ProgramWorkerRequest = { type: 'run'; kind: ProgramExportKind; year: string; carrierId: string };

export type ProgramWorkerReply =
  | {
      type: 'ran';
      kind: ProgramExportKind;
      /** The use case end to end, ms; of which at least one DynamoDB call was in flight, ms. */
      totalMs: number;
      dynamoMs: number;
      cpuMs: number;
      bytes: number;
    }
  | { type: 'error'; message: string };

const principal = { role: 'admin' as const, tokenId: 'admin', name: 'bench' };

function exportOf(m: ProgramWorkerRequest) {
  switch (m.kind) {
    case 'platforms-xlsx':
      return exportPlatformBulletin(principal, m.year, {}, 'xlsx');
    case 'platforms-docx':
      return exportPlatformBulletin(principal, m.year, {}, 'docx');
    case 'carriers-xlsx':
      return exportCarrierOverview(principal, m.year, {}, 'xlsx');
    case 'assessment-xlsx':
      return exportAssessment(principal, m.carrierId, m.year, 'xlsx');
    case 'assessment-docx':
      return exportAssessment(principal, m.carrierId, m.year, 'docx');
  }
}

async function runOnce(m: ProgramWorkerRequest): Promise<ProgramWorkerReply> {
  const profile: RequestProfile = {
    method: 'GET',
    path: m.kind,
    startedAt: Date.now(),
    totalMs: 0,
    dynamoBusyMs: 0,
    calls: {},
    callMs: {},
    inflight: 0,
    busySince: 0,
  };
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const built = await requestContext.run(profile, () => exportOf(m));
  const totalMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const r1 = (x: number) => Math.round(x * 10) / 10;
  return {
    type: 'ran',
    kind: m.kind,
    totalMs: r1(totalMs),
    dynamoMs: r1(profile.dynamoBusyMs),
    cpuMs: r1((cpu.user + cpu.system) / 1000),
    bytes: built.buffer.length,
  };
}

instrumentClient(rawClient, { requestUnits: false });
process.on('message', (m: ProgramWorkerRequest) => {
  runOnce(m).then(
    (r) => process.send!(r),
    (e: Error) => process.send!({ type: 'error', message: e.stack ?? e.message } satisfies ProgramWorkerReply),
  );
});
process.on('disconnect', () => process.exit(0));
