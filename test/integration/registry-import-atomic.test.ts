// The registry import is all or nothing across transactions (issue 19), on DynamoDB Local: a
// 250-row import that fails in its 3rd chunk — a base edited by someone else while the import
// runs, a store fault before or after the chunk's write lands — leaves the registry, byte for
// byte, as it was (with the other person's edit); a request that dies between chunks is rolled
// back by the next import request once its lease has run out; a clean 1,000-row import lands
// completely with one audit entry for the import and one per base; history and designations
// come out as a single edit makes them; errors are Chinese and name the row and the column.

import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, caller } from '../helpers/api';
import { useLocalTable } from '../helpers/local-table';
import { fullValues } from '../helpers/values';

process.env.ADMIN_TOKEN = ADMIN;
const table = useLocalTable();
const template = await import('../../functions/filing-template');
const api = await import('../../functions/api');
const { rawClient } = await import('../../shared/store/client');
const { queryPartition } = await import('../../shared/store/batch');
const { authenticate } = await import('../../shared/use-cases/authenticate');
const { importJobStatus, importRegistry, IMPORT_CHUNK_ROWS, IMPORT_LEASE_MS } = await import('../../shared/use-cases/import-registry');
const { getImportJob, listImportChunks } = await import('../../shared/store/imports');
const { BASES } = await import('../../shared/program');
const { processStreamEvent } = await import('../../functions/aggregate-stream');
const { AGGREGATOR_PK_PREFIXES } = await import('../../shared/store/keys');
const { getAggregate } = await import('../../shared/store/aggregates');
const { reconcilePeriod } = await import('../../shared/use-cases/reconcile-period');
const { startTestPoller } = await import('../helpers/stream');
const callApi = caller(api.dispatch);
const callImport = caller(template.dispatch);

const HEADER = '基地编号,基地名称,所属市州,所属县市区,基地级别,批次,起始期,终止期';
const b64 = (text: string) => Buffer.from(`\ufeff${text}`, 'utf8').toString('base64');
const CITIES = ['长沙市', '株洲市', '湘潭市', '衡阳市'];
const id = (i: number) => `b-${String(i).padStart(4, '0')}`;
const line = (i: number, city = CITIES[i % 4]!, name = `基地${i}`) => `${id(i)},${name},${city},某区,${i % 3 ? '省级' : '国家级'},第${1 + (i % 2)}批,2020Q1,`;
const csv = (lines: string[]) => b64([HEADER, ...lines].join('\r\n'));

// ---- fault injection under the store, where DynamoDB's answers come in ----------------------
type Fault = { at: number; kind: 'edit' | 'fault-before' | 'fault-after' | 'crash'; fired?: () => void };
let fault: Fault | null = null;
let chunkWrites = 0;
const isChunkWrite = (input: unknown) =>
  ((input as { TransactItems?: Array<{ Put?: { Item?: { sk?: string } } }> }).TransactItems ?? []).some((t) =>
    String(t.Put?.Item?.sk ?? '').startsWith('CHUNK#'),
  );
let failUndo = false;
const isUndo = (input: unknown) =>
  ((input as { TransactItems?: Array<{ Delete?: { Key?: { sk?: string } } }> }).TransactItems ?? []).some((t) =>
    String(t.Delete?.Key?.sk ?? '').startsWith('CHUNK#'),
  );
rawClient.middlewareStack.add(
  (next, context) => async (args) => {
    if (failUndo && context.commandName === 'TransactWriteItemsCommand' && isUndo(args.input)) {
      failUndo = false;
      throw Object.assign(new Error('injected: undo failed'), { name: 'InternalServerError', $fault: 'server' });
    }
    if (context.commandName !== 'TransactWriteItemsCommand' || !isChunkWrite(args.input) || !fault) return next(args);
    chunkWrites++;
    if (chunkWrites !== fault.at) return next(args);
    const f = fault;
    fault = null;
    f.fired?.();
    if (f.kind === 'crash') return new Promise<never>(() => undefined); // the process dies here: nothing after runs
    if (f.kind === 'fault-before') throw Object.assign(new Error('injected: connection reset'), { name: 'InternalServerError', $fault: 'server' });
    if (f.kind === 'edit') {
      // Someone edits a base of this chunk through the API just before the chunk is written.
      const target = editTarget!;
      const r = await callApi('PUT', `/api/bases/${target}`, { name: '他人刚改的名称', city: '长沙市', county: '芙蓉区', level: 'provincial' });
      expect(r.status).toBe(200);
      return next(args);
    }
    // fault-after: the write landed, its answer is lost.
    await next(args);
    throw Object.assign(new Error('injected: socket timed out after the write'), { name: 'TimeoutError', $fault: 'client' });
  },
  { step: 'initialize', name: 'importFaults' },
);
let editTarget: string | null = null;
const inject = (f: Fault) => {
  chunkWrites = 0;
  fault = f;
};

/** Every registry item and the audit log, as stored. */
const snapshot = async () => ({
  registry: (await queryPartition('REGISTRY')).sort((a, b) => String(a.sk).localeCompare(String(b.sk))),
  audit: (await queryPartition('AUDIT')).length,
});
const importAudits = async () =>
  (await queryPartition('AUDIT')).filter((a) => a.action === 'registry.import') as Array<Record<string, unknown> & { details: Record<string, unknown> }>;
const admin = await authenticate(`Bearer ${ADMIN}`);

// The file of the failing imports: rows 1–120 change existing bases (their city: history moves),
// rows 121–250 are new. 250 rows → chunks of 49: the 3rd holds rows 99–147.
const file250 = () => csv(Array.from({ length: 250 }, (_, k) => (k < 120 ? line(k, CITIES[(k + 1) % 4]!, `改名${k}`) : line(k))));
const ROW_IN_CHUNK_3 = 2 * IMPORT_CHUNK_ROWS + 5; // 0-based row index → file line + 2

let aggregator: Awaited<ReturnType<typeof startTestPoller>>;
/** The base with a filing (2020Q1): where it counts must not move with a failed import, nor back in time with a clean one. */
const FILER = 5;

/** Aggregates (through the real stream) equal a recomputation, no record set aside, and the filer counted in `city` in 2020Q1. */
async function expectExactAggregates(city: string) {
  await aggregator.drain(30_000);
  expect(aggregator.deadLetters).toEqual([]);
  for (const p of ['2020Q1', '2020']) expect((await reconcilePeriod(p)).drift, p).toBe(0);
  const scoped = (await getAggregate('2020Q1')).scoped;
  const withFiler = Object.keys(scoped).filter((k) => k.startsWith('city:'));
  expect(withFiler).toEqual([`city:${city}`]);
}

afterAll(async () => {
  await aggregator?.stop();
});

beforeAll(async () => {
  await table.setup();
  aggregator = await startTestPoller((e) => processStreamEvent(e), { filter: (pk) => AGGREGATOR_PK_PREFIXES.some((p) => pk.startsWith(p)) });
  // The registry before: 120 bases (one designated as national), imported cleanly.
  const r = await callImport('POST', '/api/bases/import', {
    file: csv(Array.from({ length: 120 }, (_, k) => line(k))),
    format: 'csv',
    fileName: '初始名录.csv',
  });
  expect(r.status).toBe(200);
  expect(r.body.counts.new).toBe(120);
  expect((await callApi('PUT', `/api/bases/${id(7)}/designations/2021-national`, { status: 'designated' })).status).toBe(200);
  // One filing, so a city change has aggregates to move.
  expect(
    (await callApi('PUT', '/api/periods/2020Q1', { opensAt: '2020-01-01T00:00:00Z', dueAt: '2099-01-01T00:00:00Z', closesAt: '2099-06-01T00:00:00Z' })).status,
  ).toBeLessThan(300);
  const token = (await callApi('POST', '/api/tokens', { role: 'base', baseId: id(FILER), holder: { name: '甲', phone: '13800000000' } })).body.token;
  const filed = await callApi('PUT', `/api/bases/${id(FILER)}/filings/2020Q1`, { status: 'submitted', values: fullValues() }, { token });
  expect(filed.status, filed.text).toBeLessThan(300);
  await expectExactAggregates(CITIES[FILER % 4]!);
});

async function expectRolledBack(before: Awaited<ReturnType<typeof snapshot>>, except: string | null = null) {
  const after = await snapshot();
  const strip = (items: Array<Record<string, unknown>>) => items.filter((i) => i.sk !== `BASE#${except}`);
  expect(strip(after.registry)).toEqual(strip(before.registry));
  expect(after.registry.length).toBe(before.registry.length);
  // No undo record left, the job ended as rolled back.
  expect(await listImportChunks('bases')).toEqual([]);
  expect((await getImportJob('bases'))?.state).toBe('rolledBack');
}

describe('a 250-row import that fails in its 3rd chunk', () => {
  it('a base edited by someone else during the import: refused naming the row and base, everything undone, their edit kept', async () => {
    const preview = await callImport('POST', '/api/bases/import', { file: file250(), format: 'csv', dryRun: true });
    expect(preview.body.counts).toEqual({ new: 130, changed: 120, unchanged: 0, error: 0 });
    const before = await snapshot();
    editTarget = id(ROW_IN_CHUNK_3);
    inject({ at: 3, kind: 'edit' });
    const r = await callImport('POST', '/api/bases/import', { file: file250(), format: 'csv', fileName: '名录.csv', previewedAt: preview.body.previewedAt });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('IMPORT_CONFLICT');
    expect(r.body.error.message).toBe(
      `第${ROW_IN_CHUNK_3 + 2}行:基地「${id(ROW_IN_CHUNK_3)}」在导入过程中被他人修改,导入已全部撤销,未导入任何基地;请重新预览后导入`,
    );
    await expectRolledBack(before, editTarget);
    await expectExactAggregates(CITIES[FILER % 4]!);
    expect((await callApi('GET', `/api/bases/${editTarget}`)).body.name).toBe('他人刚改的名称');
    // The audit: the other person's edit (1) and the import's one entry; no per-base entries of the import.
    const audits = await importAudits();
    expect(audits.at(-1)).toMatchObject({
      action: 'registry.import',
      actor: { name: '省级管理员' },
      details: {
        fileName: '名录.csv',
        rows: 250,
        result: 'rolledBack',
        chunks: 6,
        reason: `第${ROW_IN_CHUNK_3 + 2}行:基地「${id(ROW_IN_CHUNK_3)}」在导入过程中被他人修改`,
      },
    });
    expect((await snapshot()).audit).toBe(before.audit + 2);
  });

  it('a store fault before the 3rd chunk is written: 503, everything undone', async () => {
    const before = await snapshot();
    inject({ at: 3, kind: 'fault-before' });
    const r = await callImport('POST', '/api/bases/import', { file: file250(), format: 'csv' });
    expect(r.status).toBe(503);
    expect(r.body.error.message).toMatch(/^导入未完成\(第3批\(第100–148行\)写入失败:存储服务出错\),已全部撤销,未导入任何基地;请稍后重试$/);
    await expectRolledBack(before);
    expect((await snapshot()).audit).toBe(before.audit + 1);
  });

  it('a fault after the 3rd chunk landed (the answer lost): that chunk is undone too', async () => {
    const before = await snapshot();
    inject({ at: 3, kind: 'fault-after' });
    const r = await callImport('POST', '/api/bases/import', { file: file250(), format: 'csv' });
    expect(r.status).toBe(503);
    await expectRolledBack(before);
  });
});

describe('a request that dies between chunks', () => {
  it('leaves a job the next import request rolls back once its lease has run out', async () => {
    const before = await snapshot();
    let died!: () => void;
    const dead = new Promise<void>((r) => (died = r));
    inject({ at: 3, kind: 'crash', fired: () => died() });
    void importRegistry(admin, BASES, { file: file250(), format: 'csv', fileName: '中断.csv' });
    await dead;
    // Half written: chunks 1 and 2 landed (98 rows), the job still says running.
    const half = await snapshot();
    expect(half.registry.filter((i) => String(i.name).startsWith('改名')).length).toBe(2 * IMPORT_CHUNK_ROWS);
    expect(await getImportJob('bases')).toMatchObject({ state: 'running', done: 2, chunks: 6, fileName: '中断.csv' });
    expect((await listImportChunks('bases')).length).toBe(2);
    // Within the lease the import may still be alive: another import is refused, nothing touched.
    const early = await callImport('POST', '/api/bases/import', { file: file250(), format: 'csv', dryRun: true });
    expect(early.status).toBe(409);
    expect(early.body.error.message).toBe('另一个基地名录导入正在进行(中断.csv,省级管理员),请稍后再试');
    // After it: the next request (here a preview) rolls the dead import back first, then previews.
    const later = new Date(Date.now() + IMPORT_LEASE_MS + 1000);
    const preview = await importRegistry(admin, BASES, { file: file250(), format: 'csv', dryRun: true }, { now: later });
    expect(preview.counts).toEqual({ new: 130, changed: 120, unchanged: 0, error: 0 });
    await expectRolledBack(before);
    await expectExactAggregates(CITIES[FILER % 4]!);
    expect((await importAudits()).find((a) => a.details.fileName === '中断.csv')).toMatchObject({
      details: { fileName: '中断.csv', result: 'rolledBack', recoveredBy: '省级管理员', reason: '导入在第3批之前中断(超时或进程终止),已自动撤销' },
    });
  });
});

describe('opening the registry page after a request died', () => {
  it('GET /api/bases/import reports a live import, and rolls back a dead one', async () => {
    const before = await snapshot();
    let died!: () => void;
    const dead = new Promise<void>((r) => (died = r));
    inject({ at: 2, kind: 'crash', fired: () => died() });
    void importRegistry(admin, BASES, { file: file250(), format: 'csv', fileName: '又中断.csv' });
    await dead;
    const live = await callImport('GET', '/api/bases/import');
    expect(live.status).toBe(200);
    expect(live.body).toMatchObject({ recovered: false, job: { state: 'running', fileName: '又中断.csv', done: 1, chunks: 6, actor: '省级管理员' } });
    const later = await importJobStatus(admin, BASES, { now: new Date(Date.now() + IMPORT_LEASE_MS + 1000) });
    expect(later).toMatchObject({
      recovered: true,
      job: { state: 'rolledBack', fileName: '又中断.csv', reason: '导入在第2批之前中断(超时或进程终止),已自动撤销' },
    });
    await expectRolledBack(before);
    expect((await callImport('GET', '/api/bases/import', undefined, { token: null })).status).toBe(401);
  });
});

describe('an undo that fails part-way', () => {
  it('says so (503), and the next import request after the lease finishes the undo', async () => {
    const before = await snapshot();
    inject({ at: 3, kind: 'fault-before' });
    failUndo = true;
    const r = await callImport('POST', '/api/bases/import', { file: file250(), format: 'csv', fileName: '两次故障.csv' });
    expect(r.status).toBe(503);
    expect(r.body.error.message).toBe(
      '导入未完成(第3批(第100–148行)写入失败:存储服务出错),撤销尚未全部完成;系统将在下一次导入基地名录时(1 分钟后)自动撤销,请稍后重新预览',
    );
    expect((await getImportJob('bases'))?.state).toBe('rollingBack');
    expect((await listImportChunks('bases')).length).toBe(2);
    await importRegistry(admin, BASES, { file: file250(), format: 'csv', dryRun: true }, { now: new Date(Date.now() + IMPORT_LEASE_MS + 1000) });
    await expectRolledBack(before);
  });
});

describe('a clean import', () => {
  it('of 1,000 rows lands completely: one audit entry for the import, one per base, history and designations as single edits make them', async () => {
    const before = await snapshot();
    const lines = Array.from({ length: 1000 }, (_, k) => (k < 120 ? line(k, CITIES[(k + 1) % 4]!, `改名${k}`) : line(k)));
    const preview = await callImport('POST', '/api/bases/import', { file: csv(lines), format: 'csv', dryRun: true });
    expect(preview.body.counts).toEqual({ new: 880, changed: 120, unchanged: 0, error: 0 });
    const t0 = performance.now();
    const r = await callImport('POST', '/api/bases/import', {
      file: csv(lines),
      format: 'csv',
      fileName: '全省名录.csv',
      previewedAt: preview.body.previewedAt,
    });
    const ms = performance.now() - t0;
    console.log(`1,000-row import confirm: ${Math.round(ms)} ms (${Math.ceil(1000 / IMPORT_CHUNK_ROWS)} chunks)`);
    expect(r.status).toBe(200);
    expect(r.body.written).toBe(true);
    const after = await snapshot();
    const bases = after.registry.filter((i) => String(i.sk).startsWith('BASE#'));
    expect(bases.length).toBe(1000);
    expect(after.audit).toBe(before.audit + 1000 + 1);
    expect((await importAudits()).find((a) => a.details.jobId === r.body.jobId)).toMatchObject({
      actor: { name: '省级管理员' },
      details: { fileName: '全省名录.csv', rows: 1000, result: 'done', chunks: 21, counts: { new: 880, changed: 120 } },
    });
    expect(await listImportChunks('bases')).toEqual([]);
    expect((await getImportJob('bases'))?.state).toBe('done');
    // The filer moved city from the current quarter on: 2020Q1 still counts where it was.
    await expectExactAggregates(CITIES[FILER % 4]!);
    // A moved base: its designation kept, and the same history a single edit writes for the same move.
    const moved = bases.find((b) => b.baseId === id(7))!;
    expect(moved.city).toBe(CITIES[0]);
    expect(moved.designations).toEqual(before.registry.find((b) => b.baseId === id(7))!.designations);
    expect(moved.history).toEqual([
      { from: null, attrs: { city: CITIES[3], county: '某区', level: 'provincial', cohort: '第2批' } },
      { from: expect.stringMatching(/^\d{4}Q[1-4]$/), attrs: { city: CITIES[0], county: '某区', level: 'provincial', cohort: '第2批' } },
    ]);
    const attrs = { county: '某区', level: 'provincial', cohort: '第2批', activeFrom: '2020Q1' };
    expect((await callApi('PUT', '/api/bases/single-7', { name: '基地7', city: CITIES[3], ...attrs })).status).toBe(201);
    expect((await callApi('PUT', '/api/bases/single-7', { name: '改名7', city: CITIES[0], ...attrs })).status).toBe(200);
    const single = (await queryPartition('REGISTRY')).find((b) => b.baseId === 'single-7')!;
    expect(single.history).toEqual(moved.history);
    // A repeat changes nothing and writes nothing.
    const audits = (await snapshot()).audit;
    const again = await callImport('POST', '/api/bases/import', { file: csv(lines), format: 'csv' });
    expect(again.body.counts.unchanged).toBe(1000);
    expect((await snapshot()).audit).toBe(audits);
  });
});

describe('errors', () => {
  it('are Chinese and name the row and the column, in CSV and .xlsx', async () => {
    const bad = csv([line(2001), `${id(2002)},某基地,北京市,某区,省级,,,`, `${id(2003)},某基地,长沙市,某区,市级,,2020Q9,`]);
    const r = await callImport('POST', '/api/bases/import', { file: bad, format: 'csv', dryRun: true });
    const errors = r.body.rows.filter((x: { outcome: string }) => x.outcome === 'error');
    expect(errors.map((e: { line: number; messages: string[] }) => [e.line, e.messages])).toEqual([
      [3, [expect.stringMatching(/^所属市州:应为湖南省14个市州之一.长沙市、株洲市、.*\(单元格 C3\)$/)]],
      [4, ['基地级别:应为 national(国家级)或 provincial(省级)(单元格 E4)', '起始期应为季度(如 2020Q1)或年份(如 2020)(单元格 G4)']],
    ]);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('名录');
    ws.addRow(HEADER.split(','));
    ws.addRow([id(2004), '', '长沙市', '某区', '省级']);
    const xlsx = Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer).toString('base64');
    const x = await callImport('POST', '/api/bases/import', { file: xlsx, format: 'xlsx' });
    expect(x.status).toBe(400);
    expect(x.body.error.message).toBe('文件中有 1 行错误,未导入任何基地;请修改后重新导入');
    expect(x.body.error.fields.file).toBe('第2行:基地名称:必填(单元格 B2)');
  });

  it('a base edited after the preview: the confirm refuses the file, naming the row and base, and writes nothing', async () => {
    const lines = [line(0, '湘潭市', '再改0'), line(3000)];
    const preview = await callImport('POST', '/api/bases/import', { file: csv(lines), format: 'csv', dryRun: true });
    await new Promise((r) => setTimeout(r, 5));
    expect((await callApi('PUT', `/api/bases/${id(0)}`, { name: '别人改的', city: '长沙市', county: '某区', level: 'national' })).status).toBe(200);
    const before = await snapshot();
    const r = await callImport('POST', '/api/bases/import', { file: csv(lines), format: 'csv', previewedAt: preview.body.previewedAt });
    expect(r.status).toBe(409);
    expect(r.body.error.message).toBe('预览之后有 1 个基地已被修改,未导入任何基地;请重新预览后再导入');
    expect(r.body.error.fields.file).toBe(`第2行:基地「${id(0)}」在预览后已被修改`);
    expect(await snapshot()).toEqual(before);
  });
});
