// The province the deployment serves (GET /api/province, SPEC §11): the pages never name one of
// their own. Loaded once after sign-in, before any view; the city checks of the shared schemas
// (shared/province.ts cityField) and every city list, order and title here follow it.

import { type ProvinceInfo, provinceInForce, setProvinceInForce } from '../../shared/province';
import { api } from './api';

let loaded = false;

/** Fetches the province once (any signed-in user may); later calls reuse it. */
export async function loadProvince(): Promise<ProvinceInfo> {
  if (!loaded) {
    setProvinceInForce((await api<ProvinceInfo>('GET', '/api/province')).data);
    loaded = true;
  }
  return provinceInForce();
}

/** The province in force (loaded before any view renders). */
export const province = (): ProvinceInfo => provinceInForce();

/** Whether loadProvince has succeeded (the sign-in page names the province only then). */
export const provinceLoaded = () => loaded;

/** `{value: 'city:长沙市', label: '长沙市'}` for each 市州, in the province's order. */
export const cityScopeChoices = () => province().cities.map((c) => ({ value: `city:${c}`, label: c }));

// ---- a national deployment (PROVINCE=全国, README "National deployment") ---------------------------
// GET /api/province answers a province's admin or city user their own province, so every page
// above shows that province's 市州; the scopes the pages send are then that province's own
// (`province:湖南省`, `city:湖南省/长沙市`). A national role gets the national answer with the 31
// provinces: the pages put a province selector where a city list would be, and 全国 for the totals.

/** Who the scopes are for: GET /api/me's role, city and (national deployment) province. */
export interface ScopeHolder {
  role: string;
  city?: string | null;
  province?: string | null;
}

/** Whether the signed-in user is a national deployment's national role (GET /api/province listed the 31). */
export const isNationalRole = (info: ProvinceInfo = province()): boolean => !!info.provinces?.length;

/**
 * The area scopes a user may choose, the first the default: a single province's 全省 and its 市州;
 * a national deployment's province admin their province and its 市州 (qualified); the national
 * role 全国 and the 31 provinces; a city user its own city.
 */
export function areaScopes(me: ScopeHolder, info: ProvinceInfo = province()): Array<{ value: string; label: string }> {
  if (me.role === 'city') return [{ value: me.province ? `city:${me.province}/${me.city}` : `city:${me.city}`, label: me.city ?? '' }];
  if (isNationalRole(info)) return [{ value: 'all', label: '全国' }, ...info.provinces!.map((p) => ({ value: `province:${p.name}`, label: p.name }))];
  if (me.province)
    return [{ value: `province:${me.province}`, label: me.province }, ...info.cities.map((c) => ({ value: `city:${me.province}/${c}`, label: c }))];
  return [{ value: 'all', label: '全省' }, ...info.cities.map((c) => ({ value: `city:${c}`, label: c }))];
}

/** The words for a whole scope in the pages: 全省, or 全国 for a national role. */
export const wholeLabel = (info: ProvinceInfo = province()) => (isNationalRole(info) ? '全国' : '全省');

/** The scopes the bulletin page offers: a national role's are the provinces (GET /api/bulletins refuses 全国, levels and cohorts there). */
export const bulletinScopes = <T extends { value: string }>(scopes: readonly T[], info: ProvinceInfo = province()): T[] =>
  isNationalRole(info) ? scopes.filter((s) => s.value.startsWith('province:')) : [...scopes];

/** Whether the deployment serves all 31 provinces: the user is a province's (national deployment) or the national role. */
export const isNationalDeployment = (me: ScopeHolder, info: ProvinceInfo = province()): boolean => !!me.province || isNationalRole(info);
