// The window-platform program's pure page logic (SPEC §9): tier names, scopes a user may pick,
// the divisions textarea (one county-level unit per line), plan inputs, the bulletin's top-N per
// tier. No DOM, so it is unit-tested in Node.

import { type PlatformRecord, TIER_LABELS, TIERS, type Tier } from '../../shared/platforms/registry';
import { province } from './province';

export { PLATFORM_ID, TIER_LABELS, TIERS, type Tier } from '../../shared/platforms/registry';
/** The short names of the registry form's tier choice. */
export const TIER_SHORT: Record<Tier, string> = { city: '市州综合', cluster: '产业集群', county: '县市区综合' };

/** A platform as GET /api/platforms returns it. */
export type PlatformView = PlatformRecord;

/** Aggregation scopes a user may choose: admin the province, each city and tier; a city only its own. */
export function platformScopeChoices(me: { role: string; city?: string }): Array<{ value: string; label: string }> {
  if (me.role === 'city') return [{ value: `city:${me.city}`, label: me.city! }];
  return [
    { value: 'all', label: '全省' },
    ...province().cities.map((c) => ({ value: `city:${c}`, label: c })),
    ...TIERS.map((t) => ({ value: `tier:${t}`, label: TIER_LABELS[t] })),
  ];
}

export function platformScopeLabel(scope: string): string {
  if (scope === 'all') return '全省';
  if (scope.startsWith('city:')) return scope.slice(5);
  if (scope.startsWith('tier:')) return TIER_LABELS[scope.slice(5) as Tier] ?? scope;
  return scope;
}

/**
 * The divisions textarea: one name per line; blank lines and surrounding spaces (also
 * full-width ones) dropped; a repeated name is an error (the server refuses duplicates too).
 */
export function parseCounties(text: string): { counties: string[]; error: string | null } {
  const counties: string[] = [];
  const seen = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    const name = line.replace(/^[\s\u3000]+|[\s\u3000]+$/g, '');
    if (!name) continue;
    if (seen.has(name)) return { counties, error: `「${name}」重复` };
    seen.add(name);
    counties.push(name);
  }
  if (!counties.length) return { counties, error: '请至少填写一个县市区' };
  if (counties.length > 60) return { counties, error: '最多60个县市区' };
  return { counties, error: null };
}

/**
 * The plan form's typed counts per city → the PUT body; blank counts as 0. Errors name the city.
 */
export function planFromInputs(typed: Readonly<Record<string, string>>): { cities: Record<string, number>; errors: Record<string, string> } {
  const cities: Record<string, number> = {};
  const errors: Record<string, string> = {};
  for (const city of province().cities) {
    const t = (typed[city] ?? '').trim();
    if (t === '') {
      cities[city] = 0;
      continue;
    }
    if (!/^\d{1,4}$/.test(t) || Number(t) > 1000) errors[city] = `${city}:应为0-1000的整数(家)`;
    else cities[city] = Number(t);
  }
  return { cities, errors };
}

export const planTotal = (cities: Readonly<Record<string, number>>) => Object.values(cities).reduce((a, b) => a + b, 0);

/** `top` of the bulletin: the number of platforms ranked per tier (市州, 产业集群, 县市区), 1–50 each. */
export function topParam(typed: readonly [string, string, string]): { value: string; error: string | null } {
  const ns = typed.map((t) => t.trim());
  for (let i = 0; i < 3; i++) {
    if (!/^\d{1,2}$/.test(ns[i]!) || Number(ns[i]) < 1 || Number(ns[i]) > 50)
      return { value: '', error: `${TIER_LABELS[TIERS[i]!]}排名显示前几名:应为1-50的整数` };
  }
  return { value: ns.map(Number).join(','), error: null };
}

/** A share as a number (0–1), or null when nothing is expected. */
export const rate = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);
