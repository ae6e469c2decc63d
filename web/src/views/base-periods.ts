/// <reference lib="dom" />
// An entity's periods with their status, for any program (programs.ts): the filer's home page
// (#/periods for a base, #/my-platform for a platform), and for admin and city users the page of
// one base (#/bases/{baseId}) or platform (#/platforms/{platformId}).

import { type BaseRecord, LEVEL_LABELS } from '../../../shared/registry';
import type { EntityPeriodRow } from '../../../shared/use-cases/read-filings';
import { api } from '../api';
import { CARRIER_TYPE_LABELS, type CarrierView } from '../carriers';
import { BASE_SCOPED, baseDesignations, DESIGNATION_LEVEL_LABELS, designationStatusText, historyRows, PLATFORM_SCOPED } from '../designations';
import { type Child, h, table } from '../dom';
import { fmtTime, periodLabel } from '../format';
import { type PlatformView, TIER_LABELS } from '../platforms';
import { BASES, CARRIERS, PLATFORMS, type ProgramDesc } from '../programs';
import { trendHash } from '../trend';
import { type Ctx, notice, pageHeader, statusBadge, when } from '../ui';

/** A row of GET /api/{entities}/{id}/filings. */
type PeriodRow = EntityPeriodRow;

/** The filing page of one entity: its form, or the read-only view (with the admin's review). */
const formHash = (desc: ProgramDesc, id: string, period: string) => desc.formHash(id, period);
const viewHash = (desc: ProgramDesc, id: string, period: string) => desc.viewHash(id, period);

/**
 * What the entity's scope attributes were from when (SPEC §11): the periods before a change keep
 * counting under what was in force then. Nothing for an entity that never moved.
 */
function historySection(desc: ProgramDesc, entity: BaseRecord | PlatformView | CarrierView): HTMLElement | null {
  if (desc.program === 'carriers') return null;
  const isBase = desc.program === 'bases';
  const attrs = isBase ? BASE_SCOPED : PLATFORM_SCOPED;
  const label = (a: string, v: unknown) =>
    a === 'level'
      ? (LEVEL_LABELS[v as 'national'] ?? String(v))
      : a === 'tier'
        ? (TIER_LABELS[v as 'city'] ?? String(v))
        : a === 'park'
          ? v
            ? '是'
            : '否'
          : String(v);
  const rows = historyRows((entity as BaseRecord | PlatformView).history, attrs, label);
  const headers = isBase ? ['生效期', '截止', '市州', '县市区', '级别', '批次'] : ['生效年', '截止', '市州', '类别', '县市区', '工业园区', '产业集群'];
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'history-title' },
    h('h2', { id: 'history-title' }, '登记信息变更记录'),
    rows.length
      ? [
          h('p', { class: 'hint' }, '各期按当期有效的登记信息统计:变更只影响生效期及以后各期,此前各期的统计口径和已发布的通报数字不变。'),
          table(
            isBase ? '市州、县市区、级别、批次的生效期' : '市州、类别、县市区、工业园区、产业集群的生效年',
            headers,
            rows.map((r) => [r.from, r.current ? h('span', { class: 'history-current' }, r.to) : r.to, ...r.cells]),
            { class: 'data history-table' },
          ),
        ]
      : h('p', { class: 'muted' }, '登记以来市州、县市区、级别等统计口径未发生变更。'),
  );
}

/** A base's demonstration-base designations (SPEC §11), newest first. */
function designationsSection(base: BaseRecord): HTMLElement {
  const list = baseDesignations(base.designations);
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'designations-title' },
    h('h2', { id: 'designations-title' }, '示范基地认定情况'),
    list.length
      ? table(
          '历年推荐与认定',
          ['年度', '级别', '状态', '文号', '推荐单位'],
          list.map((d) => [`${d.year}年`, DESIGNATION_LEVEL_LABELS[d.level] ?? d.level, designationStatusText(d), d.document ?? '—', d.recommendedBy ?? '—']),
          { class: 'data designations-table' },
        )
      : h('p', { class: 'muted' }, '暂无推荐或认定记录。'),
  );
}

/** The entity's facts under the page title. */
function entityFacts(desc: ProgramDesc, entity: BaseRecord | PlatformView | CarrierView): Child[] {
  if (desc.program === 'carriers') {
    const c = entity as CarrierView;
    return [
      h('span', null, c.name, `(${c.carrierId})`),
      h('span', null, `${c.city} ${c.zone}`),
      h('span', null, CARRIER_TYPE_LABELS[c.type] ?? c.type),
      h('span', null, `${c.approvedAt.replace('-', '年')}月获批`),
    ];
  }
  if (desc.program === 'bases') {
    const base = entity as BaseRecord;
    return [
      h('span', null, base.name, `(${base.baseId})`),
      h('span', null, `${base.city} ${base.county}`),
      h('span', null, LEVEL_LABELS[base.level]),
      base.cohort ? h('span', null, base.cohort) : null,
    ];
  }
  const p = entity as PlatformView;
  return [
    h('span', null, p.name, `(${p.platformId})`),
    h('span', null, [p.city, p.county, p.park ? '(工业园区)' : null].filter(Boolean).join(' ')),
    h('span', null, TIER_LABELS[p.tier] ?? p.tier),
    p.cluster ? h('span', null, p.cluster) : null,
    h('span', null, `${p.builtYear}年建成`),
  ];
}

export function programPeriodsView(desc: ProgramDesc) {
  return async (ctx: Ctx) => {
    const isFiler = ctx.me.role === desc.filerRole;
    const id = ctx.params.id ?? ctx.me[desc.idKey]!;
    const data = (await api<Record<string, unknown> & { periods: PeriodRow[] }>('GET', `/api/${desc.entityPath}/${encodeURIComponent(id)}/filings`)).data;
    // The API names the entity `base`, else `platform` (also a carrier's; `carrier` if it says so).
    const entity = (desc.program === 'bases' ? data.base : (data.platform ?? data.carrier)) as BaseRecord | PlatformView | CarrierView;
    const periods = data.periods;
    const now = Date.now();
    const unit = desc.program === 'bases' ? '季度' : '年度';

    const action = (p: PeriodRow) => {
      const view = h('a', { href: viewHash(desc, id, p.period) }, '查看');
      if (!isFiler) {
        const links = [p.status !== 'missing' ? view : null];
        if (ctx.me.role === 'admin') links.push(h('a', { href: formHash(desc, id, p.period) }, p.status === 'missing' ? '代为填报' : '修改'));
        return h('span', { class: 'link-list' }, links);
      }
      if (p.status === 'accepted') return view;
      if (p.status === 'returned') return h('a', { href: formHash(desc, id, p.period), class: 'button button-primary button-small' }, '修改后重新提交');
      if (now < Date.parse(p.opensAt)) return h('span', { class: 'muted' }, `未开放(${fmtTime(p.opensAt)} 起)`);
      if (now > Date.parse(p.closesAt)) return h('span', { class: 'link-list' }, h('span', { class: 'muted' }, '已截止'), p.status !== 'missing' ? view : null);
      const label = p.status === 'missing' ? '开始填报' : p.status === 'draft' || p.draftPending ? '继续填报' : '查看或修改';
      return h(
        'a',
        { href: formHash(desc, id, p.period), class: p.status === 'submitted' ? 'button button-secondary button-small' : 'button button-primary button-small' },
        label,
      );
    };

    const rows = periods.map((p) => [
      periodLabel(p.period),
      statusBadge(p.status, p.draftPending),
      when(p.opensAt),
      h(
        'span',
        null,
        when(p.dueAt),
        now > Date.parse(p.dueAt) && (p.status === 'missing' || p.status === 'draft') ? h('span', { class: 'badge badge-late' }, '已过截止时间') : null,
      ),
      p.late ? h('span', { class: 'badge badge-late' }, '逾期提交') : p.status === 'missing' || p.status === 'draft' ? '—' : '按时',
      action(p),
    ]);

    return h(
      'div',
      null,
      pageHeader(isFiler ? '我的填报' : entity.name, ...entityFacts(desc, entity)),
      isFiler ? h('p', { class: 'lead' }, `请在截止时间前完成每个${unit}的填报并提交。可先暂存草稿,提交后由省级管理员审核。`) : null,
      desc.program === 'carriers'
        ? h('p', { class: 'toolbar' }, h('a', { href: `#/carrier-plan/${encodeURIComponent(id)}`, class: 'button button-secondary' }, '绩效目标计划'))
        : null,
      // 趋势 (issue 19): the base's indicators over the quarters.
      !isFiler && desc.program === 'bases'
        ? h('p', { class: 'toolbar' }, h('a', { href: trendHash(`base:${id}`), class: 'button button-secondary' }, '趋势'))
        : null,
      periods.length
        ? table('各期填报情况', ['期别', '状态', '开放时间', '截止时间', '是否逾期', '操作'], rows, { class: 'data periods-table' })
        : notice('info', '暂无填报期', h('p', null, '省级管理员尚未设置填报期。')),
      isFiler ? null : historySection(desc, entity),
      !isFiler && desc.program === 'bases' ? designationsSection(entity as BaseRecord) : null,
    );
  };
}

export const basePeriodsView = programPeriodsView(BASES);
export const platformPeriodsView = programPeriodsView(PLATFORMS);
export const carrierPeriodsView = programPeriodsView(CARRIERS);
