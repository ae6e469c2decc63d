// Key patterns of the single table (pk, sk are strings). See README "Table design".
//
// Every program (shared/program.ts) shares the families below; its tag (`BASE`, `PLAT`) sits in
// the sort key, or in front of the id where the id is in the partition key. The bases' keys are
// the ones they always had (the tag shows only where it did before: `BASE#id` sort keys), so
// their items need no migration; upper-case tags never collide with ids (`[a-z0-9-]`).

export type ProgramTag = 'BASE' | 'PLAT' | 'CARR';

/** One string per item key (`pk`, NUL, `sk`): what maps of items read or written are keyed by. */
export const itemKey = (k: { pk?: unknown; sk?: unknown }): string => `${k.pk}\u0000${k.sk}`;

/** `s` for the bases (as always), `TAG#s` for any other program. */
const tagged = (tag: ProgramTag, s: string) => (tag === 'BASE' ? s : `${tag}#${s}`);

export const keys = {
  /** Registry: one partition, so listing all bases (or platforms) is one Query on the sort-key prefix. */
  base: (baseId: string) => ({ pk: 'REGISTRY', sk: `BASE#${baseId}` }),
  entity: (tag: ProgramTag, id: string) => ({ pk: 'REGISTRY', sk: `${tag}#${id}` }),
  registryPk: 'REGISTRY',
  /** Period schedules: one partition (`2020Q3` for the bases, `PLAT#2020` for the platforms). */
  period: (period: string, tag: ProgramTag = 'BASE') => ({ pk: 'PERIOD', sk: tagged(tag, period) }),
  periodPk: 'PERIOD',
  /** Tokens by id; the secret is only kept as a hash. */
  token: (tokenId: string) => ({ pk: 'TOKEN', sk: tokenId }),
  tokenPk: 'TOKEN',
  /** Sign-in accounts by username; the password only as its scrypt hash. */
  account: (username: string) => ({ pk: 'ACCOUNT', sk: username }),
  accountPk: 'ACCOUNT',
  /** Current filing: a period's filings share a partition (completeness, detail sheet, reconcile). */
  filing: (period: string, id: string, tag: ProgramTag = 'BASE') => ({ pk: `FILING#${period}`, sk: `${tag}#${id}` }),
  filingPk: (period: string) => `FILING#${period}`,
  /** Immutable filing versions, zero-padded so they sort. */
  version: (id: string, period: string, version: number, tag: ProgramTag = 'BASE') => ({
    pk: `HIST#${tagged(tag, id)}#${period}`,
    sk: `V#${String(version).padStart(8, '0')}`,
  }),
  historyPk: (id: string, period: string, tag: ProgramTag = 'BASE') => `HIST#${tagged(tag, id)}#${period}`,
  /** Per-entity yearly rollup kept by the aggregator (its idempotence ledger). */
  rollup: (id: string, year: number, tag: ProgramTag = 'BASE') => ({ pk: `ROLLUP#${tagged(tag, id)}`, sk: String(year) }),
  rollupPk: (id: string, tag: ProgramTag = 'BASE') => `ROLLUP#${tagged(tag, id)}`,
  /** Aggregates of one period, all scopes in one item. */
  aggregate: (period: string, tag: ProgramTag = 'BASE') => ({ pk: 'AGG', sk: tagged(tag, period) }),
  /** County-level units of a city (window platforms' coverage). */
  division: (city: string) => ({ pk: 'DIVISION', sk: city }),
  divisionPk: 'DIVISION',
  /** A year's build plan of a program (the platforms': per city). */
  plan: (year: number, tag: ProgramTag) => ({ pk: 'PLAN', sk: `${tag}#${year}` }),
  /** A carrier's plan (its indicators and sub-projects), and its immutable versions beside it. */
  carrierPlan: (carrierId: string) => ({ pk: 'PLAN', sk: `CARR#${carrierId}` }),
  carrierPlanVersion: (carrierId: string, version: number) => ({ pk: 'PLAN', sk: `CARR#${carrierId}#V#${String(version).padStart(8, '0')}` }),
  /** Stream records that failed past the retry cap (local runtime). */
  deadLetter: (id: string) => ({ pk: 'DEADLETTER', sk: id }),
  deadLetterPk: 'DEADLETTER',
  /** Asynchronous export jobs (the national bulletin): queued → running → done | failed. */
  exportJob: (jobId: string) => ({ pk: 'EXPORTJOB', sk: jobId }),
  exportJobPk: 'EXPORTJOB',
  /** Audit log of admin actions (rare: registry, tokens, schedules, reviews), time-ordered. */
  audit: (at: string, id: string) => ({ pk: 'AUDIT', sk: `${at}#${id}` }),
  auditPk: 'AUDIT',
  /** A registry import in progress or done (one per program at a time), and its chunks' undo records. */
  importJob: (program: string) => ({ pk: 'IMPORT', sk: `JOB#${program}` }),
  importChunk: (program: string, jobId: string, seq: number) => ({ pk: 'IMPORT', sk: `CHUNK#${program}#${jobId}#${String(seq).padStart(5, '0')}` }),
  importChunkPrefix: (program: string, jobId?: string) => `CHUNK#${program}#${jobId ? `${jobId}#` : ''}`,
  importPk: 'IMPORT',
} as const;

/** The program tag a registry or filing sort key starts with (`BASE#x` → BASE), or null. */
export function tagOfSortKey(sk: string): ProgramTag | null {
  const t = sk.slice(0, sk.indexOf('#'));
  return t === 'BASE' || t === 'PLAT' || t === 'CARR' ? t : null;
}

/**
 * The partition-key families, as IAM `dynamodb:LeadingKeys` patterns: each function may write
 * only the families it owns (infra/stateless-stack.ts), so no bug in the API can overwrite the
 * immutable history or the aggregates. They see partition keys only: the program boundary
 * inside a family (BASE# vs PLAT#) is enforced in code (shared/auth.ts) and proven in tests.
 */
export const PK_PATTERNS = {
  filing: 'FILING#*',
  registry: 'REGISTRY',
  period: 'PERIOD',
  token: 'TOKEN',
  account: 'ACCOUNT',
  division: 'DIVISION',
  plan: 'PLAN',
  history: 'HIST#*',
  rollup: 'ROLLUP#*',
  aggregate: 'AGG',
  audit: 'AUDIT',
  exportJob: 'EXPORTJOB',
  import: 'IMPORT',
} as const;

/** Stream records the aggregator cares about: filings and registry changes. */
export const AGGREGATOR_PK_PREFIXES = ['FILING#', 'REGISTRY'] as const;

/** Stream records the export function takes: a new export job (its INSERT) starts the build. */
export const EXPORT_JOB_PK = 'EXPORTJOB';

/** Stream records the history writer files: filing writes (each carries its version record). */
export const HISTORY_PK_PREFIX = 'FILING#';
