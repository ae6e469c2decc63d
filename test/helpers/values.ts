import { fieldsForPeriod } from '../../shared/catalog';

/** A complete, valid set of typed values for a quarter (strings in form units). */
export function fullValues(period = '2020Q1', over: Record<string, string | number> = {}): Record<string, string | number> {
  const v: Record<string, string | number> = {};
  for (const f of fieldsForPeriod(period)) v[f.code] = '10';
  v.buildingArea = '100000';
  v.residentEnterprises = '50';
  v.operatorRevenue = '1000';
  return { ...v, ...over };
}
