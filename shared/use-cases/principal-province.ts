// Whose province a principal works in (README "National deployment"): a single-province
// deployment's, or — in a national deployment (PROVINCE=全国) — the province of a province's admin
// or city user. A national role (no province) gets the national Province.

import type { Principal } from '../auth';
import { config } from '../config';
import { BadRequestError } from '../errors';
import { isNationalInForce, type Province, type ProvinceInfo, provinceInfo, provinceOfChina } from '../province';
import { CHINA_PROVINCES, provinceOfScope, qualifiedCityScope } from '../provinces-cn';
import { getBase } from '../store/registry';

/** The Province a principal's pages, completeness and bulletins are about. */
export function provinceOfPrincipal(p: Pick<Principal, 'province'>): Province {
  if (!isNationalInForce() || !p.province) return config.province;
  return provinceOfChina(p.province) ?? config.province;
}

/** What GET /api/province answers `p`: their province; a national role also the 31 provinces. */
export function principalProvinceInfo(p: Pick<Principal, 'province'>): ProvinceInfo {
  const info = provinceInfo(provinceOfPrincipal(p));
  if (!isNationalInForce() || p.province) return info;
  return { ...info, provinces: CHINA_PROVINCES.map(({ name, short, cities }) => ({ name, short, cities })) };
}

/**
 * GET /api/province: as principalProvinceInfo, and a national deployment's base user (whose token
 * names no province) gets its base's province, so its pages are titled with it, not 全国.
 */
export async function provinceAnswer(p: Pick<Principal, 'province' | 'role' | 'baseId'>): Promise<ProvinceInfo> {
  if (isNationalInForce() && !p.province && p.role === 'base' && p.baseId) {
    const own = (await getBase(p.baseId))?.province;
    const province = own ? provinceOfChina(own) : undefined;
    if (province) return provinceInfo(province);
  }
  return principalProvinceInfo(p);
}

/** Whether `p` works in one province of a national deployment. */
export const isProvinceConfined = (p: Pick<Principal, 'province'>) => isNationalInForce() && !!p.province;

/**
 * A bulletin's scope as a national deployment reads it: a province user's unqualified city
 * (`city:长沙市`) is their province's (`city:湖南省/长沙市`). A single-province deployment: unchanged.
 */
export function qualifyScope(p: Pick<Principal, 'province'>, scope: string): string {
  if (!isNationalInForce() || !scope.startsWith('city:') || scope.includes('/')) return scope;
  if (p.province) return qualifiedCityScope(p.province, scope.slice(5));
  throw new BadRequestError('INVALID_SCOPE', '全国部署的市州范围应写作 city:<省份>/<市州>,如 city:湖南省/长沙市', { scope: '应写明省份' });
}

/**
 * The one province a national deployment's bulletin scope is about (`province:湖南省`,
 * `city:湖南省/长沙市`); a national scope (`all`, `level:…`, `cohort:…`) is refused: the
 * national bulletin is the asynchronous export.
 */
export function provinceOfBulletinScope(scope: string): Province {
  const name = provinceOfScope(scope);
  const p = name ? provinceOfChina(name) : undefined;
  if (!p)
    throw new BadRequestError(
      'NATIONAL_SCOPE',
      '全国部署的通报按省份导出:请指定 scope=province:<省份>(或 city:<省份>/<市州>);全国汇总请用 POST /api/exports/national-bulletins',
      { scope: '应为 province:<省份> 或 city:<省份>/<市州>' },
    );
  return p;
}

/** `province:湖南省` → `all`, `city:湖南省/长沙市` → `city:长沙市`: the scope as a single-province deployment names it. */
export function localScope(scope: string): string {
  if (scope.startsWith('province:')) return 'all';
  const i = scope.indexOf('/');
  return scope.startsWith('city:') && i > 0 ? `city:${scope.slice(i + 1)}` : scope;
}
