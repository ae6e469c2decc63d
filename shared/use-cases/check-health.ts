// GET /api/health (SPEC §5: `{ok: true}`): what is running (version, commit) and whether the
// table answers within HEALTH_TIMEOUT_MS. `ok` is false when it does not.

import { buildInfo } from '../build-info';
import { checkTable, type TableCheck } from '../store/health';

export const HEALTH_TIMEOUT_MS = 1000;

export interface Health {
  ok: boolean;
  version: string;
  commit: string;
  dynamodb: TableCheck;
}

export async function checkHealth(): Promise<Health> {
  const dynamodb = await checkTable(HEALTH_TIMEOUT_MS);
  return { ok: dynamodb.ok, ...buildInfo(), dynamodb };
}
