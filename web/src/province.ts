// The province the deployment serves (GET /api/province, SPEC §11): the pages never name one of
// their own. Loaded once after sign-in, before any view; the city checks of the shared schemas
// (shared/province.ts cityField) and every city list, order and title here follow it.

import { provinceInForce, setProvinceInForce, type ProvinceInfo } from '../../shared/province';
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

