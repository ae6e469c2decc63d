/// <reference lib="dom" />
// The featured-carrier registry pages (SPEC §10): 载体名录 (admin all, city its own city; the admin
// adds and edits) and a carrier's 绩效目标计划 — read-only for the city and the carrier itself, a
// table editor for the admin (indicator rows with their target per year, sub-project rows), saved
// with If-Match, with its version history.

import type { CarrierPlan, StoredPlan } from '../../../shared/carriers/plan';
import { carrierInputSchema } from '../../../shared/carriers/registry';
import { formatDecimal } from '../../../shared/decimal';
import { ApiError, api } from '../api';
import {
  BETTER_LABELS,
  CARRIER_ID,
  CARRIER_TYPE_LABELS,
  CARRIER_TYPES,
  type CarrierType,
  type CarrierView,
  checkPlanRows,
  emptyIndicatorRow,
  emptySubProjectRow,
  FUND_KINDS,
  FUND_LABELS,
  type IndicatorRow,
  nearestKey,
  nextYearColumn,
  type PlanRows,
  planToRows,
  rowsToPlan,
  type SubProjectRow,
} from '../carriers';
import { type Child, field, h, options, showFieldError, table } from '../dom';
import { fmtTime, group, ROLE_LABELS } from '../format';
import { type ListHandle, listView } from '../list-view';
import { CARRIERS } from '../programs';
import { province } from '../province';
import { busy, type Ctx, errorText, notice, pageHeader, setStatus, statusLine } from '../ui';
import { registryImportSection } from './registry-import';

const TYPE_ORDER = (t: string) => CARRIER_TYPES.indexOf(t as CarrierType);

export async function carrierRegistryView(ctx: Ctx) {
  const isAdmin = ctx.me.role === 'admin';
  const listEl = h('div', null);
  let carriers: CarrierView[] = [];

  async function reload() {
    carriers = (await api<{ carriers: CarrierView[] }>('GET', '/api/carriers')).data.carriers;
    renderList();
  }

  let list: ListHandle<CarrierView> | null = null;
  function renderList() {
    const sorted = [...carriers].sort(
      (a, b) =>
        province().cities.indexOf(a.city) - province().cities.indexOf(b.city) ||
        TYPE_ORDER(a.type) - TYPE_ORDER(b.type) ||
        a.name.localeCompare(b.name, 'zh-CN'),
    );
    const caption = `已登记双创特色载体(${sorted.length})`;
    if (list) return list.setRows(sorted, caption);
    if (!sorted.length) return listEl.replaceChildren(notice('info', '尚未登记双创特色载体', null));
    list = listView<CarrierView>({
      caption,
      exportTitle: '双创特色载体名录',
      rows: sorted,
      announce: (m) => ctx.announce(m),
      columns: [
        { label: '载体名称', text: (c) => c.name },
        { label: '编号', text: (c) => c.carrierId },
        { label: '类型', text: (c) => CARRIER_TYPE_LABELS[c.type] ?? c.type, filter: true },
        { label: '市州', text: (c) => c.city, filter: ctx.me.role !== 'city' },
        { label: '所在园区', text: (c) => c.zone },
        { label: '获批时间', text: (c) => c.approvedAt },
        { label: '填报起止', text: (c) => `${c.activeFrom ?? '不限'} – ${c.activeTo ?? '不限'}` },
        {
          label: '操作',
          action: true,
          text: () => '',
          cell: (c) =>
            h(
              'span',
              { class: 'link-list' },
              h('a', { href: CARRIERS.entityHash(c.carrierId) }, '填报情况'),
              h('a', { href: `#/carrier-plan/${encodeURIComponent(c.carrierId)}` }, '绩效目标计划'),
              isAdmin ? h('button', { type: 'button', class: 'link-button', onclick: () => edit(c), 'aria-label': `编辑 ${c.name}` }, '编辑') : null,
            ),
        },
      ],
    });
    listEl.replaceChildren(list.el);
  }

  // ---- add / edit form (admin) ------------------------------------------------------------
  const inputs = {
    carrierId: h('input', { type: 'text', id: 'c-carrierId', autocomplete: 'off', spellcheck: 'false', maxlength: '40' }),
    name: h('input', { type: 'text', id: 'c-name', autocomplete: 'off', maxlength: '100' }),
    type: h('select', { id: 'c-type' }),
    city: h('select', { id: 'c-city' }),
    zone: h('input', { type: 'text', id: 'c-zone', autocomplete: 'off', maxlength: '50' }),
    approvedAt: h('input', { type: 'text', id: 'c-approvedAt', autocomplete: 'off', inputmode: 'numeric', maxlength: '7', placeholder: '如 2019-06' }),
    activeFrom: h('input', { type: 'text', id: 'c-activeFrom', inputmode: 'numeric', autocomplete: 'off', placeholder: '如 2019', maxlength: '4' }),
    activeTo: h('input', { type: 'text', id: 'c-activeTo', inputmode: 'numeric', autocomplete: 'off', placeholder: '如 2021', maxlength: '4' }),
  };
  inputs.type.append(...options(CARRIER_TYPES.map((t) => ({ value: t, label: CARRIER_TYPE_LABELS[t] }))));
  inputs.city.append(...options([{ value: '', label: '请选择' }, ...province().cities.map((c) => ({ value: c, label: c }))]));
  const rows = {
    carrierId: field('载体编号', inputs.carrierId, { hint: '3-40位小写字母、数字或连字符,登记后不能修改,如 hy-gaoxin', required: true }),
    name: field('载体名称', inputs.name, { hint: '如 衡阳高新区大中小企业融通型载体', required: true }),
    type: field('载体类型', inputs.type, { required: true }),
    city: field('所属市州', inputs.city, { required: true }),
    zone: field('所在园区', inputs.zone, { hint: '如 衡阳高新区', required: true }),
    approvedAt: field('获批时间', inputs.approvedAt, { hint: '年月,如 2019-06', required: true }),
    activeFrom: field('起始年', inputs.activeFrom, { hint: '可不填:从该年起需要填报(默认获批当年)' }),
    activeTo: field('终止年', inputs.activeTo, { hint: '可不填:到该年止' }),
  };
  const formTitle = h('h2', { id: 'carrier-form-title' }, '新增双创特色载体');
  const formStatus = statusLine();
  const saveBtn = h('button', { type: 'submit', class: 'button button-primary' }, '保存');
  const resetBtn = h('button', { type: 'button', class: 'button button-quiet' }, '清空(新增)');
  const form = h(
    'form',
    { class: 'card carrier-form', novalidate: true, 'aria-labelledby': 'carrier-form-title' },
    formTitle,
    h(
      'div',
      { class: 'form-grid' },
      Object.values(rows).map((r) => r.row),
    ),
    h('div', { class: 'actions' }, saveBtn, resetBtn),
    formStatus,
  );
  const clearErrors = () => Object.values(rows).forEach((r) => showFieldError(r.control, r.error, undefined));

  function edit(c: CarrierView) {
    formTitle.textContent = `编辑双创特色载体:${c.name}`;
    inputs.carrierId.value = c.carrierId;
    inputs.carrierId.readOnly = true;
    inputs.name.value = c.name;
    inputs.type.value = c.type;
    inputs.city.value = c.city;
    inputs.zone.value = c.zone;
    inputs.approvedAt.value = c.approvedAt;
    inputs.activeFrom.value = c.activeFrom ?? '';
    inputs.activeTo.value = c.activeTo ?? '';
    clearErrors();
    setStatus(formStatus, 'info', '');
    form.scrollIntoView({ block: 'start' });
    inputs.name.focus();
  }
  resetBtn.addEventListener('click', () => {
    form.reset();
    inputs.carrierId.readOnly = false;
    formTitle.textContent = '新增双创特色载体';
    clearErrors();
    inputs.carrierId.focus();
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

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    clearErrors();
    const carrierId = inputs.carrierId.value.trim();
    const year = (v: string) => v.trim() || null;
    const input = {
      name: inputs.name.value.trim(),
      type: inputs.type.value,
      city: inputs.city.value,
      zone: inputs.zone.value.trim(),
      approvedAt: inputs.approvedAt.value.trim(),
      activeFrom: year(inputs.activeFrom.value),
      activeTo: year(inputs.activeTo.value),
    };
    // The server's own schema (with its Chinese messages) checks it here first.
    const errors: Record<string, string> = {};
    if (!CARRIER_ID.test(carrierId)) errors.carrierId = '载体编号应为3-40位小写字母、数字或连字符';
    const parsed = carrierInputSchema.safeParse(input);
    if (!parsed.success) for (const i of parsed.error.issues) errors[String(i.path[0] ?? 'name')] ??= i.message;
    if (Object.keys(errors).length) return showErrors(errors);
    void busy(saveBtn, async () => {
      try {
        const r = await api<CarrierView>('PUT', `/api/carriers/${encodeURIComponent(carrierId)}`, input);
        setStatus(formStatus, 'ok', r.status === 201 ? `已新增双创特色载体「${r.data.name}」` : `已保存双创特色载体「${r.data.name}」`);
        await reload();
      } catch (err) {
        if (err instanceof ApiError && Object.keys(err.fields).length) showErrors(err.fields);
        else setStatus(formStatus, 'error', errorText(err));
      }
    });
  });

  await reload();
  return h(
    'div',
    null,
    pageHeader('载体名录', h('span', null, ctx.me.role === 'city' ? `${ctx.me.city}的双创特色载体` : '全省双创特色载体登记信息')),
    isAdmin ? form : null,
    isAdmin ? registryImportSection(ctx, 'carriers', reload) : null,
    h('section', { class: 'card', 'aria-label': '双创特色载体列表' }, listEl),
  );
}

// ---- 绩效目标计划 -----------------------------------------------------------------------------------

interface PlanVersionView {
  version: number;
  plan: StoredPlan;
  typed?: CarrierPlan;
  at: string;
  by: { name: string; role: keyof typeof ROLE_LABELS };
}

const yuanToWan = (v: number) => group(formatDecimal(v, 4));

/** The plan, read-only: indicators with unit, direction, baseline and targets; sub-projects with their money. */
export function planTables(plan: StoredPlan): HTMLElement {
  const years = [...new Set(plan.indicators.flatMap((i) => Object.keys(i.targets)))].sort();
  return h(
    'div',
    { class: 'plan-tables' },
    table(
      '绩效指标',
      ['指标', '单位', '完成方向', '基准值', ...years.map((y) => `${y}年目标值`)],
      plan.indicators.map((i) => [
        h('span', null, i.name, h('span', { class: 'cell-note' }, i.code)),
        i.unit,
        BETTER_LABELS[i.better],
        h('span', { class: 'num' }, `${group(formatDecimal(i.baseline.value, i.decimals))}(${i.baseline.year}年)`),
        ...years.map((y) => h('span', { class: 'num' }, i.targets[y] === undefined ? '—' : group(formatDecimal(i.targets[y]!, i.decimals)))),
      ]),
      { class: 'data plan-indicators' },
    ),
    plan.subProjects.length
      ? table(
          '子项目(万元)',
          ['子项目', '项目内容', '计划总投资', ...FUND_KINDS.map((k) => FUND_LABELS[k])],
          plan.subProjects.map((s) => [
            h('span', null, s.name, h('span', { class: 'cell-note' }, s.code)),
            s.content || '—',
            h('span', { class: 'num' }, yuanToWan(s.plannedInvestment)),
            ...FUND_KINDS.map((k) => h('span', { class: 'num' }, yuanToWan(s.plannedFund[k]))),
          ]),
          {
            class: 'data plan-subprojects',
            footer: [
              [
                '合计',
                '',
                h('span', { class: 'num' }, yuanToWan(plan.subProjects.reduce((a, s) => a + s.plannedInvestment, 0))),
                ...FUND_KINDS.map((k) => h('span', { class: 'num' }, yuanToWan(plan.subProjects.reduce((a, s) => a + s.plannedFund[k], 0)))),
              ],
            ],
          },
        )
      : h('p', { class: 'muted' }, '计划中没有子项目。'),
  );
}

export async function carrierPlanView(ctx: Ctx) {
  const id = ctx.params.id ?? ctx.me.carrierId!;
  const enc = encodeURIComponent(id);
  const isAdmin = ctx.me.role === 'admin';
  const [carrier, current, versions] = await Promise.all([
    api<CarrierView>('GET', `/api/carriers/${enc}`).then((r) => r.data),
    api<PlanVersionView>('GET', `/api/carriers/${enc}/plan`).then(
      (r) => ({ ...r.data, version: r.version ?? r.data.version }),
      (e) => {
        if (e instanceof ApiError && e.status === 404 && e.code === 'PLAN_NOT_FOUND') return null;
        throw e;
      },
    ),
    api<{ versions: PlanVersionView[] }>('GET', `/api/carriers/${enc}/plan/history`).then(
      (r) => r.data.versions,
      () => [] as PlanVersionView[],
    ),
  ]);
  const back = ctx.me.role === 'carrier' ? CARRIERS.homeHash : CARRIERS.entityHash(id);
  const header = pageHeader(
    `${carrier.name} · 绩效目标计划`,
    h('span', null, `${carrier.city} ${carrier.zone}`),
    h('span', null, CARRIER_TYPE_LABELS[carrier.type] ?? carrier.type),
    current ? h('span', null, `第${current.version}版 · ${fmtTime(current.at)}`) : h('span', { class: 'badge badge-missing' }, '尚未下达'),
  );
  const tools = h('div', { class: 'toolbar no-print' }, h('a', { href: back, class: 'button button-quiet' }, '返回'));
  const saved = ctx.query.get('saved');
  const flash = h(
    'div',
    { class: 'flash', tabindex: '-1', role: 'status', 'aria-live': 'polite' },
    saved && isAdmin ? notice('ok', null, h('p', null, `已保存绩效目标计划(第${saved}版)`)) : null,
  );
  const historyEl = h(
    'section',
    { class: 'card', 'aria-labelledby': 'plan-history-title' },
    h('h2', { id: 'plan-history-title' }, '计划版本记录'),
    versions.length
      ? table(
          '各版本(新版本在前)',
          ['版本', '时间', '操作人', '内容'],
          [...versions]
            .sort((a, b) => b.version - a.version)
            .map((v) => [
              `第${v.version}版`,
              fmtTime(v.at),
              h('span', null, v.by.name, h('span', { class: 'muted' }, `(${ROLE_LABELS[v.by.role] ?? v.by.role})`)),
              h('details', null, h('summary', null, `指标${v.plan.indicators.length}项,子项目${v.plan.subProjects.length}个`), planTables(v.plan)),
            ]),
        )
      : h('p', { class: 'muted' }, '暂无版本记录。'),
  );
  if (!isAdmin)
    return h(
      'div',
      null,
      header,
      tools,
      current
        ? h('section', { class: 'card', 'aria-label': '绩效目标计划' }, planTables(current.plan))
        : notice('info', '该载体尚未下达绩效目标计划', h('p', null, '绩效目标计划由省级管理员录入。')),
      historyEl,
    );
  return h('div', null, header, flash, tools, planEditor(ctx, id, current), historyEl);
}

/** The admin's table editor of a plan. */
function planEditor(ctx: Ctx, id: string, current: PlanVersionView | null): HTMLElement {
  const thisYear = new Date().getFullYear();
  const rows: PlanRows = planToRows(current?.typed ?? null);
  if (!rows.indicators.length) rows.indicators.push(emptyIndicatorRow(String(thisYear - 2)));
  // A new plan starts without target years: 增加目标年份 adds the year after the baseline.
  let version = current?.version ?? 0;
  const status = statusLine();
  const errorBox = h('div', { class: 'error-summary', tabindex: '-1', role: 'alert', hidden: true });
  const indBox = h('div', null);
  const spBox = h('div', null);
  const slots = new Map<string, { input: HTMLElement; err: HTMLElement }>();
  let errors: Record<string, string> = {};

  const text = (id: string, value: string, label: string, onInput: (v: string) => void, attrs: Record<string, string> = {}) => {
    const input = h('input', { type: 'text', id, value, autocomplete: 'off', spellcheck: 'false', 'aria-label': label, ...attrs });
    input.addEventListener('input', () => onInput(input.value));
    return input;
  };
  /** A cell with its input and error slot `key`. */
  const cell = (key: string, control: HTMLInputElement | HTMLSelectElement) => {
    const err = h('p', { class: 'field-error', id: `${control.id}-err`, hidden: true });
    control.setAttribute('aria-describedby', err.id);
    slots.set(key, { input: control, err });
    return h('td', null, control, err);
  };

  function renderIndicators() {
    for (const k of [...slots.keys()]) if (k.startsWith('indicators.')) slots.delete(k);
    const head = ['代码', '指标名称', '单位', '小数位', '完成方向', '基准年', '基准值', ...rows.years.map((y) => `${y}年目标`), '操作'];
    const body = rows.indicators.map((r: IndicatorRow, i) => {
      const k = (p: string) => `indicators.${i}.${p}`;
      const n = `第${i + 1}项指标`;
      const decimals = h(
        'select',
        { id: `ind-${i}-decimals`, 'aria-label': `${n} 小数位数` },
        options(
          [0, 1, 2, 3, 4].map((d) => ({ value: String(d), label: String(d) })),
          r.decimals,
        ),
      );
      decimals.addEventListener('change', () => (r.decimals = decimals.value));
      const better = h(
        'select',
        { id: `ind-${i}-better`, 'aria-label': `${n} 完成方向` },
        options(
          [
            { value: 'higher', label: BETTER_LABELS.higher },
            { value: 'lower', label: BETTER_LABELS.lower },
          ],
          r.better,
        ),
      );
      better.addEventListener('change', () => (r.better = better.value as 'higher' | 'lower'));
      const remove = h('button', { type: 'button', class: 'link-button danger', 'aria-label': `删除${n}` }, '删除');
      remove.addEventListener('click', () => {
        rows.indicators.splice(i, 1);
        renderIndicators();
      });
      // Row-level errors (duplicate code, not an object) point at the code.
      const code = text(`ind-${i}-code`, r.code, `${n} 代码`, (v) => (r.code = v), { class: 'code-input', maxlength: '40' });
      const tr = h(
        'tr',
        null,
        cell(k('code'), code),
        cell(
          k('name'),
          text(`ind-${i}-name`, r.name, `${n} 指标名称`, (v) => (r.name = v), { maxlength: '100' }),
        ),
        cell(
          k('unit'),
          text(`ind-${i}-unit`, r.unit, `${n} 单位`, (v) => (r.unit = v), { class: 'unit-input', maxlength: '20' }),
        ),
        cell(k('decimals'), decimals),
        cell(k('better'), better),
        cell(
          k('baseline.year'),
          text(`ind-${i}-baseYear`, r.baselineYear, `${n} 基准年`, (v) => (r.baselineYear = v), { class: 'year-input', inputmode: 'numeric', maxlength: '4' }),
        ),
        cell(
          k('baseline.value'),
          text(`ind-${i}-baseValue`, r.baselineValue, `${n} 基准值`, (v) => (r.baselineValue = v), { class: 'money-input', inputmode: 'decimal' }),
        ),
        ...rows.years.map((y) =>
          cell(
            k(`targets.${y}`),
            text(`ind-${i}-t${y}`, r.targets[y] ?? '', `${n} ${y}年目标值`, (v) => (r.targets[y] = v), { class: 'money-input', inputmode: 'decimal' }),
          ),
        ),
        h('td', null, remove),
      );
      slots.set(`indicators.${i}`, { input: code, err: slots.get(k('code'))!.err });
      return tr;
    });
    const addRow = h('button', { type: 'button', class: 'button button-secondary button-small' }, '增加指标');
    addRow.addEventListener('click', () => {
      rows.indicators.push(emptyIndicatorRow(rows.indicators.at(-1)?.baselineYear ?? ''));
      renderIndicators();
      indBox.querySelector<HTMLInputElement>(`#ind-${rows.indicators.length - 1}-code`)?.focus();
    });
    const addYear = h('button', { type: 'button', class: 'button button-quiet button-small' }, '增加目标年份');
    addYear.addEventListener('click', () => {
      const y = nextYearColumn(rows, thisYear - 2);
      if (y && !rows.years.includes(y)) rows.years.push(y);
      renderIndicators();
    });
    const dropYear = h('button', { type: 'button', class: 'button button-quiet button-small' }, '去掉最后一个年份');
    dropYear.addEventListener('click', () => {
      const y = rows.years.pop();
      if (y) for (const r of rows.indicators) delete r.targets[y];
      renderIndicators();
    });
    dropYear.hidden = rows.years.length === 0;
    indBox.replaceChildren(
      h(
        'div',
        { class: 'table-wrap grid-wrap', role: 'region', 'aria-label': '绩效指标' },
        h(
          'table',
          { class: 'grid plan-editor' },
          h('caption', null, rows.years.length ? '绩效指标(目标值留空表示该年无目标)' : '绩效指标(先填基准年,再点「增加目标年份」)'),
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              head.map((x) => h('th', { scope: 'col' }, x)),
            ),
          ),
          h('tbody', null, body),
        ),
      ),
      h('div', { class: 'action-buttons' }, addRow, addYear, dropYear),
    );
    paint();
  }

  function renderSubProjects() {
    for (const k of [...slots.keys()]) if (k.startsWith('subProjects.')) slots.delete(k);
    const head = ['代码', '子项目名称', '项目内容', '计划总投资(万元)', ...FUND_KINDS.map((k) => `${FUND_LABELS[k]}(万元)`), '操作'];
    const body = rows.subProjects.map((r: SubProjectRow, i) => {
      const k = (p: string) => `subProjects.${i}.${p}`;
      const n = `第${i + 1}个子项目`;
      const remove = h('button', { type: 'button', class: 'link-button danger', 'aria-label': `删除${n}` }, '删除');
      remove.addEventListener('click', () => {
        rows.subProjects.splice(i, 1);
        renderSubProjects();
      });
      const code = text(`sp-${i}-code`, r.code, `${n} 代码`, (v) => (r.code = v), { class: 'code-input', maxlength: '40' });
      const tr = h(
        'tr',
        null,
        cell(k('code'), code),
        cell(
          k('name'),
          text(`spe-${i}-name`, r.name, `${n} 名称`, (v) => (r.name = v), { maxlength: '100' }),
        ),
        cell(
          k('content'),
          text(`spe-${i}-content`, r.content, `${n} 项目内容`, (v) => (r.content = v), { maxlength: '2000' }),
        ),
        cell(
          k('plannedInvestment'),
          text(`spe-${i}-inv`, r.plannedInvestment, `${n} 计划总投资(万元)`, (v) => (r.plannedInvestment = v), { class: 'money-input', inputmode: 'decimal' }),
        ),
        ...FUND_KINDS.map((f) =>
          cell(
            k(`plannedFund.${f}`),
            text(`spe-${i}-${f}`, r[f], `${n} ${FUND_LABELS[f]}(万元)`, (v) => (r[f] = v), { class: 'money-input', inputmode: 'decimal' }),
          ),
        ),
        h('td', null, remove),
      );
      slots.set(`subProjects.${i}`, { input: code, err: slots.get(k('code'))!.err });
      return tr;
    });
    const addRow = h('button', { type: 'button', class: 'button button-secondary button-small' }, '增加子项目');
    addRow.addEventListener('click', () => {
      rows.subProjects.push(emptySubProjectRow());
      renderSubProjects();
      spBox.querySelector<HTMLInputElement>(`#sp-${rows.subProjects.length - 1}-code`)?.focus();
    });
    spBox.replaceChildren(
      rows.subProjects.length
        ? h(
            'div',
            { class: 'table-wrap grid-wrap', role: 'region', 'aria-label': '子项目' },
            h(
              'table',
              { class: 'grid plan-editor' },
              h('caption', null, '子项目(计划使用专项资金:直接补助、绩效奖励、购买服务)'),
              h(
                'thead',
                null,
                h(
                  'tr',
                  null,
                  head.map((x) => h('th', { scope: 'col' }, x)),
                ),
              ),
              h('tbody', null, body),
            ),
          )
        : h('p', { class: 'muted' }, '尚无子项目。'),
      h('div', { class: 'action-buttons' }, addRow),
    );
    paint();
  }

  /** Messages next to the cells (nearest slot of each key); the rest only in the summary. */
  function paint() {
    const bySlot = new Map<string, string[]>();
    for (const [k, m] of Object.entries(errors)) {
      const s = nearestKey(k, (x) => slots.has(x));
      if (s) bySlot.set(s, [...(bySlot.get(s) ?? []), m]);
    }
    for (const [k, { input, err }] of slots) {
      const msgs = bySlot.get(k);
      if (k.split('.').length === 2 && !msgs) continue; // a row slot shares the code's element
      err.textContent = msgs?.join(';') ?? '';
      err.hidden = !msgs;
      if (msgs) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    }
    const entries = Object.entries(errors);
    errorBox.hidden = !entries.length;
    errorBox.replaceChildren(
      ...(entries.length
        ? [
            h('h2', null, `请修改以下 ${entries.length} 处问题`),
            h(
              'ul',
              null,
              entries.map(([k, m]) => {
                const s = nearestKey(k, (x) => slots.has(x));
                const target = s ? slots.get(s)!.input : null;
                const a = h('a', { href: `#${target?.id ?? ''}` }, m);
                a.addEventListener('click', (e) => {
                  e.preventDefault();
                  target?.focus();
                });
                return h('li', null, a);
              }),
            ),
          ]
        : []),
    );
  }

  renderIndicators();
  renderSubProjects();
  const saveBtn = h('button', { type: 'submit', class: 'button button-primary' }, '保存计划');
  const form = h(
    'form',
    { class: 'card plan-form', novalidate: true, 'aria-labelledby': 'plan-editor-title' },
    h('h2', { id: 'plan-editor-title' }, current ? `修改绩效目标计划(当前第${current.version}版)` : '录入绩效目标计划'),
    h(
      'p',
      { class: 'hint' },
      '数值按指标的小数位数填写;金额单位为万元,最多4位小数。每个指标自基准年的下一年起填报和考核,目标年份应在基准年之后10年内。保存后形成新版本,已提交的年度报表按当时的计划计算。',
    ),
    errorBox,
    h('h3', null, '绩效指标'),
    indBox,
    h('h3', null, '子项目'),
    spBox,
    h('div', { class: 'actions' }, saveBtn),
    status,
  );
  form.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.isComposing && e.target instanceof HTMLInputElement) e.preventDefault();
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    errors = checkPlanRows(rows);
    paint();
    if (Object.keys(errors).length) {
      setStatus(status, 'error', '');
      errorBox.focus();
      return;
    }
    void busy(saveBtn, async () => {
      try {
        const r = await api<PlanVersionView>('PUT', `/api/carriers/${encodeURIComponent(id)}/plan`, rowsToPlan(rows), { ifMatch: version });
        version = r.version ?? r.data.version;
        setStatus(status, 'ok', `已保存绩效目标计划(第${version}版)`);
        ctx.announce(`已保存绩效目标计划(第${version}版)`);
        // Reloaded: the header and the history show the new version.
        ctx.go(`#/carrier-plan/${encodeURIComponent(id)}?saved=${version}`);
      } catch (err) {
        if (err instanceof ApiError && Object.keys(err.fields).length) {
          errors = { ...err.fields };
          paint();
          setStatus(status, 'error', err.message);
          errorBox.focus();
        } else setStatus(status, 'error', errorText(err));
      }
    });
  });
  const children: Child[] = [form];
  return h('div', null, children);
}
