// The stored form of a filing (shared/store/filing-item): every filing the lifecycle can produce
// comes back unchanged, and the values are stored once.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dynamoItemSize } from '../../bench/stats';
import { planReview, planWrite, type Actor, type Filing } from '../../shared/filing';
import { countedOfItem, fromFilingItem, toFilingItem, versionOfItem } from '../../shared/store/filing-item';
import { makeRng, typedValues } from '../helpers/scenario';

const base: Actor = { tokenId: 'tok-abcdef123456', role: 'base', name: '某某基地信息管理员' };
const admin: Actor = { tokenId: 'admin', role: 'admin', name: '省级管理员' };
const schedule = { opensAt: '2020-04-01T00:00:00.000Z', dueAt: '2020-04-15T00:00:00.000Z', closesAt: '2020-04-30T00:00:00.000Z' };

type Step = { kind: 'draft' | 'submitted'; seed: number; partial: boolean } | { kind: 'accept' | 'return' | 'reopen' };

/** Applies the steps the lifecycle allows (refused ones are skipped), returning every state. */
function run(steps: Step[]): Filing[] {
  const states: Filing[] = [];
  let current: Filing | undefined;
  let t = Date.parse('2020-04-02T00:00:00Z');
  for (const s of steps) {
    t += 3_600_000;
    try {
      if (s.kind === 'draft' || s.kind === 'submitted') {
        const typed = typedValues('2020Q1', makeRng(s.seed)).typed;
        const values = s.partial ? Object.fromEntries(Object.entries(typed).slice(0, 3 + (s.seed % 5))) : typed;
        const o = planWrite('b1', '2020Q1', { status: s.kind, values, confirmWarnings: true }, { current, previous: null, schedule, actor: base, now: new Date(t), ifMatch: undefined });
        current = o.filing;
      } else {
        current = planReview(current, { action: s.kind, comment: s.kind === 'return' ? '请核对' : '' }, admin, new Date(t)).filing;
      }
      states.push(current);
    } catch {
      // a refused step (validation, locked, invalid transition) changes nothing
    }
  }
  return states;
}

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constantFrom('draft' as const, 'submitted' as const), seed: fc.integer({ min: 1, max: 6 }), partial: fc.boolean() }),
  fc.record({ kind: fc.constantFrom('accept' as const, 'return' as const, 'reopen' as const) }),
);

describe('filing item', () => {
  it('round-trips every state a filing can reach (fast-check, 300 histories)', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 12 }), (steps) => {
        for (const f of run(steps)) {
          const item = toFilingItem(structuredClone(f));
          // What DynamoDB gives back is a copy: compare against a fresh clone.
          expect(fromFilingItem(structuredClone(item))).toEqual(f);
          expect(countedOfItem(item)).toEqual(f.counted);
          expect(versionOfItem(item)).toEqual(f.lastVersion);
        }
      }),
      { numRuns: 300, seed: 11 },
    );
  });

  it('stores the values once: a first submission fits in 2 KB (2 write units), a draft over it keeps both', () => {
    const [first] = run([{ kind: 'submitted', seed: 3, partial: false }]);
    const item = toFilingItem(first!);
    expect(item).not.toHaveProperty('counted');
    expect(item.countedIsValues).toBe(true);
    expect(item.lastVersion).not.toHaveProperty('changes');
    const size = dynamoItemSize(item);
    expect(size).toBeLessThanOrEqual(2048);
    // The same filing stored whole, as before: more than 3 KB.
    expect(dynamoItemSize({ pk: item.pk, sk: item.sk, ...first })).toBeGreaterThan(3000);

    const states = run([
      { kind: 'submitted', seed: 3, partial: false },
      { kind: 'draft', seed: 4, partial: false },
    ]);
    const draft = toFilingItem(states[1]!);
    expect(draft.counted).toEqual(states[0]!.values);
    expect(draft).not.toHaveProperty('countedIsValues');
    expect(draft.lastVersion).toHaveProperty('changes');
  });

  it('a stored copy never aliases values and counted (mutating one leaves the other)', () => {
    const [first] = run([{ kind: 'submitted', seed: 2, partial: false }]);
    const back = fromFilingItem(structuredClone(toFilingItem(first!)));
    const code = Object.keys(back.values)[0]!;
    back.values[code] = -1;
    expect(back.counted![code]).toBe(first!.counted![code]);
  });
});
