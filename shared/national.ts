// A national deployment (PROVINCE=全国; README "National deployment"): which province a base is
// in, and which province a principal may see. Pure: no I/O.

import { ProgramNotNationalError, ValidationError } from './errors';
import { isNationalInForce, provinceInForce } from './province';
import { CHINA_PROVINCES, chinaProvince } from './provinces-cn';

/**
 * The province to store on a base's registry item. A single-province deployment stores none
 * (the item means the deployment's province, as every item written before): a `province` other
 * than its own is refused. A national one requires one of the 31, with `city` among its cities.
 */
export function baseProvince(input: { province?: string | null; city: string }): string | undefined {
  const given = input.province ?? undefined;
  if (!isNationalInForce()) {
    if (given !== undefined && given !== provinceInForce().name)
      throw new ValidationError({ province: `所属省份:本系统只服务${provinceInForce().name},不能登记其他省份的基地` }, '基地登记信息有误');
    return undefined;
  }
  if (given === undefined) throw new ValidationError({ province: '所属省份:全国部署必须指定省份(如 湖南省)' }, '基地登记信息有误');
  const p = chinaProvince(given);
  if (!p) throw new ValidationError({ province: `所属省份:应为31个省级行政区之一(${CHINA_PROVINCES.map((x) => x.name).join('、')})` }, '基地登记信息有误');
  if (!p.cities.includes(input.city))
    throw new ValidationError({ city: `所属市州:应为${p.name}${p.cities.length}个地级行政区之一(${p.cities.join('、')})` }, '基地登记信息有误');
  return p.name;
}

/** A token's or account's province (an admin or city user of one province in a national deployment). */
export function principalProvince(input: { province?: string | null; role: string; city?: string | null }): string | undefined {
  const given = input.province ?? undefined;
  if (given === undefined) {
    if (isNationalInForce() && input.role === 'city') throw new ValidationError({ province: '全国部署的市州令牌需指定 province' }, '令牌信息有误');
    return undefined;
  }
  if (!isNationalInForce()) throw new ValidationError({ province: '只有全国部署可指定 province' }, '令牌信息有误');
  if (input.role !== 'admin' && input.role !== 'city') throw new ValidationError({ province: '只有管理员和市州令牌可指定 province' }, '令牌信息有误');
  const p = chinaProvince(given);
  if (!p) throw new ValidationError({ province: '应为31个省级行政区之一' }, '令牌信息有误');
  if (input.role === 'city' && !p.cities.includes(input.city ?? '')) throw new ValidationError({ city: `应为${p.name}的地级行政区之一` }, '令牌信息有误');
  return p.name;
}

/**
 * A national deployment runs the bases only: window platforms and featured carriers carry no
 * province (their scopes, plans and county-level units are one province's), so every route of
 * theirs is refused with a named error rather than mixing provinces. Single province: no-op.
 */
export function requireProgramServed(program: { id: string; label: string }): void {
  if (isNationalInForce() && program.id !== 'bases') throw new ProgramNotNationalError(program.label);
}

/** The filer role of a program a national deployment does not run (token or account request). */
export function requireRoleServed(role: string): void {
  if (role === 'platform') requireProgramServed({ id: 'platforms', label: '窗口平台' });
  if (role === 'carrier') requireProgramServed({ id: 'carriers', label: '双创特色载体' });
}
