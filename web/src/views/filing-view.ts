/// <reference lib="dom" />
// One filing of any program (programs.ts), read-only: what was filed, its status and warnings,
// the review actions for the provincial administrator (accept, return with a comment, reopen)
// and the history.

import type { FilingDetails } from '../../../shared/carriers/details';
import { periodLabel } from '../../../shared/periods';
import { type BaseRecord, LEVEL_LABELS } from '../../../shared/registry';
import type { FilingView } from '../../../shared/use-cases/read-filings';
import { ApiError, api, download } from '../api';
import { CARRIER_TYPE_LABELS, type CarrierView } from '../carriers';
import { changePct, type FilingContext, fmtChange, inFormUnits, loadContext } from '../context';
import { type Child, clear, h, nextId, table } from '../dom';
import type { Catalog } from '../form-model';
import { buildFormModel, labelWithUnit, toRaw } from '../form-model';
import { fmtTime, group } from '../format';
import { type PlatformView, TIER_LABELS } from '../platforms';
import { BASES, CARRIERS, PLATFORMS, type ProgramDesc } from '../programs';
import { busy, type Ctx, errorText, notice, pageHeader, setStatus, statusBadge, statusLine } from '../ui';
import { assessmentButtons, type CarrierExtra, carrierValuesTables, loadCarrierExtra } from './carrier-form';
import { historySection } from './history';
import { valuesTables } from './values-tables';

/** The read-only view of a program: route `…/:id/:period`. */
export function programFilingView(desc: ProgramDesc) {
  return async (ctx: Ctx) => {
    const { id, period } = ctx.params as { id: string; period: string };
    if (!desc.periodCheck(period)) return notice('error', '期别不正确', null);
    const container = h('div', { class: 'filing-view' });
    await render(ctx, container, desc, id, period, null);
    return container;
  };
}

export const filingView = programFilingView(BASES);
export const platformFilingView = programFilingView(PLATFORMS);
export const carrierFilingView = programFilingView(CARRIERS);

/** The entity's facts under the title: a base's place and level, a platform's place and tier. */
function facts(desc: ProgramDesc, record: BaseRecord | PlatformView | CarrierView): string {
  if (desc.program === 'carriers') {
    const c = record as CarrierView;
    return `${c.city} ${c.zone} · ${CARRIER_TYPE_LABELS[c.type] ?? c.type}`;
  }
  if (desc.program === 'bases') {
    const base = record as BaseRecord;
    return `${base.city} ${base.county} · ${LEVEL_LABELS[base.level]}${base.cohort ? ` · ${base.cohort}` : ''}`;
  }
  const p = record as PlatformView;
  return `${p.city}${p.county ? ` ${p.county}` : ''}${p.park ? '(工业园区)' : ''} · ${TIER_LABELS[p.tier]}${p.cluster ? ` · ${p.cluster}` : ''}`;
}

async function render(ctx: Ctx, container: HTMLElement, desc: ProgramDesc, baseId: string, period: string, flash: string | null) {
  const enc = encodeURIComponent(baseId);
  // Two-level review (TWO_LEVEL_REVIEW): a city pre-checks (初审) before the province (复审).
  const twoLevel = !!ctx.me.twoLevelReview?.includes(desc.program);
  const entityPath = `/api/${desc.entityPath}/${enc}`;
  const [base, filing, catalog, extra] = await Promise.all([
    api<BaseRecord | PlatformView | CarrierView>('GET', entityPath).then((r) => r.data),
    api<FilingView>('GET', `${entityPath}/filings/${period}`).then(
      (r) => r.data,
      (e) => {
        if (e instanceof ApiError && e.status === 404 && e.code === 'FILING_NOT_FOUND') return null;
        throw e;
      },
    ),
    // The bases' catalog is compiled in; another program's comes from the API.
    desc.program === 'bases' ? undefined : api<Catalog>('GET', `/api/catalog/${period}${desc.catalogQuery(baseId)}`).then((r) => r.data),
    // A carrier's filing is read against its plan and last year's filing.
    desc.program === 'carriers' ? loadCarrierExtra(baseId, period) : undefined,
  ]);
  // The others: against the previous period and the same period last year (issue 19).
  const context = desc.program === 'carriers' || !filing ? undefined : await loadContext(desc.entityPath, baseId, period).catch(() => undefined);
  const tables = (values: FilingView['values'], details: unknown) =>
    extra && catalog
      ? carrierValuesTables(extra as CarrierExtra, catalog.fields, period, values, details as Partial<FilingDetails> | null, filing?.warnings)
      : valuesTables(period, values, filing?.warnings, catalog);
  if (!ctx.alive()) return;
  const header = pageHeader(
    `${base.name} · ${periodLabel(period)}`,
    h('span', null, baseId),
    h('span', null, facts(desc, base)),
    statusBadge(filing?.status ?? 'missing', !!filing?.draftPending),
    filing ? h('span', null, `第${filing.version}版`) : null,
    filing?.late ? h('span', { class: 'badge badge-late' }, '逾期提交') : null,
  );
  const flashEl = h('div', { class: 'flash', tabindex: '-1', role: 'status', 'aria-live': 'polite' }, flash ? notice('ok', null, h('p', null, flash)) : null);
  const formHash = desc.formHash(baseId, period);
  const assessStatus = statusLine();
  const excelButton = h('button', { type: 'button', class: 'button button-quiet' }, '下载 Excel');
  excelButton.addEventListener(
    'click',
    () =>
      void busy(excelButton, () =>
        download(`${entityPath}/filings/${period}/template.xlsx`, `${baseId}-${period}.xlsx`).then(
          (name) => ctx.announce(`已下载「${name}」`),
          (err) => ctx.announce(errorText(err)),
        ),
      ),
  );
  const tools = h(
    'div',
    { class: 'toolbar no-print' },
    desc.program === 'bases' ? h('a', { href: `#/print/${enc}/${period}`, class: 'button button-secondary' }, '打印预览') : null,
    ctx.me.role === 'admin' ? h('a', { href: formHash, class: 'button button-secondary' }, filing ? '代为修改' : '代为填报') : null,
    ctx.me.role === desc.filerRole && filing?.status !== 'accepted' ? h('a', { href: formHash, class: 'button button-secondary' }, '修改') : null,
    filing && desc.template ? excelButton : null,
    desc.program === 'carriers' && filing ? assessmentButtons(baseId, period, (kind, text) => setStatus(assessStatus, kind, text)) : null,
    ctx.me.role === 'admin'
      ? h('a', { href: `${desc.reviewHash}?${desc.reports.periodParam}=${period}`, class: 'button button-quiet' }, '返回审核列表')
      : ctx.me.role === 'city' && twoLevel
        ? h('a', { href: `${desc.precheckHash}?${desc.reports.periodParam}=${period}`, class: 'button button-quiet' }, '返回初审列表')
        : h('a', { href: ctx.me.role === desc.filerRole ? desc.homeHash : desc.entityHash(baseId), class: 'button button-quiet' }, '返回'),
  );
  if (!filing) {
    clear(container, header, tools, assessStatus, notice('info', `该${desc.label}本期尚未填报`, null));
    return;
  }
  const pending = !!filing.draftPending && !!filing.counted;
  const meta: Child[] = [
    h('dt', null, '首次提交'),
    h('dd', null, fmtTime(filing.firstSubmittedAt)),
    h('dt', null, '最近提交'),
    h('dd', null, fmtTime(filing.submittedAt)),
    h('dt', null, '最近修改'),
    h('dd', null, `${fmtTime(filing.updatedAt)}(${filing.updatedBy.name})`),
    h('dt', null, '计入汇总'),
    h('dd', null, filing.counted ? (pending ? `是(汇总使用上次提交的数据;${desc.label}有未提交的草稿修改)` : '是') : '否(尚未提交)'),
  ];
  if (filing.reviewComment) meta.push(h('dt', null, '审核意见'), h('dd', { class: 'review-comment' }, filing.reviewComment));
  const warnings = Object.values(filing.warnings ?? {});
  clear(
    container,
    header,
    flashEl,
    tools,
    assessStatus,
    ctx.me.role === 'admin' || (ctx.me.role === 'city' && twoLevel) ? reviewPanel(ctx, container, baseId, period, filing) : null,
    h('dl', { class: 'meta' }, meta),
    warnings.length
      ? notice(
          'warn',
          '填报时确认过的提示',
          h(
            'ul',
            null,
            warnings.map((w) => h('li', null, w)),
          ),
          h('p', { class: 'explanation' }, h('strong', null, '情况说明:'), filing.explanation ?? '(未填写)'),
        )
      : filing.explanation
        ? notice('info', '情况说明', h('p', { class: 'explanation' }, filing.explanation))
        : null,
    context && (context.previous || context.lastYear) ? contextTable(period, catalog, filing.counted ?? filing.values, context, desc.previousLabel) : null,
    // With a draft pending over a submission, what counts (and is reviewed) comes first.
    pending
      ? h(
          'section',
          { class: 'card', 'aria-labelledby': 'counted-title' },
          h('h2', { id: 'counted-title' }, '已提交数据(计入汇总,审核对象)'),
          tables(filing.counted!, filing.countedDetails),
        )
      : null,
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'values-title' },
      h('h2', { id: 'values-title' }, filing.status === 'draft' || pending ? '草稿数据(未提交)' : '填报数据'),
      tables(filing.values, filing.details),
    ),
    historySection(baseId, period, { entityPath: desc.entityPath, fields: catalog?.fields }),
  );

  function reviewPanel(ctx: Ctx, container: HTMLElement, baseId: string, period: string, f: FilingView): HTMLElement | null {
    const status = h('p', { class: 'status-line', role: 'status', 'aria-live': 'polite' });
    const act = async (action: 'accept' | 'return' | 'reopen' | 'pass', comment: string) => {
      try {
        await api('POST', `${entityPath}/filings/${period}/review`, { action, comment }, { ifMatch: f.version });
        const text =
          action === 'pass'
            ? '初审通过,已报省级管理员复审。'
            : action === 'accept'
              ? '已确认,报表已锁定。'
              : action === 'return'
                ? `已退回,${desc.label}将看到您的修改意见。`
                : `已重新打开,${desc.label}可以修改。`;
        await render(ctx, container, desc, baseId, period, text);
        ctx.announce(text);
        (container.querySelector('.flash') as HTMLElement | null)?.focus();
      } catch (e) {
        status.dataset.kind = 'error';
        status.textContent = errorText(e);
      }
    };
    const city = ctx.me.role === 'city';
    const children: Child[] = [h('h2', { id: 'review-title' }, city ? '初审' : twoLevel ? '复审' : '审核')];
    if (city) {
      // A city passes or returns what its filers submitted; the province takes it from there.
      if (f.status === 'submitted') {
        const pass = h('button', { type: 'button', class: 'button button-primary' }, '初审通过');
        pass.addEventListener('click', () => void busy(pass, () => act('pass', '')));
        children.push(h('p', null, '核对数据无误后初审通过,报省级管理员复审;有问题请填写意见退回。'), h('div', { class: 'action-buttons' }, pass));
      } else children.push(h('p', null, f.status === 'checked' ? '已初审通过,等待省级管理员复审。' : `当前状态:${f.statusLabel}。`));
    } else if (twoLevel && f.status === 'submitted') {
      children.push(h('p', null, `该报表等待市州初审;市州初审通过后才能确认。也可以填写意见直接退回${desc.label}。`));
    } else if (twoLevel && f.status === 'checked') {
      const accept = h('button', { type: 'button', class: 'button button-primary' }, '确认通过');
      accept.addEventListener('click', () => void busy(accept, () => act('accept', '')));
      children.push(h('p', null, '市州已初审通过。核对数据无误后确认;确认后报表锁定。'), h('div', { class: 'action-buttons' }, accept));
    } else if (twoLevel && f.status === 'returned') {
      children.push(h('p', null, `该报表已退回,等待${desc.label}修改后重新提交。`));
    } else if (f.status === 'submitted' || f.status === 'returned') {
      const accept = h('button', { type: 'button', class: 'button button-primary' }, '确认通过');
      accept.addEventListener('click', () => void busy(accept, () => act('accept', '')));
      children.push(
        h('p', null, f.status === 'returned' ? `该报表已退回,等待${desc.label}修改;也可以直接确认上次提交的数据。` : '核对数据无误后确认;确认后报表锁定。'),
      );
      if (f.draftPending)
        children.push(h('p', { class: 'hint' }, `${desc.label}有未提交的草稿修改:确认以上次提交的数据为准,草稿修改不再保留(历史记录中可查)。`));
      children.push(h('div', { class: 'action-buttons' }, accept));
    }
    if (city ? f.status === 'submitted' : f.status === 'submitted' || f.status === 'checked' || f.status === 'accepted') {
      const id = nextId('comment');
      const comment = h('textarea', { id, rows: '3', maxlength: '1000', 'aria-describedby': `${id}-err` });
      const err = h('p', { class: 'field-error', id: `${id}-err`, hidden: true });
      comment.addEventListener('input', () => {
        if (comment.value.trim()) {
          err.hidden = true;
          comment.removeAttribute('aria-invalid');
        }
      });
      const ret = h('button', { type: 'button', class: 'button button-secondary' }, '退回修改');
      ret.addEventListener('click', () => {
        const text = comment.value.trim();
        if (!text) {
          err.textContent = '退回时请填写修改意见';
          err.hidden = false;
          comment.setAttribute('aria-invalid', 'true');
          comment.focus();
          return;
        }
        err.hidden = true;
        comment.removeAttribute('aria-invalid');
        void busy(ret, () => act('return', text));
      });
      children.push(
        h('div', { class: 'form-row' }, h('label', { for: id }, `修改意见(退回时必填,${desc.label}可见)`), comment, err),
        h('div', { class: 'action-buttons' }, ret),
      );
    }
    if (f.status === 'accepted' && !city) {
      const reopen = h('button', { type: 'button', class: 'button button-quiet' }, `重新打开(允许${desc.label}修改)`);
      reopen.addEventListener('click', () => void busy(reopen, () => act('reopen', '')));
      children.push(h('div', { class: 'action-buttons' }, reopen));
    }
    if (children.length === 1) return null;
    children.push(status);
    return h('section', { class: 'card review-panel no-print', 'aria-labelledby': 'review-title' }, children);
  }
}

/** The filing beside the previous period and the same period last year, field by field, with the change in %. */
function contextTable(period: string, catalog: Catalog | undefined, values: FilingView['values'], context: FilingContext, previousLabel: string): HTMLElement {
  const fields = buildFormModel(period, catalog).fields;
  const raw = toRaw(fields, values);
  const prevRaw = toRaw(fields, context.previous?.values);
  const lastRaw = toRaw(fields, context.lastYear?.values);
  const show = (s: string | undefined) => (s === undefined || s === '' ? '—' : group(s));
  const rows = fields
    .filter((f) => values[f.code] !== undefined || context.previous?.values[f.code] !== undefined || context.lastYear?.values[f.code] !== undefined)
    .map((f) => {
      const cur = inFormUnits(values[f.code], f.dp);
      const cells: Child[] = [labelWithUnit(f), h('span', { class: 'num' }, show(raw[f.code]))];
      if (context.previous)
        cells.push(
          h('span', { class: 'num' }, show(prevRaw[f.code])),
          h('span', { class: 'num' }, fmtChange(changePct(cur, inFormUnits(context.previous.values[f.code], f.dp)))),
        );
      if (context.lastYear)
        cells.push(
          h('span', { class: 'num' }, show(lastRaw[f.code])),
          h('span', { class: 'num' }, fmtChange(changePct(cur, inFormUnits(context.lastYear.values[f.code], f.dp)))),
        );
      return cells;
    });
  const heads = ['指标', '本期'];
  if (context.previous) heads.push(`${previousLabel}(${periodLabel(context.previous.period)})`, '变化');
  if (context.lastYear) heads.push(`去年同期(${periodLabel(context.lastYear.period)})`, '变化');
  return h(
    'section',
    { class: 'card context-card', 'aria-labelledby': 'context-title' },
    h('h2', { id: 'context-title' }, '与上期、去年同期对比'),
    table('本期数据与上期、去年同期对比', heads, rows, { class: 'data values context' }),
  );
}
