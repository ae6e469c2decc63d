// County-level units (县级行政区) per 市州, as data (SPEC §9): the default list the coverage rate
// (覆盖率 = units with ≥ 1 active county-tier platform ÷ units) is taken over until an admin stores
// a city's own list (PUT /api/divisions/{city}). The lists are the configured province's
// (shared/province.ts: Hunan's 123 units — 122 divisions and 洪江区, see there — or Sichuan's 183).

import { z } from 'zod';
import { config } from '../config';
import { plainText } from '../registry';

/** Hunan's assumed extra unit (see shared/province.ts) — named so tests and docs can point at it. */
export const EXTRA_UNIT = { city: '怀化市', county: '洪江区' } as const;

/** city → county-level units of the configured province, keys in the order of its 市州. */
export const DEFAULT_DIVISIONS: Readonly<Record<string, readonly string[]>> = config.province.divisions;

/** PUT /api/divisions/{city} body: the city's whole list of units (replaces the default). */
export const divisionsInputSchema = z
  .object({
    counties: z
      .array(plainText('县市区名称', 30), { error: (iss) => (iss.input === undefined ? '县市区列表:必填' : '县市区列表:应为文本数组') })
      .min(1, '县市区列表:至少1个县市区')
      .max(60, '县市区列表:最多60个县市区')
      // Compared after trimming (plainText trims), so ' 南县' and '南县' are the same unit.
      .refine((xs) => new Set(xs).size === xs.length, { message: '县市区列表:县市区名称不能重复' }),
  })
  .strict();

export type DivisionsInput = z.infer<typeof divisionsInputSchema>;
