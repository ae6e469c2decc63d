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
      ['registry', keys.entity('PLAT', 'plat-01').pk],
      ['filing', keys.filing('2020', 'plat-01', 'PLAT').pk],
      ['history', keys.version('plat-01', '2020', 1, 'PLAT').pk],
      ['rollup', keys.rollup('plat-01', 2020, 'PLAT').pk],
      ['aggregate', keys.aggregate('2020', 'PLAT').pk],
      ['period', keys.period('2020', 'PLAT').pk],
      ['division', keys.division('长沙市').pk],
      ['plan', keys.plan(2020, 'PLAT').pk],
      ['period', keys.period('2020Q4').pk],
      ['token', keys.token('abc').pk],
      ['account', keys.account('li.si').pk],
      ['history', keys.version('cs-01', '2020Q4', 3).pk],
      ['rollup', keys.rollup('cs-01', 2020).pk],
      ['aggregate', keys.aggregate('2020').pk],
      ['audit', keys.audit('2020-01-01T00:00:00Z', 'x').pk],
      ['exportJob', keys.exportJob('0123abcd').pk],
      ['import', keys.importJob('bases').pk],
      ['import', keys.importChunk('bases', 'job', 1).pk],
    ];
    for (const [family, pk] of cases) expect(matches(PK_PATTERNS[family], pk), `${family}: ${pk}`).toBe(true);
    // Every family has a key function behind it.
    expect(new Set(cases.map(([f]) => f))).toEqual(new Set(Object.keys(PK_PATTERNS)));
    // And no family's pattern takes another family's keys (history vs filing, rollup vs registry).
    for (const [family, pk] of cases)
      for (const [other, pattern] of Object.entries(PK_PATTERNS)) if (other !== family) expect(matches(pattern, pk), `${other} ⊉ ${pk}`).toBe(false);
  });
});

describe('programs in the keys', () => {
  it('keeps every base key as it was and puts another program in the sort key or in front of its id', () => {
    expect(keys.filing('2020Q3', 'cs-01')).toEqual({ pk: 'FILING#2020Q3', sk: 'BASE#cs-01' });
    expect(keys.version('cs-01', '2020Q3', 3)).toEqual({ pk: 'HIST#cs-01#2020Q3', sk: 'V#00000003' });
    expect(keys.rollup('cs-01', 2020)).toEqual({ pk: 'ROLLUP#cs-01', sk: '2020' });
    expect(keys.aggregate('2020')).toEqual({ pk: 'AGG', sk: '2020' });
    expect(keys.period('2020Q3')).toEqual({ pk: 'PERIOD', sk: '2020Q3' });
    expect(keys.filing('2020', 'hy-01', 'PLAT')).toEqual({ pk: 'FILING#2020', sk: 'PLAT#hy-01' });
    expect(keys.version('hy-01', '2020', 3, 'PLAT')).toEqual({ pk: 'HIST#PLAT#hy-01#2020', sk: 'V#00000003' });
    expect(keys.rollup('hy-01', 2020, 'PLAT')).toEqual({ pk: 'ROLLUP#PLAT#hy-01', sk: '2020' });
    expect(keys.aggregate('2020', 'PLAT')).toEqual({ pk: 'AGG', sk: 'PLAT#2020' });
    expect(keys.period('2020', 'PLAT')).toEqual({ pk: 'PERIOD', sk: 'PLAT#2020' });
    // A base id cannot start with an upper-case tag, so a base's rollup never meets a platform's.
    expect(keys.rollupPk('plat', 'BASE')).not.toBe(keys.rollupPk('plat', 'PLAT'));
  });
});
