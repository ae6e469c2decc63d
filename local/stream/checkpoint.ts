// The poller's progress on disk: per consumer and shard the sequence number of the last handled
// (or skipped) record, in a JSON file in DATA_DIR, so a restarted process resumes where it
// stopped. `shards` holds the slowest consumer's position: files written before consumers had
// positions of their own have only it, and every consumer resumes from there (redelivering to
// the faster ones is safe: consumers are idempotent). The file may lag behind on purpose
// (checkpointLagMs): after a hard crash the last moments are replayed.

import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { errorMessage, type PollerLogger } from './common';

/** shardId → sequence number of the last handled (or skipped) record. */
export type ShardPositions = Record<string, string>;

export interface Positions {
  /** Per shard, the lowest position of all consumers (absent when some consumer has none). */
  shards: ShardPositions;
  /** Consumer name → its own positions. */
  consumers: Record<string, ShardPositions>;
}

export interface CheckpointFile extends Partial<Positions> {
  streamArn: string;
  shards: ShardPositions;
  savedAt: string;
}

/** The checkpoint file's content, or undefined if there is none (or it cannot be read: start from the oldest record). */
export function readCheckpointFile(file: string | undefined, log: PollerLogger): CheckpointFile | undefined {
  if (!file) return undefined;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  try {
    const parsed = JSON.parse(text) as Partial<CheckpointFile>;
    if (typeof parsed.streamArn !== 'string' || typeof parsed.shards !== 'object' || parsed.shards === null) throw new Error('unexpected content');
    const consumers = typeof parsed.consumers === 'object' && parsed.consumers !== null ? parsed.consumers : undefined;
    return { streamArn: parsed.streamArn, shards: parsed.shards, ...(consumers ? { consumers } : {}), savedAt: String(parsed.savedAt ?? '') };
  } catch (e) {
    // Records are redelivered from the start of the stream; the handler must be idempotent anyway.
    log.warn('unreadable checkpoint file; starting from the oldest record', { file, error: errorMessage(e) });
    return undefined;
  }
}

/** Writes the checkpoint file, holding back positions younger than `lagMs`. */
export class CheckpointWriter {
  /** Snapshots of the checkpoint, newest last, for the lagging checkpoint file. */
  private snapshots: Array<{ at: number; positions: Positions }> = [];

  constructor(
    private readonly file: string | undefined,
    private readonly lagMs: number,
  ) {}

  /**
   * Persists the checkpoint. With a lag the file holds the position of that long ago, so after
   * a hard crash the last moments are replayed: DynamoDB Local acknowledges a transaction a few
   * milliseconds before it is durable, and replaying is harmless because the handlers are
   * idempotent. A clean stop (final) persists the exact position.
   */
  save(streamArn: string | undefined, positions: Positions, final = false): void {
    const file = this.file;
    if (!file || !streamArn) return;
    const now = Date.now();
    this.snapshots.push({ at: now, positions });
    const lag = final ? 0 : this.lagMs;
    let chosen: Positions | undefined;
    while (this.snapshots.length && now - this.snapshots[0]!.at >= lag) chosen = this.snapshots.shift()!.positions;
    if (!chosen) return; // nothing old enough yet: the file keeps an older position
    const data: CheckpointFile = { streamArn, ...chosen, savedAt: new Date().toISOString() };
    // Write-then-rename so a crash never leaves a half-written checkpoint.
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(data, null, 2)}\n`);
    renameSync(tmp, file);
  }
}
