import { describe, expect, it } from 'vitest';
import { keys, PK_PATTERNS } from '../../shared/store/keys';

// PK_PATTERNS are IAM dynamodb:LeadingKeys conditions: a key function whose partition key no
// longer matches its pattern would make the deployed function's writes fail with AccessDenied.
const matches = (pattern: string, pk: string) => (pattern.endsWith('*') ? pk.startsWith(pattern.slice(0, -1)) : pk === pattern);

describe('partition-key families', () => {
  it('every key function produces a partition key its IAM pattern matches', () => {
    const cases: Array<[keyof typeof PK_PATTERNS, string]> = [
      ['filing', keys.filing('2020Q4', 'cs-01').pk],
      ['registry', keys.base('cs-01').pk],
      ['period', keys.period('2020Q4').pk],
      ['token', keys.token('abc').pk],
      ['history', keys.version('cs-01', '2020Q4', 3).pk],
      ['rollup', keys.rollup('cs-01', 2020).pk],
      ['aggregate', keys.aggregate('2020').pk],
      ['audit', keys.audit('2020-01-01T00:00:00Z', 'x').pk],
    ];
    for (const [family, pk] of cases) expect(matches(PK_PATTERNS[family], pk), `${family}: ${pk}`).toBe(true);
    // And no family's pattern takes another family's keys (history vs filing, rollup vs registry).
    for (const [family, pk] of cases)
      for (const [other, pattern] of Object.entries(PK_PATTERNS)) if (other !== family) expect(matches(pattern, pk), `${other} ⊉ ${pk}`).toBe(false);
  });
});
