// GET /api/periods/{period}/completeness.xlsx?program= (催报, issue 19): the completeness report
// and its chase list as a workbook. The same access rules as the JSON (admin: the province; a
// city user: its own city; anyone else 403): the report itself is read by loadCompleteness.

import type { Principal } from '../auth';
import { buildChaseWorkbook } from '../bulletin/completeness-workbook';
import { writeWorkbook } from '../bulletin/writer';
import { cityRank } from '../province';
import { provinceOfPrincipal } from './principal-province';
import { programOfQuery } from './read-aggregates';
import { loadCompleteness } from './report-completeness';

export async function exportCompleteness(p: Principal, period: string, query: Readonly<Record<string, string | undefined>>, now = new Date()) {
  const program = programOfQuery(query.program);
  const { generic, schedule, chase } = await loadCompleteness(p, period, program, now);
  const province = provinceOfPrincipal(p);
  const order = (c: string) => cityRank(province, c);
  const model = buildChaseWorkbook({
    period,
    program,
    place: p.role === 'city' && p.city ? p.city : province.name,
    oneCity: p.role === 'city',
    total: generic,
    byCity: [...generic.byCity].sort((a, b) => order(a.city) - order(b.city)),
    byGroup: generic.byGroup,
    dueAt: schedule?.dueAt ?? null,
    chase,
    now,
  });
  return { fileName: model.fileName, asciiFileName: model.asciiFileName, buffer: await writeWorkbook(model) };
}
