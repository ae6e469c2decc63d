// Display helpers: Beijing time, percentages, exact decimals, role and scope names.

import { isQuarter, periodLabel } from '../../shared/periods';
import { LEVEL_LABELS } from '../../shared/registry';
import { wholeLabel } from './province';

const dateTime = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** `2020/10/15 00:00` in Beijing time. */
export function fmtTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '—' : dateTime.format(d);
}

/**
 * ISO instant → the value of an <input type="datetime-local" step="1"> in Beijing time, with
 * its seconds: a deadline of 23:59:59 saved again unchanged must stay 23:59:59.
 */
export function toLocalInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(Date.parse(iso) + 8 * 3600_000);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString().slice(0, 19);
}

/** `2020-10-01T00:00` or `…T23:59:59` (Beijing time, as typed) → `…+08:00`. */
export function fromLocalInput(v: string): string {
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(v)) return `${v}:00+08:00`;
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$/.test(v) ? `${v}+08:00` : v;
}

export function fmtPercent(x: number | null | undefined, dp = 1): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return `${(x * 100).toFixed(dp)}%`;
}

/** Thousands separators on the integer part of a plain decimal string. */
export function group(s: string): string {
  const neg = s.startsWith('-');
  const [i, f] = (neg ? s.slice(1) : s).split('.') as [string, string | undefined];
  const g = i.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (neg ? '-' : '') + g + (f ? '.' + f : '');
}

export const ROLE_LABELS = { admin: '省级管理员', city: '市州管理员', base: '基地信息管理员', platform: '平台信息管理员', carrier: '载体信息管理员' } as const;

export function scopeLabel(scope: string): string {
  if (scope === 'all') return wholeLabel();
  // A national deployment's scopes (web/src/province.ts areaScopes): `province:湖南省`, `city:湖南省/长沙市`.
  if (scope.startsWith('province:')) return scope.slice(9);
  if (scope.startsWith('city:')) return scope.slice(scope.includes('/') ? scope.indexOf('/') + 1 : 5);
  if (scope.startsWith('level:')) return LEVEL_LABELS[scope.slice(6) as 'national'] ?? scope;
  if (scope.startsWith('cohort:')) return `批次:${scope.slice(7)}`;
  return scope;
}

export { isQuarter, periodLabel };
