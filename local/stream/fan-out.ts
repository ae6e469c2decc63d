// The fan-out of one stream reader to several consumers (local/stack.ts wires the aggregator and
// the history writer through it): on AWS each is its own event source mapping with its own
// filter; locally one poller feeds both, and this keeps their filters and failures apart.

import { type StreamHandler, seqOf } from './common';

/**
 * One stream reader feeding several consumers, each with its own event filter, as several
 * Lambda event source mappings would — and, as they would, at the same time: the history
 * writer's batch does not wait for the aggregator's (in turn, the batch took the sum of both,
 * which at quarter-end was most of the aggregation lag). The batch fails from the earliest
 * record any consumer failed on; re-delivering the rest to every consumer is safe because
 * consumers are idempotent.
 */
export function fanOut(consumers: Array<{ handler: StreamHandler; filter: (pk: string) => boolean }>): StreamHandler {
  return async (event) => {
    const order = new Map(event.Records.map((r, i) => [seqOf(r), i]));
    const failures = await Promise.all(
      consumers.map(async (c): Promise<number | undefined> => {
        const Records = event.Records.filter((r) => c.filter(r.dynamodb?.Keys?.pk?.S ?? ''));
        if (!Records.length) return undefined;
        try {
          const res = await c.handler({ Records });
          const ids = (res?.batchItemFailures ?? []).map((f) => order.get(f.itemIdentifier)).filter((i): i is number => i !== undefined);
          return ids.length ? Math.min(...ids) : undefined;
        } catch {
          return order.get(seqOf(Records[0]!)) ?? 0;
        }
      }),
    );
    const failed = failures.filter((i): i is number => i !== undefined);
    return { batchItemFailures: failed.length ? [{ itemIdentifier: seqOf(event.Records[Math.min(...failed)]!) }] : [] };
  };
}
