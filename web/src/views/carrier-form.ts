/// <reference lib="dom" />
// A carrier's yearly form (SPEC §10) as an extension of the generic filing form: the indicator
// table (基准值, 上年完成值, 本年目标值 next to the input of 本年完成值, and the verdict as you type),
// the fund tables (batches received, disbursed and invested per sub-project), progress per
// sub-project and the texts of the self-assessment. The generic form keeps the lifecycle; the
// checks are the server's own (shared/carriers/details.ts), errors keyed as the server keys them.
// Also the read-only rendering of the same (the review page) and the self-assessment downloads.

import type { FilingDetails } from '../../../shared/carriers/details';
import type { StoredPlan } from '../../../shared/carriers/plan';
import type { Field } from '../../../shared/catalog';
import { formatDecimal } from '../../../shared/decimal';
import { yearOf } from '../../../shared/periods';
import type { Values } from '../../../shared/validation';
import { ApiError, api, download } from '../api';
import {
  BETTER_LABELS,
  checkDetailsRows,
  type DetailsRows,
  detailsToRows,
  emptyBatch,
  indicatorColumns,
  mapBatchKey,
  nearestKey,
  percentExact,
  rowsToDetails,
  sumWan,
  TEXT_FIELDS,
  verdictOf,
  wan2,
} from '../carriers';
import { type Child, h, table } from '../dom';
import type { FieldItem, FormSection } from '../form-model';
import { group } from '../format';
import { CARRIERS } from '../programs';
import { busy, errorText, notice } from '../ui';
import { programFormView } from './filing-form';
import type { ExtensionEnv, ExtensionInstance, FilingView, FormExtension } from './form-extension';

export interface CarrierExtra {
  plan: StoredPlan;
  planVersion: number;
  /** Last year's counted values (上年完成值), if it filed. */
  previous: Values | null;
}

/** The carrier's plan and last year's counted filing. */
export async function loadCarrierExtra(id: string, period: string): Promise<CarrierExtra> {
  const enc = encodeURIComponent(id);
  const [plan, previous] = await Promise.all([
    api<{ version: number; plan: StoredPlan }>('GET', `/api/carriers/${enc}/plan`).then((r) => r.data),
    api<FilingView>('GET', `/api/carriers/${enc}/filings/${yearOf(period) - 1}`).then(
      (r) => r.data.counted ?? null,
      (e) => {
        if (e instanceof ApiError && e.status === 404) return null;
        throw e;
      },
    ),
  ]);
  return { plan: plan.plan, planVersion: plan.version, previous };
}

const VERDICT_CLASS: Record<string, string> = { 完成: 'verdict verdict-met', 未完成: 'verdict verdict-unmet', 无目标: 'verdict muted' };

/** Buttons downloading the carrier's self-assessment of `year` (.docx and .xlsx). */
export function assessmentButtons(id: string, year: string, onStatus: (kind: 'ok' | 'error' | 'info', text: string) => void): HTMLElement[] {
  const mk = (ext: 'docx' | 'xlsx', text: string) => {
    const b = h('button', { type: 'button', class: 'button button-secondary', 'data-assessment': ext }, text);
    b.addEventListener(
      'click',
      () =>
        void busy(b, async () => {
          onStatus('info', '正在生成自评估报告…');
          try {
            const name = await download(`/api/carriers/${encodeURIComponent(id)}/assessments/${year}.${ext}`, `${id}-${year}-自评估报告.${ext}`);
            onStatus('ok', `已下载「${name}」`);
          } catch (e) {
            onStatus(
              'error',
              e instanceof ApiError && e.status === 404 && e.code !== 'FILING_NOT_FOUND' ? `暂不提供自评估报告下载(${e.message})` : errorText(e),
            );
          }
        }),
    );
    return b;
  };
  return [mk('docx', '自评估报告(Word)'), mk('xlsx', '自评估报告(Excel)')];
}

const money = (id: string, value: string, readonly: boolean, label: string) =>
  h('input', { type: 'text', id, inputmode: 'decimal', autocomplete: 'off', spellcheck: 'false', class: 'money-input', value, readonly, 'aria-label': label });

export const carrierFormExtension: FormExtension = {
  load: (id, period) => loadCarrierExtra(id, period),
  create: (env) => createCarrierParts(env),
};

function createCarrierParts(env: ExtensionEnv): ExtensionInstance {
  const { plan, previous } = env.extra as CarrierExtra;
  const year = yearOf(env.period);
  const stored = detailsToRows(env.filing?.details as Partial<FilingDetails> | undefined);
  const storedSnapshot = JSON.stringify(stored);
  let rows: DetailsRows = stored;
  if (env.restored) {
    try {
      rows = { ...stored, ...(JSON.parse(env.restored) as DetailsRows) };
    } catch {
      rows = stored;
    }
  }
  const ro = env.locked;

  /** Error slots: key → the input it points at and where its message goes. */
  const slots = new Map<string, { input: HTMLElement; err: HTMLElement }>();
  const slot = (key: string, input: HTMLElement, err: HTMLElement) => {
    slots.set(key, { input, err });
    const d = input.getAttribute('aria-describedby');
    if (input instanceof HTMLInputElement || input instanceof HTMLTextAreaElement)
      input.setAttribute('aria-describedby', [d, err.id].filter(Boolean).join(' '));
  };
  const errEl = (id: string) => h('p', { class: 'field-error', id: `${id}-err`, hidden: true });
  let lastErrors: Record<string, string> = {};

  // ---- indicators ----------------------------------------------------------------------------
  const verdicts = new Map<string, HTMLElement>();
  const paintVerdict = (code: string) => {
    const el = verdicts.get(code);
    if (!el) return;
    const v = verdictOf(plan, code, year, env.raw[code] ?? '');
    el.textContent = v ?? '—';
    el.className = v ? (VERDICT_CLASS[v] ?? 'verdict') : 'verdict muted';
  };

  function indicatorSection(s: FormSection): HTMLElement {
    const items = s.items.filter((i): i is FieldItem => i.kind === 'field');
    if (!items.length)
      return h(
        'fieldset',
        { class: 'section section-indicators' },
        h('legend', null, s.legend),
        notice('info', `${year}年没有需要填报的绩效指标`, h('p', null, '绩效目标计划中各指标的基准年均不早于本年。')),
      );
    const body = items.map((item) => {
      const f = item.field;
      const ind = plan.indicators.find((i) => i.code === f.code);
      const cols = indicatorColumns(plan, f.code, year, previous);
      const { input, label, err, warn } = env.fieldInput(item, `${f.label}:本年完成值(${f.formUnit})`, true);
      const verdict = h('output', { class: 'verdict', 'aria-label': `${f.label}完成情况`, for: item.id });
      verdicts.set(f.code, verdict);
      return h(
        'tr',
        null,
        h(
          'th',
          { scope: 'row' },
          f.label,
          h('span', { class: 'cell-note' }, `${f.formUnit} · ${ind ? BETTER_LABELS[ind.better] : ''}${f.dp ? ` · ${f.dp}位小数` : ''}`),
        ),
        h('td', { class: 'numcell', 'data-label': '基准值' }, cols?.baseline ?? '—'),
        h('td', { class: 'numcell', 'data-label': '上年完成值' }, cols?.lastYear ?? '—'),
        h('td', { class: 'numcell', 'data-label': '本年目标值' }, cols?.target ?? '—'),
        h(
          'td',
          { class: 'input-cell', 'data-label': '本年完成值' },
          label,
          h('div', { class: 'finput' }, input, h('span', { class: 'unit', 'aria-hidden': 'true' }, f.formUnit)),
          err,
          warn,
        ),
        h('td', { 'data-label': '完成情况' }, verdict),
      );
    });
    const wrap = h(
      'div',
      { class: 'table-wrap grid-wrap', role: 'region', 'aria-label': `${year}年绩效指标` },
      h(
        'table',
        { class: 'grid indicator-table' },
        h('caption', null, `${year}年绩效指标(按绩效目标计划第${(env.extra as CarrierExtra).planVersion}版)`),
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            ['指标(单位 · 方向)', '基准值', '上年完成值', '本年目标值', '本年完成值', '完成情况'].map((x) => h('th', { scope: 'col' }, x)),
          ),
        ),
        h('tbody', null, body),
      ),
    );
    for (const i of items) paintVerdict(i.field.code);
    return h('fieldset', { class: 'section section-indicators' }, h('legend', null, s.legend), wrap);
  }

  // ---- funds received ------------------------------------------------------------------------
  const batchBody = h('tbody', null);
  const batchTotal = h('output', { class: 'total-value', id: 'batch-total' });
  const receivedErr = errEl('funds-received');
  const addBatch = h('button', { type: 'button', class: 'button button-secondary button-small' }, '增加一批');
  slot('funds.received', addBatch, receivedErr);
  const paintBatchTotal = () => {
    const s = sumWan(rows.received.map((b) => b.amount));
    batchTotal.textContent = s === null ? '—' : group(s);
  };

  function renderBatches() {
    for (const k of [...slots.keys()]) if (/^funds\.received\.\d+/.test(k)) slots.delete(k);
    const trs = rows.received.map((b, i) => {
      const key = `funds.received.${i}`;
      const n = i + 1;
      const LABELS = { date: '到位时间', amount: '金额(万元)', source: '资金来源' };
      const cell = (what: 'date' | 'amount' | 'source', input: HTMLInputElement) => {
        const err = errEl(`batch-${i}-${what}`);
        slot(`${key}.${what}`, input, err);
        input.addEventListener('input', () => {
          rows.received[i]![what] = input.value;
          if (what === 'amount') paintBatchTotal();
          env.changed(`${key}.${what}`);
        });
        return h('td', { 'data-label': LABELS[what] }, input, err);
      };
      const date = h('input', {
        type: 'text',
        id: `batch-${i}-date`,
        autocomplete: 'off',
        spellcheck: 'false',
        placeholder: `如 ${year}-07`,
        value: b.date,
        readonly: ro,
        'aria-label': `第${n}批 到位时间`,
      });
      const amount = money(`batch-${i}-amount`, b.amount, ro, `第${n}批 金额(万元)`);
      const source = h('input', {
        type: 'text',
        id: `batch-${i}-source`,
        autocomplete: 'off',
        maxlength: '100',
        placeholder: '如 中央财政中小企业发展专项资金',
        value: b.source,
        readonly: ro,
        'aria-label': `第${n}批 资金来源`,
      });
      // A whole-batch error (not an object) points at the batch's date.
      slots.set(key, { input: date, err: errEl(`batch-${i}`) });
      const remove = ro ? null : h('button', { type: 'button', class: 'link-button danger', 'aria-label': `删除第${n}批` }, '删除');
      remove?.addEventListener('click', () => {
        rows.received.splice(i, 1);
        renderBatches();
        env.changed('funds.received');
        addBatch.focus();
      });
      return h(
        'tr',
        null,
        h('th', { scope: 'row' }, `第${n}批`),
        cell('date', date),
        cell('amount', amount),
        cell('source', source),
        ro ? null : h('td', null, remove),
      );
    });
    batchBody.replaceChildren(...(trs.length ? trs : [h('tr', null, h('td', { colspan: ro ? '4' : '5', class: 'muted' }, '本年尚未填写到位资金。'))]));
    paintBatchTotal();
    paint(lastErrors);
  }
  addBatch.addEventListener('click', () => {
    rows.received.push(emptyBatch());
    renderBatches();
    env.changed('funds.received');
    batchBody.querySelector<HTMLInputElement>(`#batch-${rows.received.length - 1}-date`)?.focus();
  });
  renderBatches();

  const fundsSection = h(
    'fieldset',
    { class: 'section section-funds' },
    h('legend', null, '资金到位情况'),
    h('p', { class: 'hint' }, `填写${year}年到位的每一批专项资金:到位时间(年月,如 ${year}-07,或日期)、金额(万元,最多4位小数)和资金来源。`),
    h(
      'div',
      { class: 'table-wrap grid-wrap', role: 'region', 'aria-label': '到位资金' },
      h(
        'table',
        { class: 'grid batch-table' },
        h('caption', null, `${year}年到位资金`),
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            ['批次', '到位时间', '金额(万元)', '资金来源', ro ? null : '操作'].filter(Boolean).map((x) => h('th', { scope: 'col' }, x)),
          ),
        ),
        batchBody,
        h(
          'tfoot',
          null,
          h(
            'tr',
            { class: 'total-row' },
            h('th', { scope: 'row' }, '合计'),
            h('td', null),
            h('td', { 'data-label': '合计(万元)' }, batchTotal),
            h('td', null),
            ro ? null : h('td', null),
          ),
        ),
      ),
    ),
    ro ? null : h('div', { class: 'action-buttons' }, addBatch),
    receivedErr,
  );

  // ---- sub-projects: disbursed, investment, progress -------------------------------------------
  const subs = plan.subProjects;
  const disbursedErr = errEl('funds-disbursed');
  const investmentErr = errEl('investment');
  const disbursedTotal = h('output', { class: 'total-value', id: 'disbursed-total' });
  const investmentTotal = h('output', { class: 'total-value', id: 'investment-total' });
  const paintSubTotals = () => {
    const d = sumWan(subs.map((s) => rows.disbursed[s.code] ?? ''));
    const v = sumWan(subs.map((s) => rows.investment[s.code] ?? ''));
    disbursedTotal.textContent = d === null ? '—' : group(d);
    investmentTotal.textContent = v === null ? '—' : group(v);
  };
  const subRows = subs.map((sp, i) => {
    const cell = (map: 'disbursed' | 'investment', key: string, label: string) => {
      const input = money(`sp-${i}-${map}`, rows[map][sp.code] ?? '', ro, `「${sp.name}」${label}(万元)`);
      const err = errEl(`sp-${i}-${map}`);
      slot(key, input, err);
      input.addEventListener('input', () => {
        rows[map][sp.code] = input.value;
        paintSubTotals();
        env.changed(key);
      });
      return h('td', { 'data-label': `${label}(万元)` }, input, err);
    };
    return h(
      'tr',
      null,
      h('th', { scope: 'row' }, sp.name, h('span', { class: 'cell-note' }, sp.code)),
      h('td', { class: 'numcell', 'data-label': '计划总投资(万元)' }, group(formatDecimal(sp.plannedInvestment, 4))),
      h(
        'td',
        { class: 'numcell', 'data-label': '计划使用专项资金(万元)' },
        group(formatDecimal(sp.plannedFund.subsidy + sp.plannedFund.reward + sp.plannedFund.purchase, 4)),
      ),
      cell('disbursed', `funds.disbursed.${sp.code}`, '本年拨付资金'),
      cell('investment', `investment.${sp.code}`, '本年完成投资'),
    );
  });
  // The table-level errors (e.g. disbursed more than received, cumulatively) point at the first input.
  const firstDisbursed = subRows[0]?.querySelector<HTMLInputElement>('input[id$="-disbursed"]');
  const firstInvestment = subRows[0]?.querySelector<HTMLInputElement>('input[id$="-investment"]');
  if (firstDisbursed) slot('funds.disbursed', firstDisbursed, disbursedErr);
  if (firstInvestment) slot('investment', firstInvestment, investmentErr);
  paintSubTotals();

  const progressErr = errEl('progress');
  const progressRows = subs.map((sp, i) => {
    const id = `sp-${i}-progress`;
    const area = h('textarea', { id, rows: '3', maxlength: '5000', readonly: ro }, rows.progress[sp.code] ?? '');
    const err = errEl(id);
    slot(`progress.${sp.code}`, area, err);
    area.addEventListener('input', () => {
      rows.progress[sp.code] = area.value;
      env.changed(`progress.${sp.code}`);
    });
    return h('div', { class: 'form-row' }, h('label', { for: id }, `${sp.name}:项目进度`), area, err);
  });
  if (progressRows[0]) slot('progress', progressRows[0].querySelector('textarea')!, progressErr);

  const subSection = subs.length
    ? h(
        'fieldset',
        { class: 'section section-subprojects' },
        h('legend', null, '资金拨付与项目投资'),
        h('p', { class: 'hint' }, '按子项目填写本年拨付的专项资金和本年完成的投资(万元)。累计拨付资金不能超过累计到位资金。'),
        h(
          'div',
          { class: 'table-wrap grid-wrap', role: 'region', 'aria-label': '子项目资金拨付与投资' },
          h(
            'table',
            { class: 'grid subproject-table' },
            h('caption', null, `${year}年各子项目资金拨付与投资`),
            h(
              'thead',
              null,
              h(
                'tr',
                null,
                ['子项目', '计划总投资(万元)', '计划使用专项资金(万元)', '本年拨付资金(万元)', '本年完成投资(万元)'].map((x) => h('th', { scope: 'col' }, x)),
              ),
            ),
            h('tbody', null, subRows),
            h(
              'tfoot',
              null,
              h(
                'tr',
                { class: 'total-row' },
                h('th', { scope: 'row' }, '合计'),
                h('td', null),
                h('td', null),
                h('td', null, disbursedTotal),
                h('td', null, investmentTotal),
              ),
            ),
          ),
        ),
        disbursedErr,
        investmentErr,
        h('div', { class: 'progress-rows' }, h('h3', null, '项目进度'), progressRows),
        progressErr,
      )
    : h(
        'fieldset',
        { class: 'section section-subprojects' },
        h('legend', null, '资金拨付与项目投资'),
        notice('info', '绩效目标计划中没有子项目', h('p', null, '拨付资金和完成投资按子项目填写,请联系省级管理员在计划中增加子项目。')),
      );

  // ---- texts -----------------------------------------------------------------------------------
  const texts = TEXT_FIELDS.map((t) => {
    const id = `text-${t.key}`;
    const area = h('textarea', { id, rows: '4', maxlength: '5000', readonly: ro, 'aria-describedby': `${id}-hint` }, rows[t.key]);
    const err = errEl(id);
    slot(t.key, area, err);
    area.addEventListener('input', () => {
      rows[t.key] = area.value;
      env.changed(t.key);
    });
    return h('div', { class: 'form-row' }, h('label', { for: id }, t.label), h('p', { class: 'hint', id: `${id}-hint` }, t.hint), area, err);
  });
  const textSection = h('fieldset', { class: 'section section-texts' }, h('legend', null, '文字说明'), texts);

  function paint(errors: Record<string, string>) {
    lastErrors = errors;
    const bySlot = new Map<string, string[]>();
    for (const [k, m] of Object.entries(errors)) {
      const s = nearestKey(k, (x) => slots.has(x));
      if (s) bySlot.set(s, [...(bySlot.get(s) ?? []), m]);
    }
    const marked = new Set<HTMLElement>();
    for (const [k, { input, err }] of slots) {
      const msgs = bySlot.get(k);
      err.textContent = msgs ? msgs.join(';') : '';
      err.hidden = !msgs;
      if (msgs) marked.add(input);
    }
    for (const { input } of slots.values()) {
      if (marked.has(input)) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    }
  }

  return {
    section: (s) => (s.id === 'indicators' ? indicatorSection(s) : null),
    onValue: paintVerdict,
    parts: [fundsSection, subSection, textSection],
    // Blank batch rows are left out (mapKey maps the server's indices back to the rows shown).
    payload: () => rowsToDetails(rows),
    validate: () => checkDetailsRows(rows, plan, year),
    mapKey: (k) => mapBatchKey(k, rows),
    paint,
    target: (key) => {
      const s = nearestKey(key, (x) => slots.has(x));
      return s ? slots.get(s)!.input : null;
    },
    snapshot: () => JSON.stringify(rows),
    dirty: () => JSON.stringify(rows) !== storedSnapshot,
  };
}

export const carrierFilingFormView = programFormView(CARRIERS, carrierFormExtension);

// ---- read-only ---------------------------------------------------------------------------------------

/** A carrier filing's values and details as read-only tables (the review page). */
export function carrierValuesTables(
  extra: CarrierExtra,
  fields: readonly Field[],
  period: string,
  values: Values | null | undefined,
  details: Partial<FilingDetails> | null | undefined,
  warnings: Record<string, string> = {},
): HTMLElement {
  const { plan, previous } = extra;
  const year = yearOf(period);
  const show = (s: string | null | undefined) => (s === undefined || s === null || s === '' ? '—' : group(s));
  const indicatorRows = fields.map((f) => {
    const cols = indicatorColumns(plan, f.code, year, previous);
    const v = values?.[f.code];
    const typed = v === undefined || v === null ? '' : formatDecimal(v, f.dp);
    const verdict = typed ? verdictOf(plan, f.code, year, typed) : null;
    return [
      `${f.label}(${f.formUnit})`,
      h('span', { class: 'num' }, cols?.baseline ?? '—'),
      h('span', { class: 'num' }, cols?.lastYear ?? '—'),
      h('span', { class: 'num' }, cols?.target ?? '—'),
      h(
        'span',
        { class: 'num', 'data-code': f.code },
        show(typed),
        warnings[f.code] ? h('span', { class: 'warn-mark', title: warnings[f.code] }, ' ⚠', h('span', { class: 'sr-only' }, warnings[f.code]!)) : null,
      ),
      verdict ? h('span', { class: VERDICT_CLASS[verdict] ?? 'verdict' }, verdict) : '—',
    ];
  });
  const d = detailsToRows(details);
  const received = (details?.funds?.received ?? []).reduce((a, b) => a + BigInt(b.amount), 0n);
  const disbursed = Object.values(details?.funds?.disbursed ?? {}).reduce((a, b) => a + BigInt(b), 0n);
  const invested = Object.values(details?.investment ?? {}).reduce((a, b) => a + BigInt(b), 0n);
  const sub = plan.subProjects;
  const parts: Child[] = [
    table(`${year}年绩效指标`, ['指标(单位)', '基准值', '上年完成值', '本年目标值', '本年完成值', '完成情况'], indicatorRows, { class: 'data values' }),
    table(
      `${year}年到位资金`,
      ['批次', '到位时间', '金额(万元)', '资金来源'],
      d.received.map((b, i) => [`第${i + 1}批`, b.date, h('span', { class: 'num' }, group(b.amount)), b.source]),
      { class: 'data values', footer: [['合计', '', h('span', { class: 'num', 'data-code': 'fundsReceived' }, group(wan2(received))), '']] },
    ),
    sub.length
      ? table(
          `${year}年各子项目资金拨付与投资`,
          ['子项目', '本年拨付资金(万元)', '本年完成投资(万元)', '项目进度'],
          sub.map((s) => [
            s.name,
            h('span', { class: 'num' }, show(d.disbursed[s.code])),
            h('span', { class: 'num' }, show(d.investment[s.code])),
            d.progress[s.code] || '—',
          ]),
          {
            class: 'data values',
            footer: [
              [
                '合计',
                h('span', { class: 'num', 'data-code': 'fundsDisbursed' }, group(wan2(disbursed))),
                h('span', { class: 'num' }, group(wan2(invested))),
                `本年拨付 ÷ 本年到位:${percentExact(disbursed, received) ?? '—'}`,
              ],
            ],
          },
        )
      : null,
    h(
      'dl',
      { class: 'meta carrier-texts' },
      TEXT_FIELDS.map((t) => [h('dt', null, t.label), h('dd', { class: 'pre-line' }, d[t.key] || '—')]),
    ),
  ];
  return h('div', { class: 'values-tables' }, parts);
}
