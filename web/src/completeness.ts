// The completeness pages' pure parts, for every program: GET /api/periods/{period}/completeness
// (the bases' answer keeps its own field names: byLevel, missingBases, returnedBases; the other
// programs' are generic) read into one shape, the count columns, and the 催报 texts.

import type { Chase, ChaseFiler } from '../../shared/chase';
import { chaseStateLabel } from '../../shared/chase';
import { fmtPercent, fmtTime } from './format';
import type { ProgramDesc } from './programs';

export { chaseStateLabel };

export interface Counts {
  expected: number;
  submitted: number;
  onTime: number;
  late: number;
  missing: number;
  returned: number;
  accepted: number;
}

export interface CompletenessData extends Counts {
  period: string;
  byCity: Array<Counts & { city: string }>;
  /** A national deployment's national role: the provinces in official order (shown instead of the cities). */
  byProvince: Array<Counts & { province: string }>;
  byGroup: Array<Counts & { group: string; label: string }>;
  missingFilers: Array<{ id: string; name: string; city: string; county: string; group: string; hasDraft: boolean }>;
  returnedFilers: Array<{ id: string; name: string; city: string; comment: string | null }>;
  schedule: { opensAt: string; dueAt: string; closesAt: string } | null;
  chase: Chase;
}

type RawCounts = Partial<Counts>;
type RawGroup = RawCounts & { group?: string; level?: string; label?: string; levelLabel?: string };
type RawEntity = {
  id?: string;
  baseId?: string;
  name: string;
  city: string;
  county?: string;
  group?: string;
  level?: string;
  hasDraft?: boolean;
  comment?: string | null;
};

/** The answer as the API gives it, for any program (older servers may lack chase or returned). */
export interface RawCompleteness extends RawCounts {
  period: string;
  byCity?: Array<RawCounts & { city: string }>;
  byProvince?: Array<RawCounts & { province: string }>;
  byGroup?: RawGroup[];
  byLevel?: RawGroup[];
  missingEntities?: RawEntity[];
  missingBases?: RawEntity[];
  returnedEntities?: RawEntity[];
  returnedBases?: RawEntity[];
  schedule?: { opensAt: string; dueAt: string; closesAt: string } | null;
  chase?: Chase;
}

const counts = (c: RawCounts): Counts => ({
  expected: c.expected ?? 0,
  submitted: c.submitted ?? 0,
  onTime: c.onTime ?? 0,
  late: c.late ?? 0,
  missing: c.missing ?? 0,
  returned: c.returned ?? 0,
  accepted: c.accepted ?? 0,
});

/** One shape for every program; cities in the province's order (`cityOrder`). */
export function readCompleteness(raw: RawCompleteness, desc: ProgramDesc, cityOrder: (city: string) => number): CompletenessData {
  const labels = desc.reports.groupLabels;
  const groups = raw.byGroup ?? raw.byLevel ?? [];
  return {
    period: raw.period,
    ...counts(raw),
    byCity: [...(raw.byCity ?? [])].sort((a, b) => cityOrder(a.city) - cityOrder(b.city)).map((c) => ({ city: c.city, ...counts(c) })),
    byProvince: (raw.byProvince ?? []).map((c) => ({ province: c.province, ...counts(c) })),
    byGroup: groups.map((g) => {
      const group = g.group ?? g.level ?? '';
      return { group, label: g.label || g.levelLabel || labels[group] || group, ...counts(g) };
    }),
    missingFilers: (raw.missingEntities ?? raw.missingBases ?? []).map((m) => ({
      id: m.id ?? m.baseId ?? '',
      name: m.name,
      city: m.city,
      county: m.county ?? '',
      group: m.group ?? m.level ?? '',
      hasDraft: !!m.hasDraft,
    })),
    returnedFilers: (raw.returnedEntities ?? raw.returnedBases ?? []).map((r) => ({
      id: r.id ?? r.baseId ?? '',
      name: r.name,
      city: r.city,
      comment: r.comment ?? null,
    })),
    schedule: raw.schedule ?? null,
    chase: raw.chase ?? { daysOverdue: null, filers: [], reminders: [] },
  };
}

const rate = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

/** The count columns of every completeness table, in this order. */
export const COUNT_HEADERS = ['应报(家)', '已报(家)', '按时(家)', '逾期(家)', '未报(家)', '报送率', '按时报送率', '已退回(家)'] as const;

export function countColumns(c: Counts): string[] {
  return [
    String(c.expected),
    String(c.submitted),
    String(c.onTime),
    String(c.late),
    String(c.missing),
    fmtPercent(rate(c.submitted, c.expected)),
    fmtPercent(rate(c.onTime, c.expected)),
    String(c.returned),
  ];
}

/** The stat cards: label, value, emphasis. */
export function statCards(c: Counts, word: string): Array<{ label: string; value: string; cls: string }> {
  return [
    { label: `应报${word}`, value: String(c.expected), cls: '' },
    { label: '已报', value: String(c.submitted), cls: 'stat-ok' },
    { label: '按时', value: String(c.onTime), cls: '' },
    { label: '逾期', value: String(c.late), cls: c.late ? 'stat-warn' : '' },
    { label: '未报', value: String(c.missing), cls: c.missing ? 'stat-bad' : '' },
    { label: '报送率', value: fmtPercent(rate(c.submitted, c.expected)), cls: '' },
    { label: '按时报送率', value: fmtPercent(rate(c.onTime, c.expected)), cls: '' },
    { label: '已确认', value: String(c.accepted), cls: '' },
  ];
}

/** Where the period stands against its deadline, in words. */
export function overdueText(daysOverdue: number | null, dueAt: string | null | undefined): string {
  if (!dueAt) return '尚未设置报送截止时间。';
  if (daysOverdue === null) return `报送截止时间为 ${fmtTime(dueAt)},尚未逾期。`;
  return daysOverdue ? `报送已于 ${fmtTime(dueAt)} 截止,已逾期 ${daysOverdue} 天。` : `报送已于 ${fmtTime(dueAt)} 截止(今天截止)。`;
}

/** A row of the 催报 list: 名称, 市州, 状态, 退回意见, 联系人, 联系电话, 逾期天数 (names and phones in the same order). */
export function chaseRow(
  f: ChaseFiler,
  daysOverdue: number | null,
): { name: string; city: string; state: string; comment: string; contacts: string; phones: string[]; overdue: string } {
  return {
    name: f.name,
    city: f.city,
    state: chaseStateLabel(f),
    comment: f.state === 'returned' ? f.comment || '—' : '',
    contacts: f.contacts.map((c) => c.name).join('、') || '未登记',
    phones: f.contacts.map((c) => c.phone),
    overdue: daysOverdue === null ? '—' : String(daysOverdue),
  };
}

/** GET path of the 催报 workbook of a period. */
export const completenessXlsxPath = (desc: ProgramDesc, period: string) => `/api/periods/${encodeURIComponent(period)}/completeness.xlsx${desc.query}`;
