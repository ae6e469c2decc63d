/// <reference lib="dom" />
// Base registry: the list (admin all, city its own city; search, filters, sort, paging, 导出Excel),
// and for the admin an add/edit form and the import of a CSV or .xlsx (issue 19): the server
// previews every row (新增/变更/无变化/错误), 确认导入 appears only when no row is in error, and
// then writes all rows or none (POST /api/bases/import).

import { BASE_ID, type BaseRecord, baseInputSchema, LEVEL_LABELS } from '../../../shared/registry';
import { ApiError, api } from '../api';
import { BASE_SCOPED, defaultEffectiveFrom, parseEffectiveFrom, SCOPED_LABELS, scopedChanges } from '../designations';
import { field, h, options, showFieldError } from '../dom';
import { periodLabel } from '../format';
import { type ListHandle, listView } from '../list-view';
import { province } from '../province';
import { busy, type Ctx, errorText, notice, pageHeader, setStatus, statusLine } from '../ui';
import { registryImportSection } from './registry-import';

export async function registryView(ctx: Ctx) {
  const isAdmin = ctx.me.role === 'admin';
  const listEl = h('div', null);
  let bases: BaseRecord[] = [];

  async function reload() {
    bases = (await api<{ bases: BaseRecord[] }>('GET', '/api/bases')).data.bases;
    renderList();
  }

  let list: ListHandle<BaseRecord> | null = null;
  function renderList() {
    if (list) return list.setRows(bases, `已登记基地(${bases.length})`);
    if (!bases.length) return listEl.replaceChildren(notice('info', '尚未登记基地', null));
    list = listView<BaseRecord>({
      caption: `已登记基地(${bases.length})`,
      exportTitle: '基地名录',
      rows: bases,
      announce: (m) => ctx.announce(m),
      columns: [
        { label: '基地名称', text: (b) => b.name },
        { label: '编号', text: (b) => b.baseId },
        { label: '市州', text: (b) => b.city, filter: ctx.me.role !== 'city' },
        { label: '县市区', text: (b) => b.county },
        { label: '级别', text: (b) => LEVEL_LABELS[b.level], filter: true },
        { label: '批次', text: (b) => b.cohort ?? '—' },
        { label: '填报起止', text: (b) => `${b.activeFrom ?? '不限'} – ${b.activeTo ?? '不限'}` },
        {
          label: '操作',
          action: true,
          text: () => '',
          cell: (b) =>
            h(
              'span',
              { class: 'link-list' },
              h('a', { href: `#/bases/${encodeURIComponent(b.baseId)}` }, '填报情况'),
              isAdmin ? h('button', { type: 'button', class: 'link-button', onclick: () => edit(b), 'aria-label': `编辑 ${b.name}` }, '编辑') : null,
            ),
        },
      ],
    });
    listEl.replaceChildren(list.el);
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
    effectiveFrom: h('input', {
      type: 'text',
      id: 'b-effectiveFrom',
      autocomplete: 'off',
      spellcheck: 'false',
      placeholder: `如 ${defaultEffectiveFrom('quarter')}`,
      maxlength: '6',
    }),
  };
  inputs.city.append(...options([{ value: '', label: '请选择' }, ...province().cities.map((c) => ({ value: c, label: c }))]));
  inputs.level.append(
    ...options([
      { value: 'provincial', label: '省级' },
      { value: 'national', label: '国家级' },
    ]),
  );
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
  const typedScope = () => ({
    city: inputs.city.value,
    county: inputs.county.value.trim(),
    level: inputs.level.value,
    cohort: inputs.cohort.value.trim() || null,
  });
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
    h(
      'div',
      { class: 'form-grid' },
      Object.values(rows).map((r) => r.row),
    ),
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
        setStatus(
          formStatus,
          'ok',
          r.status === 201
            ? `已新增基地「${r.data.name}」`
            : from
              ? `已保存基地「${r.data.name}」,变更自${periodLabel(from)}起生效`
              : `已保存基地「${r.data.name}」`,
        );
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

  // ---- import, CSV or .xlsx (admin): preview, then all or nothing (one piece for every registry)
  const csvSection = isAdmin ? registryImportSection(ctx, 'bases', reload) : null;

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
