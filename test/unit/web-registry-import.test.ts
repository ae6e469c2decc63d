// The registry import's page parts (web/src/registry-import.ts), one for the three registries:
// the file check before sending, the hint built from the program's columns (the server's own),
// the preview's status and when 确认导入 is offered, the confirm's body (the preview's time goes
// back so rows edited since are refused), and the server's refusal as one sentence.

import { describe, expect, it } from 'vitest';
import { IMPORT_SPECS, importHeaders, rowsFromTable } from '../../shared/registry-import';
import {
  confirmBody,
  countsText,
  fileProblem,
  type ImportResult,
  importFormat,
  importHint,
  importPath,
  importStatus,
  jobNotice,
  refusalText,
  rowNote,
  templateName,
  templatePath,
} from '../../web/src/registry-import';

const result = (counts: Partial<ImportResult['counts']>, extra: Partial<ImportResult> = {}): ImportResult => ({
  program: 'platforms',
  dryRun: true,
  written: false,
  counts: { new: 0, changed: 0, unchanged: 0, error: 0, ...counts },
  rows: [],
  previewedAt: '2026-12-07T03:00:00.000Z',
  ...extra,
});

describe('registry import page parts', () => {
  it('takes .csv and .xlsx by name, and says why not otherwise', () => {
    expect(importFormat('名录.XLSX')).toBe('xlsx');
    expect(importFormat('bases.csv')).toBe('csv');
    expect(importFormat('a.xls')).toBeNull();
    expect(fileProblem(undefined)).toBe('请先选择 CSV 或 Excel(.xlsx)文件');
    expect(fileProblem({ name: '旧.xls', size: 10 })).toBe('不支持旧版 .xls 文件,请在 Excel 中另存为 .xlsx 后再导入');
    expect(fileProblem({ name: 'a.pdf', size: 10 })).toBe('文件格式应为 CSV 或 Excel(.xlsx)');
    expect(fileProblem({ name: 'a.csv', size: 3 * 1024 * 1024 })).toBe('文件过大(上限 2 MB)');
    expect(fileProblem({ name: 'a.csv', size: 0 })).toBe('文件为空');
    expect(fileProblem({ name: 'a.csv', size: 100 })).toBeNull();
  });

  it('hints from each program’s own columns: header line, required columns, coded values, what happens', () => {
    const platforms = importHint('platforms');
    expect(platforms).toContain(`第一行为表头:${importHeaders(IMPORT_SPECS.platforms).join(',')}`);
    expect(platforms).toContain('必填:平台编号、平台名称、平台类别、所属市州、建成年份。');
    expect(platforms).toContain(
      '平台类别填「市州综合窗口平台」「产业集群窗口平台」「县市区综合窗口平台」;工业园区平台填「是」或「否」;计划内建设填「是」或「否」。',
    );
    expect(platforms).toContain('不会导入任何平台');
    expect(platforms).toContain('自「生效年」起生效');
    const carriers = importHint('carriers');
    expect(carriers).toContain('载体类型填「大中小企业融通型」「专业资本集聚型」「科技资源支撑型」「高端人才引领型」。');
    // Carriers have no dated attributes.
    expect(carriers).not.toContain('起生效');
    expect(importHint('bases')).toContain('基地级别填「国家级」「省级」');
    expect(importHint('bases')).toContain('全部成功,要么全部不导入');
  });

  it('the template’s header row is what the import reads back', () => {
    for (const program of ['bases', 'platforms', 'carriers'] as const) {
      const spec = IMPORT_SPECS[program];
      const r = rowsFromTable(spec, [importHeaders(spec)]);
      expect(r.errors).toEqual([]);
      expect(templatePath(program)).toBe(`/api/${program}/import/template.xlsx`);
      expect(importPath(program)).toBe(`/api/${program}/import`);
    }
    expect(templateName('carriers')).toBe('特色载体名录导入模板.xlsx');
  });

  it('offers 确认导入 only for a clean preview that changes something', () => {
    expect(importStatus(result({ new: 2, changed: 1 }), '平台')).toEqual({
      kind: 'ok',
      text: '检查通过:新增 2 个,变更 1 个,无变化 0 个。请核对后点击「确认导入」',
      canConfirm: true,
    });
    expect(importStatus(result({ new: 2, error: 1 }), '平台')).toEqual({
      kind: 'error',
      text: '文件中有 1 行错误,请修改后重新选择文件(不会导入任何平台)。新增 2 个,变更 0 个,无变化 0 个,错误 1 行',
      canConfirm: false,
    });
    expect(importStatus(result({ unchanged: 3 }), '载体')).toEqual({
      kind: 'ok',
      text: '检查通过:新增 0 个,变更 0 个,无变化 3 个,无需导入',
      canConfirm: false,
    });
    expect(importStatus(result({ new: 1 }, { written: true, dryRun: false }), '基地').text).toBe('导入完成:新增 1 个,变更 0 个,无变化 0 个');
    expect(countsText({ new: 0, changed: 0, unchanged: 0, error: 2 })).toBe('新增 0 个,变更 0 个,无变化 0 个,错误 2 行');
  });

  it('confirms the same bytes with the preview’s time and the file name', () => {
    const preview = result({ new: 1 });
    expect(confirmBody({ file: 'QUJD', format: 'xlsx', name: '平台.xlsx' }, preview)).toEqual({
      file: 'QUJD',
      format: 'xlsx',
      fileName: '平台.xlsx',
      previewedAt: preview.previewedAt,
      dryRun: false,
    });
  });

  it('notes a row and a refusal in plain Chinese', () => {
    expect(rowNote({ line: 2, id: 'a-1', name: 'x', outcome: 'changed', messages: ['所属市州', '平台类别'] })).toBe('变更:所属市州、平台类别');
    expect(rowNote({ line: 3, id: null, name: null, outcome: 'error', messages: ['所属市州:必填(单元格 D3)', '建成年份:应为年份(如 2020)(单元格 H3)'] })).toBe(
      '所属市州:必填(单元格 D3);建成年份:应为年份(如 2020)(单元格 H3)',
    );
    expect(rowNote({ line: 4, id: 'a-2', name: 'y', outcome: 'new', messages: [] })).toBe('—');
    expect(refusalText('预览之后有 1 个平台已被修改,未导入任何平台;请重新预览后再导入', { file: '第5行:平台「cs-city」在预览后已被修改' })).toBe(
      '预览之后有 1 个平台已被修改,未导入任何平台;请重新预览后再导入:第5行:平台「cs-city」在预览后已被修改',
    );
    expect(refusalText('系统繁忙', {})).toBe('系统繁忙');
  });

  it('says on opening that a half import was undone, or that one is running', () => {
    const job = { state: 'rolledBack' as const, fileName: '名录.xlsx', rows: 250, actor: '省级管理员', startedAt: '2026-12-07T03:00:00Z' };
    expect(jobNotice({ job, recovered: true }, '平台')).toBe('上次导入(名录.xlsx,省级管理员)未完成,已自动撤销:名录与导入前相同,未导入任何平台。请重新导入。');
    expect(jobNotice({ job, recovered: false }, '平台')).toBeNull();
    expect(jobNotice({ job: { ...job, state: 'running' }, recovered: false }, '平台')).toBe('有一个导入正在进行(名录.xlsx,省级管理员),请稍后再导入。');
    expect(jobNotice({ job: null, recovered: false }, '平台')).toBeNull();
  });
});
