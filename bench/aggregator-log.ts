// The aggregator's own per-batch stats, for the bench's aggregation figures.
// functions/aggregate-stream.ts logs `batch aggregated` with the AggregationStats of every batch
// (Powertools Logger → process.stdout). Those lines are collected here instead of printed.

export type AggregatorLog = {
  batches: number;
  records: number;
  changes: number;
  rollupWrites: number;
  aggregateWrites: number;
  transactions: number;
  conflicts: number;
  failedBatches: number;
};

/** Starts collecting (once, before anything runs) and returns the running totals. */
export function collectAggregatorLog(): AggregatorLog {
  const aggregatorLog: AggregatorLog = {
    batches: 0,
    records: 0,
    changes: 0,
    rollupWrites: 0,
    aggregateWrites: 0,
    transactions: 0,
    conflicts: 0,
    failedBatches: 0,
  };
  const write = process.stdout.write.bind(process.stdout) as (chunk: unknown, ...rest: unknown[]) => boolean;
  (process.stdout as unknown as { write: typeof write }).write = (chunk: unknown, ...rest: unknown[]) => {
    const s = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : '';
    if (s.includes('"batch aggregated"')) {
      for (const line of s.split('\n').filter((l) => l.includes('"batch aggregated"'))) {
        try {
          const j = JSON.parse(line) as Record<string, number | undefined>;
          aggregatorLog.batches++;
          aggregatorLog.records += j.records ?? 0;
          aggregatorLog.changes += j.changes ?? 0;
          aggregatorLog.rollupWrites += j.rollupWrites ?? 0;
          aggregatorLog.aggregateWrites += j.aggregateWrites ?? 0;
          aggregatorLog.transactions += j.transactions ?? 0;
          aggregatorLog.conflicts += j.conflicts ?? 0;
          if (j.failedIndex !== undefined) aggregatorLog.failedBatches++;
        } catch {
          /* not JSON after all */
        }
      }
      return true;
    }
    return write(chunk, ...rest);
  };
  return aggregatorLog;
}
