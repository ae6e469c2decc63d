// Key patterns of the single table (pk, sk are strings). See README "Table design".

export const keys = {
  /** Registry: one partition, so listing all bases is one Query. */
  base: (baseId: string) => ({ pk: 'REGISTRY', sk: `BASE#${baseId}` }),
  registryPk: 'REGISTRY',
  /** Period schedules: one partition. */
  period: (period: string) => ({ pk: 'PERIOD', sk: period }),
  periodPk: 'PERIOD',
  /** Tokens by id; the secret is only kept as a hash. */
  token: (tokenId: string) => ({ pk: 'TOKEN', sk: tokenId }),
  tokenPk: 'TOKEN',
  /** Current filing: a period's filings share a partition (completeness, detail sheet, reconcile). */
  filing: (period: string, baseId: string) => ({ pk: `FILING#${period}`, sk: `BASE#${baseId}` }),
  filingPk: (period: string) => `FILING#${period}`,
  /** Immutable filing versions, zero-padded so they sort. */
  version: (baseId: string, period: string, version: number) => ({
    pk: `HIST#${baseId}#${period}`,
    sk: `V#${String(version).padStart(8, '0')}`,
  }),
  historyPk: (baseId: string, period: string) => `HIST#${baseId}#${period}`,
  /** Per-base yearly rollup kept by the aggregator (its idempotence ledger). */
  rollup: (baseId: string, year: number) => ({ pk: `ROLLUP#${baseId}`, sk: String(year) }),
  rollupPk: (baseId: string) => `ROLLUP#${baseId}`,
  /** Aggregates of one period, all scopes in one item. */
  aggregate: (period: string) => ({ pk: 'AGG', sk: period }),
  /** Stream records that failed past the retry cap (local runtime). */
  deadLetter: (id: string) => ({ pk: 'DEADLETTER', sk: id }),
  deadLetterPk: 'DEADLETTER',
  /** Audit log of admin actions (rare: registry, tokens, schedules, reviews), time-ordered. */
  audit: (at: string, id: string) => ({ pk: 'AUDIT', sk: `${at}#${id}` }),
  auditPk: 'AUDIT',
} as const;

/**
 * The partition-key families, as IAM `dynamodb:LeadingKeys` patterns: each function may write
 * only the families it owns (infra/stateless-stack.ts), so no bug in the API can overwrite the
 * immutable history or the aggregates.
 */
export const PK_PATTERNS = {
  filing: 'FILING#*',
  registry: 'REGISTRY',
  period: 'PERIOD',
  token: 'TOKEN',
  history: 'HIST#*',
  rollup: 'ROLLUP#*',
  aggregate: 'AGG',
  audit: 'AUDIT',
} as const;

/** Stream records the aggregator cares about: filings and registry changes. */
export const AGGREGATOR_PK_PREFIXES = ['FILING#', 'REGISTRY'] as const;

/** Stream records the history writer files: filing writes (each carries its version record). */
export const HISTORY_PK_PREFIX = 'FILING#';
