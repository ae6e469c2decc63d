// 催报 (issue 19): who still has to file a period, whom to call, for how long it is overdue, and
// a reminder a city can send as it is. Pure: the completeness report, the filers' contacts (the
// holders of their live tokens) and the schedule in, the chase list and one text per city out.

import { periodLabel } from './periods';

export interface Contact {
  name: string;
  phone: string;
}

export interface ChaseFiler {
  id: string;
  name: string;
  city: string;
  /** 未报送 (nothing counts; `hasDraft` when a draft was saved) or 已退回 (returned for a correction). */
  state: 'missing' | 'returned';
  hasDraft: boolean;
  comment: string | null;
  contacts: Contact[];
}

export interface Chase {
  /** Whole days since dueAt (0 on the day it fell due); null before it or without a schedule. */
  daysOverdue: number | null;
  filers: ChaseFiler[];
  reminders: Array<{ city: string; missing: number; returned: number; text: string }>;
}

const DAY_MS = 86_400_000;

/** How the chase list names a filer's state: 未报送 / 已暂存未提交 / 已退回. */
export function chaseStateLabel(f: Pick<ChaseFiler, 'state' | 'hasDraft'>): string {
  return f.state === 'returned' ? '已退回' : f.hasDraft ? '已暂存未提交' : '未报送';
}

/** `2021年1月10日` of an ISO instant, in Beijing. */
export function beijingDate(iso: string): string {
  const d = new Date(Date.parse(iso) + 8 * 3600_000);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

export function chaseOf(input: {
  period: string;
  program: { label: string; entityWord: string };
  missing: ReadonlyArray<{ id: string; name: string; city: string; hasDraft: boolean }>;
  returned: ReadonlyArray<{ id: string; name: string; city: string; comment: string | null }>;
  contactsOf: (id: string) => Contact[];
  dueAt: string | null;
  now: Date;
  cityOrder: (city: string) => number;
}): Chase {
  const { period, program, now } = input;
  const due = input.dueAt ? Date.parse(input.dueAt) : NaN;
  const daysOverdue = Number.isFinite(due) && now.getTime() > due ? Math.floor((now.getTime() - due) / DAY_MS) : null;
  const filers: ChaseFiler[] = [
    ...input.missing.map((m) => ({
      id: m.id,
      name: m.name,
      city: m.city,
      state: 'missing' as const,
      hasDraft: m.hasDraft,
      comment: null,
      contacts: input.contactsOf(m.id),
    })),
    ...input.returned.map((r) => ({
      id: r.id,
      name: r.name,
      city: r.city,
      state: 'returned' as const,
      hasDraft: false,
      comment: r.comment,
      contacts: input.contactsOf(r.id),
    })),
  ].sort((a, b) => input.cityOrder(a.city) - input.cityOrder(b.city) || a.name.localeCompare(b.name, 'zh-CN'));
  const cities = [...new Set(filers.map((f) => f.city))];
  const who = (f: ChaseFiler) => {
    const c = f.contacts.map((x) => `${x.name} ${x.phone}`).join('、');
    return `${f.name}${c ? `(${c})` : '(未登记信息管理员)'}${f.state === 'returned' && f.comment ? `——退回意见:${f.comment}` : ''}`;
  };
  const pl = periodLabel(period);
  const reminders = cities.map((city) => {
    const mine = filers.filter((f) => f.city === city);
    const missing = mine.filter((f) => f.state === 'missing');
    const returned = mine.filter((f) => f.state === 'returned');
    const when =
      daysOverdue === null
        ? input.dueAt
          ? `报送截止时间为${beijingDate(input.dueAt)}`
          : '报送时间尚未确定'
        : `报送已于${beijingDate(input.dueAt!)}截止${daysOverdue ? `,已逾期${daysOverdue}天` : ''}`;
    const parts = [
      missing.length ? `尚有${missing.length}家${program.entityWord}未报送:${missing.map(who).join(';')}` : '',
      returned.length ? `${returned.length}家${program.entityWord}的报表已退回待修改:${returned.map(who).join(';')}` : '',
    ].filter(Boolean);
    const text =
      `${city}:${pl}${program.label}数据${when}。截至${beijingDate(now.toISOString())},贵市州${parts.join(';')}。` +
      `请督促上述${program.entityWord}尽快登录系统完成报送${returned.length ? '和修改' : ''}。`;
    return { city, missing: missing.length, returned: returned.length, text };
  });
  return { daysOverdue, filers, reminders };
}
