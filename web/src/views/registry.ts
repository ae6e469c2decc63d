/// <reference lib="dom" />
// Base registry: the list (admin all, city its own city), and for the admin an add/edit form
// and a CSV import (parsed in the browser, upserted row by row, per-row errors reported).

import { LEVEL_LABELS, baseInputSchema, BASE_ID, type BaseRecord } from '../../../shared/registry';
import { api, ApiError, saveBlob } from '../api';
import { province } from '../province';
import { baseRowsFromCsv, CSV_SAMPLE, decodeCsvBytes } from '../csv';
import { BASE_SCOPED, defaultEffectiveFrom, parseEffectiveFrom, SCOPED_LABELS, scopedChanges } from '../designations';
import { field, h, options, showFieldError, table } from '../dom';
import { periodLabel } from '../format';
import { busy, errorText, notice, pageHeader, pool, setStatus, statusLine, type Ctx } from '../ui';

export async function registryView(ctx: Ctx) {
  const isAdmin = ctx.me.role === 'admin';
  const listEl = h('div', null);
  let bases: BaseRecord[] = [];

  async function reload() {
    bases = (await api<{ bases: BaseRecord[] }>('GET', '/api/bases')).data.bases;
    renderList();
  }

  function renderList() {
    listEl.replaceChildren(
      bases.length
        ? table(
            `已登记基地(${bases.length})`,
            ['基地名称', '编号', '市州', '县市区', '级别', '批次', '填报起止', '操作'],
            bases.map((b) => [
              b.name,
              b.baseId,
              b.city,
              b.county,
              LEVEL_LABELS[b.level],
              b.cohort ?? '—',
              `${b.activeFrom ?? '不限'} – ${b.activeTo ?? '不限'}`,
              h(
                'span',
                { class: 'link-list' },
                h('a', { href: `#/bases/${encodeURIComponent(b.baseId)}` }, '填报情况'),
                isAdmin ? h('button', { type: 'button', class: 'link-button', onclick: () => edit(b), 'aria-label': `编辑 ${b.name}` }, '编辑') : null,
              ),
            ]),
          )
        : notice('info', '尚未登记基地', null),
    );
  }

  // ---- add / edit form (admin) ------------------------------------------------------------
  const inputs = {
    baseId: h('input', { type: 'text', id: 'b-baseId', autocomplete: 'off', spellcheck: 'false', maxlength: '40' }),
    name: h('input', { type: 'text', id: 'b-name', autocomplete: 'off', maxlength: '100' }),
    city: h('select', { id: 'b-city' }),
    county: h('input', { type: 'text', id: 'b-county', autocomplete: 'off', maxlength: '50' }),
    level: h('select', { id: 'b-level' }),
    cohort: h('input', { type: 'text', id: 'b-cohort', autocomplete: 'off', maxlength: '30' }),
    activeFrom: h('input', { type: 'text', id: 'b-activeFrom', autocomplete: 'off', placeholder: '如 2020Q1', maxlength: '6' }),
    activeTo: h('input', { type: 'text', id: 'b-activeTo', autocomplete: 'off', placeholder: '如 2025Q4', maxlength: '6' }),
    effectiveFrom: h('input', { type: 'text', id: 'b-effectiveFrom', autocomplete: 'off', spellcheck: 'false', placeholder: `如 ${defaultEffectiveFrom('quarter')}`, maxlength: '6' }),
  };
  inputs.city.append(...options([{ value: '', label: '请选择' }, ...province().cities.map((c) => ({ value: c, label: c }))]));
  inputs.level.append(...options([{ value: 'provincial', label: '省级' }, { value: 'national', label: '国家级' }]));
  const rows = {
    baseId: field('基地编号', inputs.baseId, { hint: '3-40位小写字母、数字或连字符,登记后不能修改,如 csxc-01', required: true }),
    name: field('基地名称', inputs.name, { required: true }),
    city: field('所属市州', inputs.city, { required: true }),
    county: field('所属县市区', inputs.county, { required: true }),
    level: field('基地级别', inputs.level, { required: true }),
    cohort: field('批次', inputs.cohort, { hint: '可不填,如 第一批' }),
    activeFrom: field('起始期', inputs.activeFrom, { hint: '可不填:从该季度(或年份)起需要填报' }),
    activeTo: field('终止期', inputs.activeTo, { hint: '可不填:到该季度(或年份)止' }),
    // Shown only when an existing base's city, county, level or cohort changes (SPEC §11).
    effectiveFrom: field('生效期', inputs.effectiveFrom, { hint: '此前各期的统计口径不变' }),
  };
  const effectiveHint = rows.effectiveFrom.row.querySelector<HTMLElement>('.hint')!;
  /** The base being edited (null: a new one); its city, county, level and cohort as stored. */
  let editing: BaseRecord | null = null;
  const typedScope = () => ({ city: inputs.city.value, county: inputs.county.value.trim(), level: inputs.level.value, cohort: inputs.cohort.value.trim() || null });
  /** The 生效期 appears when an edit moves the base: from then on it counts under the new attributes. */
  function syncEffective() {
    const changed = scopedChanges(editing as unknown as Record<string, unknown> | null, typedScope(), BASE_SCOPED);
    const show = changed.length > 0;
    // Said once when it appears: a screen-reader user changing a select would not see it come.
    if (show && rows.effectiveFrom.row.hidden) ctx.announce('统计口径有变更,请确认生效期');
    if (show && rows.effectiveFrom.row.hidden) inputs.effectiveFrom.value = defaultEffectiveFrom('quarter');
    rows.effectiveFrom.row.hidden = !show;
    rows.effectiveFrom.row.classList.toggle('form-row-highlight', show);
    effectiveHint.textContent = show
      ? `变更${changed.map((a) => SCOPED_LABELS[a]).join('、')}自该季度(或年份)起生效,默认本季度(${periodLabel(defaultEffectiveFrom('quarter'))});此前各期的统计口径不变,已发布的通报数字不会改变。`
      : '此前各期的统计口径不变';
  }
  for (const el of [inputs.city, inputs.county, inputs.level, inputs.cohort]) {
    el.addEventListener('input', syncEffective);
    el.addEventListener('change', syncEffective);
  }
  syncEffective();
  const formTitle = h('h2', { id: 'base-form-title' }, '新增基地');
  const formStatus = statusLine();
  const saveBtn = h('button', { type: 'submit', class: 'button button-primary' }, '保存');
  const resetBtn = h('button', { type: 'button', class: 'button button-quiet' }, '清空(新增)');
  const form = h(
    'form',
    { class: 'card base-form', novalidate: true, 'aria-labelledby': 'base-form-title' },
    formTitle,
    h('div', { class: 'form-grid' }, Object.values(rows).map((r) => r.row)),
    h('div', { class: 'actions' }, saveBtn, resetBtn),
    formStatus,
  );

  function edit(b: BaseRecord) {
    editing = b;
    formTitle.textContent = `编辑基地:${b.name}`;
    inputs.baseId.value = b.baseId;
    inputs.baseId.readOnly = true;
    inputs.name.value = b.name;
    inputs.city.value = b.city;
    inputs.county.value = b.county;
    inputs.level.value = b.level;
    inputs.cohort.value = b.cohort ?? '';
    inputs.activeFrom.value = b.activeFrom ?? '';
    inputs.activeTo.value = b.activeTo ?? '';
    inputs.effectiveFrom.value = '';
    rows.effectiveFrom.row.hidden = true;
    syncEffective();
    for (const r of Object.values(rows)) showFieldError(r.control, r.error, undefined);
    setStatus(formStatus, 'info', '');
    form.scrollIntoView({ block: 'start' });
    inputs.name.focus();
  }
  resetBtn.addEventListener('click', () => {
    form.reset();
    editing = null;
    syncEffective();
    inputs.baseId.readOnly = false;
    formTitle.textContent = '新增基地';
    for (const r of Object.values(rows)) showFieldError(r.control, r.error, undefined);
    inputs.baseId.focus();
  });

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    for (const r of Object.values(rows)) showFieldError(r.control, r.error, undefined);
    const baseId = inputs.baseId.value.trim();
    const input = {
      name: inputs.name.value,
      city: inputs.city.value,
      county: inputs.county.value,
      level: inputs.level.value,
      cohort: inputs.cohort.value.trim() || null,
      activeFrom: inputs.activeFrom.value.trim().toUpperCase() || null,
      activeTo: inputs.activeTo.value.trim().toUpperCase() || null,
    };
    const errors: Record<string, string> = {};
    if (!BASE_ID.test(baseId)) errors.baseId = '基地编号应为3-40位小写字母、数字或连字符';
    // Editing the base the form was filled with: a move carries its 生效期 (default: this quarter).
    const moving = editing && editing.baseId === baseId && !rows.effectiveFrom.row.hidden;
    if (moving) {
      const ef = parseEffectiveFrom(inputs.effectiveFrom.value, 'quarter');
      if (ef.error) errors.effectiveFrom = ef.error;
      else Object.assign(input, { effectiveFrom: ef.value });
    }
    const parsed = baseInputSchema.safeParse(input);
    if (!parsed.success) for (const i of parsed.error.issues) errors[String(i.path[0] ?? 'name')] ??= i.message;
    if (Object.keys(errors).length) return showErrors(errors);
    void busy(saveBtn, async () => {
      try {
        const r = await api<BaseRecord>('PUT', `/api/bases/${encodeURIComponent(baseId)}`, parsed.data);
        const from = moving ? (parsed.data as { effectiveFrom?: string | null }).effectiveFrom : null;
        setStatus(formStatus, 'ok', r.status === 201 ? `已新增基地「${r.data.name}」` : from ? `已保存基地「${r.data.name}」,变更自${periodLabel(from)}起生效` : `已保存基地「${r.data.name}」`);
        await reload();
        // Further edits compare with what is stored now.
        if (r.status !== 201) {
          editing = bases.find((b) => b.baseId === baseId) ?? r.data;
          syncEffective();
        }
      } catch (err) {
        if (err instanceof ApiError && Object.keys(err.fields).length) showErrors(err.fields);
        else setStatus(formStatus, 'error', errorText(err));
      }
    });
  });

  function showErrors(errors: Record<string, string>) {
    let first: HTMLElement | null = null;
    for (const [k, msg] of Object.entries(errors)) {
      const r = rows[k as keyof typeof rows];
      if (!r) continue;
      showFieldError(r.control, r.error, msg);
      first ??= r.control;
    }
    setStatus(formStatus, 'error', `请修改 ${Object.keys(errors).length} 处错误:${Object.values(errors).join(';')}`);
    first?.focus();
  }

  // ---- CSV import (admin) -----------------------------------------------------------------
  const csvInput = h('input', { type: 'file', id: 'csv-file', accept: '.csv,text/csv', 'aria-describedby': 'csv-hint' });
  const importBtn = h('button', { type: 'button', class: 'button button-primary' }, '导入');
  const sampleBtn = h('button', { type: 'button', class: 'button button-quiet' }, '下载 CSV 示例');
  const csvStatus = statusLine();
  const csvResult = h('div', { tabindex: '-1' });
  sampleBtn.addEventListener('click', () => saveBlob(new Blob(['\ufeff' + CSV_SAMPLE], { type: 'text/csv;charset=utf-8' }), '基地名录示例.csv'));
  importBtn.addEventListener('click', () =>
    void busy(importBtn, async () => {
      csvResult.replaceChildren();
      const file = csvInput.files?.[0];
      if (!file) {
        setStatus(csvStatus, 'error', '请先选择 CSV 文件');
        csvInput.focus();
        return;
      }
      if (file.size > 2 * 1024 * 1024) return setStatus(csvStatus, 'error', '文件过大(上限 2 MB)');
      const parsed = baseRowsFromCsv(decodeCsvBytes(new Uint8Array(await file.arrayBuffer())));
      setStatus(csvStatus, 'info', `正在导入 ${parsed.rows.length} 行…`);
      type Result = { line: number; baseId: string | null; ok: boolean; text: string };
      const results: Result[] = parsed.errors.map((e) => ({ line: e.line, baseId: e.baseId, ok: false, text: e.messages.join(';') }));
      const sent = await pool(parsed.rows, 4, async (row): Promise<Result> => {
        try {
          const r = await api('PUT', `/api/bases/${encodeURIComponent(row.baseId)}`, row.input);
          return { line: row.line, baseId: row.baseId, ok: true, text: r.status === 201 ? '已新增' : '已更新(或无变化)' };
        } catch (err) {
          const fields = err instanceof ApiError ? Object.values(err.fields) : [];
          return { line: row.line, baseId: row.baseId, ok: false, text: fields.length ? fields.join(';') : errorText(err) };
        }
      });
      results.push(...sent);
      results.sort((a, b) => a.line - b.line);
      const failed = results.filter((r) => !r.ok).length;
      setStatus(csvStatus, failed ? 'error' : 'ok', `导入完成:成功 ${results.length - failed} 行,失败 ${failed} 行`);
      csvResult.replaceChildren(
        table(
          '导入结果',
          ['行号', '基地编号', '结果'],
          results.map((r) => [`第${r.line}行`, r.baseId ?? '—', h('span', { class: r.ok ? 'result-ok' : 'result-error' }, r.ok ? r.text : `失败:${r.text}`)]),
        ),
      );
      await reload();
      csvResult.focus();
    }),
  );
  const csvSection = h(
    'section',
    { class: 'card', 'aria-labelledby': 'csv-title' },
    h('h2', { id: 'csv-title' }, '批量导入(CSV)'),
    h(
      'p',
      { class: 'hint', id: 'csv-hint' },
      `第一行为表头:${CSV_SAMPLE.split('\r\n')[0]}。基地级别填「国家级」或「省级」。已存在的基地编号将被更新;其市州、县市区、级别或批次的变更自本季度起生效(需追溯到以前各期时,请逐个编辑并填写生效期)。支持 UTF-8 或 Excel 另存的 GBK 编码。`,
    ),
    h('div', { class: 'form-row' }, h('label', { for: 'csv-file' }, '选择 CSV 文件'), csvInput),
    h('div', { class: 'actions' }, importBtn, sampleBtn),
    csvStatus,
    csvResult,
  );

  await reload();
  return h(
    'div',
    null,
    pageHeader('基地名录', h('span', null, ctx.me.role === 'city' ? `${ctx.me.city}的创业创新基地` : '全省创业创新基地登记信息')),
    isAdmin ? form : null,
    isAdmin ? csvSection : null,
    h('section', { class: 'card', 'aria-label': '基地列表' }, listEl),
  );
}
