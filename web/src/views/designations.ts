/// <reference lib="dom" />
// 示范基地认定 (SPEC §11, seed 004): per year and level how many bases the province recommended
// and how many were designated, the success rate and the cumulative 家次 and bases; the list of
// designations with filters (year, level, status); and for the admin a form recording a base's
// recommendation, designation, refusal or revocation. A city user sees its own bases, read only.

import type { BaseRecord } from '../../../shared/registry';
import { ApiError, api } from '../api';
import {
  DESIGNATION_LEVEL_LABELS,
  DESIGNATION_LEVELS,
  DESIGNATION_STATUS_LABELS,
  DESIGNATION_STATUSES,
  type Designation,
  type DesignationListItem,
  type DesignationSummaryRow,
  designationFromForm,
  designationStatusText,
  designationsQuery,
  designationYears,
  filterByStatus,
  summaryTableRows,
} from '../designations';
import { field, h, options, showFieldError, table } from '../dom';
import { busy, type Ctx, errorText, notice, pageHeader, setStatus, statusLine } from '../ui';

const SUMMARY_HEADERS = ['年度', '级别', '推荐(家)', '认定(家)', '认定成功率', '累计认定家次', '累计认定基地(家)'];

export async function designationsView(ctx: Ctx) {
  const isAdmin = ctx.me.role === 'admin';
  const [bases, summary0, all0] = await Promise.all([
    isAdmin ? api<{ bases: BaseRecord[] }>('GET', '/api/bases').then((r) => r.data.bases) : Promise.resolve([] as BaseRecord[]),
    api<{ summary: DesignationSummaryRow[] }>('GET', '/api/designations/summary').then((r) => r.data.summary),
    api<{ designations: DesignationListItem[] }>('GET', '/api/designations').then((r) => r.data.designations),
  ]);
  let summary = summary0;
  let all = all0;

  // ---- summary ------------------------------------------------------------------------------
  const summaryEl = h('div', null);
  function renderSummary() {
    const rows = summaryTableRows(summary);
    summaryEl.replaceChildren(
      rows.length
        ? table(
            '各年度推荐与认定情况',
            SUMMARY_HEADERS,
            // Figures right-aligned (a cell holding a .num), year and level as text.
            rows.map((r) => r.map((c, i) => (i >= 2 ? h('span', { class: 'num' }, c) : c))),
            { class: 'data summary-table' },
          )
        : notice('info', '暂无推荐或认定记录', isAdmin ? h('p', null, '在下方记录基地的推荐、认定结果后,这里按年度和级别汇总。') : null),
      h('p', { class: 'hint' }, '认定成功率 = 认定 ÷ 推荐;累计认定家次按每次认定计(同一基地多次认定计多次),累计认定基地按基地计;撤销的认定仍计入当年的认定。'),
    );
  }

  // ---- list with filters ----------------------------------------------------------------------
  const yearFilter = h('select', { id: 'd-filter-year' });
  const levelFilter = h('select', { id: 'd-filter-level' });
  const statusFilter = h('select', { id: 'd-filter-status' });
  levelFilter.append(
    ...options(
      [{ value: '', label: '全部级别' }, ...DESIGNATION_LEVELS.map((l) => ({ value: l, label: DESIGNATION_LEVEL_LABELS[l] }))],
      ctx.query.get('level') ?? '',
    ),
  );
  statusFilter.append(
    ...options(
      [{ value: '', label: '全部状态' }, ...DESIGNATION_STATUSES.map((s) => ({ value: s, label: DESIGNATION_STATUS_LABELS[s] }))],
      ctx.query.get('status') ?? '',
    ),
  );
  function fillYears() {
    const chosen = yearFilter.value || ctx.query.get('year') || '';
    const years = designationYears(all);
    if (chosen && !years.includes(chosen)) years.unshift(chosen);
    yearFilter.replaceChildren(...options([{ value: '', label: '全部年度' }, ...years.map((y) => ({ value: y, label: `${y}年` }))], chosen));
  }
  fillYears();
  const listEl = h('div', null);
  const listStatus = statusLine();
  let shown: DesignationListItem[] = [];

  async function loadList() {
    const f = { year: yearFilter.value, level: levelFilter.value, status: statusFilter.value };
    ctx.setQuery(Object.fromEntries(Object.entries(f).filter(([, v]) => v)));
    try {
      const r = await api<{ designations: DesignationListItem[] }>('GET', `/api/designations${designationsQuery(f)}`);
      if (!ctx.alive()) return;
      shown = filterByStatus(r.data.designations, f.status);
      setStatus(listStatus, 'info', '');
      renderList();
    } catch (e) {
      setStatus(listStatus, 'error', errorText(e));
    }
  }
  function renderList() {
    const headers = ['基地名称', '编号', '市州', '县市区', '年度', '级别', '状态', '文号', '推荐单位', ...(isAdmin ? ['操作'] : [])];
    listEl.replaceChildren(
      shown.length
        ? table(
            `推荐与认定记录(${shown.length})`,
            headers,
            shown.map((d) => [
              h('a', { href: `#/bases/${encodeURIComponent(d.baseId)}` }, d.name),
              d.baseId,
              d.city,
              d.county,
              `${d.year}年`,
              DESIGNATION_LEVEL_LABELS[d.level] ?? d.level,
              h('span', { class: `badge badge-designation-${d.status}` }, designationStatusText(d)),
              d.document ?? '—',
              d.recommendedBy ?? '—',
              ...(isAdmin
                ? [
                    h(
                      'button',
                      {
                        type: 'button',
                        class: 'link-button',
                        onclick: () => edit(d),
                        'aria-label': `修改 ${d.name} ${d.year}年${DESIGNATION_LEVEL_LABELS[d.level]}认定`,
                      },
                      '修改',
                    ),
                  ]
                : []),
            ]),
            { class: 'data designations-list' },
          )
        : notice('info', '没有符合条件的记录', null),
    );
  }
  for (const s of [yearFilter, levelFilter, statusFilter]) s.addEventListener('change', () => void loadList());

  // ---- the admin's form -----------------------------------------------------------------------
  const inputs = {
    baseId: h('select', { id: 'd-baseId' }),
    year: h('input', {
      type: 'text',
      id: 'd-year',
      inputmode: 'numeric',
      autocomplete: 'off',
      maxlength: '4',
      placeholder: '如 2021',
      value: String(new Date().getFullYear()),
    }),
    level: h('select', { id: 'd-level' }),
    status: h('select', { id: 'd-status' }),
    document: h('input', { type: 'text', id: 'd-document', autocomplete: 'off', maxlength: '100', placeholder: '如 工信部企业函〔2021〕xx号' }),
    recommendedBy: h('input', { type: 'text', id: 'd-recommendedBy', autocomplete: 'off', maxlength: '100', placeholder: '如 湖南省工业和信息化厅' }),
    revokedFrom: h('input', { type: 'text', id: 'd-revokedFrom', inputmode: 'numeric', autocomplete: 'off', maxlength: '4', placeholder: '如 2023' }),
  };
  const sortedBases = [...bases].sort((a, b) => a.city.localeCompare(b.city, 'zh-CN') || a.name.localeCompare(b.name, 'zh-CN'));
  inputs.baseId.append(
    ...options([{ value: '', label: '请选择基地' }, ...sortedBases.map((b) => ({ value: b.baseId, label: `${b.name}(${b.baseId},${b.city})` }))]),
  );
  inputs.level.append(...options(DESIGNATION_LEVELS.map((l) => ({ value: l, label: DESIGNATION_LEVEL_LABELS[l] }))));
  inputs.status.append(...options(DESIGNATION_STATUSES.map((s) => ({ value: s, label: DESIGNATION_STATUS_LABELS[s] }))));
  const rows = {
    baseId: field('基地', inputs.baseId, { required: true }),
    year: field('认定年度', inputs.year, { hint: '推荐或认定的年度,如 2021', required: true }),
    level: field('认定级别', inputs.level, { required: true }),
    status: field('认定状态', inputs.status, { required: true }),
    document: field('文号', inputs.document, { hint: '可不填:认定或撤销的文件文号' }),
    recommendedBy: field('推荐单位', inputs.recommendedBy, { hint: '可不填' }),
    revokedFrom: field('撤销年份', inputs.revokedFrom, { hint: '自该年起不再计为示范基地(不追溯此前各年);不填则为本年与认定次年中较晚者' }),
  };
  const syncStatus = () => (rows.revokedFrom.row.hidden = inputs.status.value !== 'revoked');
  inputs.status.addEventListener('change', syncStatus);
  syncStatus();
  const formStatus = statusLine();
  const saveBtn = h('button', { type: 'submit', class: 'button button-primary' }, '保存认定信息');
  const form = h(
    'form',
    { class: 'card designation-form', novalidate: true, 'aria-labelledby': 'designation-form-title' },
    h('h2', { id: 'designation-form-title' }, '记录推荐或认定'),
    h(
      'p',
      { class: 'hint' },
      '同一基地同一年度、同一级别只有一条记录,再次保存即更新。基地在某年的级别按当年有效的认定确定(国家级优先),撤销自撤销年份起生效,不追溯。',
    ),
    h(
      'div',
      { class: 'form-grid' },
      Object.values(rows).map((r) => r.row),
    ),
    h('div', { class: 'actions' }, saveBtn),
    formStatus,
  );
  const clearErrors = () => Object.values(rows).forEach((r) => showFieldError(r.control, r.error, undefined));

  function edit(d: DesignationListItem) {
    inputs.baseId.value = d.baseId;
    inputs.year.value = String(d.year);
    inputs.level.value = d.level;
    inputs.status.value = d.status;
    inputs.document.value = d.document ?? '';
    inputs.recommendedBy.value = d.recommendedBy ?? '';
    inputs.revokedFrom.value = d.revokedFrom ? String(d.revokedFrom) : '';
    syncStatus();
    clearErrors();
    setStatus(formStatus, 'info', '');
    form.scrollIntoView({ block: 'start' });
    inputs.status.focus();
  }

  function showErrors(errors: Record<string, string>) {
    let first: HTMLElement | null = null;
    for (const [k, msg] of Object.entries(errors)) {
      // The server names a malformed `{year}-{level}` key `designation`: that is the year.
      const r = rows[(k === 'designation' ? 'year' : k) as keyof typeof rows];
      if (!r) continue;
      showFieldError(r.control, r.error, msg);
      first ??= r.control;
    }
    setStatus(formStatus, 'error', `请修改 ${Object.keys(errors).length} 处错误:${Object.values(errors).join(';')}`);
    first?.focus();
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    clearErrors();
    const typed = Object.fromEntries(Object.entries(inputs).map(([k, el]) => [k, el.value])) as Record<keyof typeof inputs, string>;
    const r = designationFromForm(typed);
    if (Object.keys(r.errors).length) return showErrors(r.errors);
    void busy(saveBtn, async () => {
      try {
        const saved = await api<Designation>('PUT', `/api/bases/${encodeURIComponent(typed.baseId)}/designations/${r.key}`, r.body);
        const name = bases.find((b) => b.baseId === typed.baseId)?.name ?? typed.baseId;
        setStatus(
          formStatus,
          'ok',
          `已保存:${name} ${typed.year.trim()}年${DESIGNATION_LEVEL_LABELS[typed.level as 'national']}示范基地 ${designationStatusText(saved.data)}`,
        );
        [summary, all] = await Promise.all([
          api<{ summary: DesignationSummaryRow[] }>('GET', '/api/designations/summary').then((x) => x.data.summary),
          api<{ designations: DesignationListItem[] }>('GET', '/api/designations').then((x) => x.data.designations),
        ]);
        renderSummary();
        fillYears();
        await loadList();
      } catch (err) {
        if (err instanceof ApiError && Object.keys(err.fields).length) showErrors(err.fields);
        else setStatus(formStatus, 'error', errorText(err));
      }
    });
  });

  renderSummary();
  await loadList();
  return h(
    'div',
    null,
    pageHeader('示范基地认定', h('span', null, ctx.me.role === 'city' ? `${ctx.me.city}基地的推荐与认定情况(只读)` : '全省创业创新示范基地的推荐、认定与撤销')),
    h('section', { class: 'card', 'aria-labelledby': 'summary-title' }, h('h2', { id: 'summary-title' }, '认定情况汇总'), summaryEl),
    isAdmin ? form : null,
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'list-title' },
      h('h2', { id: 'list-title' }, '推荐与认定记录'),
      h(
        'div',
        { class: 'filters' },
        h('div', { class: 'form-row inline' }, h('label', { for: 'd-filter-year' }, '年度'), yearFilter),
        h('div', { class: 'form-row inline' }, h('label', { for: 'd-filter-level' }, '级别'), levelFilter),
        h('div', { class: 'form-row inline' }, h('label', { for: 'd-filter-status' }, '状态'), statusFilter),
      ),
      listStatus,
      listEl,
    ),
  );
}
