// `npm run reconcile -- <period> [--repair] [--program=platforms]`: recompute a period's aggregates from the current
// filings, print any drift against the live aggregate items and the stream records set aside
// in the dead-letter list; with --repair, rewrite the aggregates (and the year's rollups).
// Exit code: 0 no drift (or repaired), 1 drift found, 2 usage error.

import { resolve } from 'node:path';
import { isPeriod } from '../shared/periods';
import { attachToData } from './runtime';

async function main() {
  const args = process.argv.slice(2);
  const repair = args.includes('--repair');
  const period = args.find((a) => !a.startsWith('--'));
  const programArg = args.find((a) => a.startsWith('--program='))?.slice('--program='.length) ?? 'bases';
  if (!period || !isPeriod(period) || !['bases', 'platforms', 'carriers'].includes(programArg)) {
    console.error(
      'usage: npm run reconcile -- <period> [--repair] [--program=bases|platforms]     e.g. npm run reconcile -- 2020Q3, npm run reconcile -- 2020 --repair, npm run reconcile -- 2020 --program=platforms',
    );
    process.exit(2);
  }
  const dataDir = resolve(process.env.DATA_DIR || './.data');
  process.env.AWS_REGION ||= 'cn-north-1';
  const dynamo = await attachToData(dataDir);
  try {
    // Imported once the runtime has set the environment (config is read when first imported).
    const { reconcilePeriod } = await import('../shared/use-cases/reconcile-period');
    const { programById } = await import('../shared/program');
    const program = programById(programArg as 'bases');
    if (!program.periods.isAggregate(period)) throw new Error(`${program.label}: ${program.periods.aggregateHint}`);
    const report = await reconcilePeriod(period, { repair, program });
    for (const p of report.periods) {
      console.log(
        `${p.period}: ${p.reportingBases} reporting ${program.id === 'bases' ? 'bases' : 'entities'}, ${p.drift.length ? `${p.drift.length} drifting values` : 'no drift'}`,
      );
      for (const d of p.drift.slice(0, 50)) console.log(`  ${d}`);
      if (p.drift.length > 50) console.log(`  … ${p.drift.length - 50} more`);
    }
    if (report.malformed.length) console.log(`malformed filing items (left out): ${report.malformed.join(', ')}`);
    console.log(`dead-letter list: ${report.deadLetters.length} record(s)`);
    for (const d of report.deadLetters.slice(0, 20)) console.log(`  ${d.id}: ${d.reason}`);
    if (report.repaired) {
      const after = await reconcilePeriod(period, { program });
      console.log(`repaired; drift now ${after.drift}`);
      process.exitCode = after.drift ? 1 : 0;
    } else process.exitCode = report.drift ? 1 : 0;
  } finally {
    await dynamo?.stop();
  }
}

main().catch((e: Error) => {
  // The usual cause: a DATA_DIR other than the one `npm start` uses, so there is no table.
  const hint =
    e.name === 'ResourceNotFoundException'
      ? ` — no Tongbao table in DATA_DIR=${resolve(process.env.DATA_DIR || './.data')}; run with the DATA_DIR of your \`npm start\``
      : '';
  console.error(`reconcile failed: ${e.message}${hint}`);
  process.exit(1);
});
