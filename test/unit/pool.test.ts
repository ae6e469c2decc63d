import { describe, expect, it } from 'vitest';
import { mapConcurrent } from '../../shared/pool';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('mapConcurrent', () => {
  it('keeps the input order with at most `limit` calls in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const out = await mapConcurrent([5, 1, 4, 2, 3, 0, 6], 3, async (x) => {
      most = Math.max(most, ++inFlight);
      await tick(x * 3);
      inFlight--;
      return x * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30, 0, 60]);
    expect(most).toBe(3);
  });

  it('stops starting calls after the first failure, and throws it once the running ones settle', async () => {
    const started: number[] = [];
    let settled = 0;
    const run = mapConcurrent([0, 1, 2, 3, 4, 5, 6, 7], 2, async (x) => {
      started.push(x);
      await tick(x === 1 ? 1 : 10);
      settled++;
      if (x === 1) throw new Error('boom 1');
      return x;
    });
    await expect(run).rejects.toThrow('boom 1');
    // 1 fails first; 0, still running then, settles before the error is thrown; nothing else starts.
    expect(started).toEqual([0, 1]);
    expect(settled).toBe(2);
  });

  it('handles no items and a limit below one', async () => {
    expect(await mapConcurrent([], 4, async (x: number) => x)).toEqual([]);
    expect(await mapConcurrent([1, 2], 0, async (x) => x + 1)).toEqual([2, 3]);
  });
});
