// The poller's progress on disk: per shard the sequence number of the last handled (or skipped)
// record, in a JSON file in DATA_DIR, so a restarted process resumes where it stopped. The file
// may lag behind on purpose (checkpointLagMs): after a hard crash the last moments are replayed.

import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { errorMessage, type PollerLogger } from './common';

export interface CheckpointFile {
  streamArn: string;
  /** shardId → sequence number of the last handled (or skipped) record. */
  shards: Record<string, string>;
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
    return { streamArn: parsed.streamArn, shards: parsed.shards, savedAt: String(parsed.savedAt ?? '') };
  } catch (e) {
    // Records are redelivered from the start of the stream; the handler must be idempotent anyway.
    log.warn('unreadable checkpoint file; starting from the oldest record', { file, error: errorMessage(e) });
    return undefined;
  }
}

/** Writes the checkpoint file, holding back positions younger than `lagMs`. */
export class CheckpointWriter {
  /** Snapshots of the checkpoint, newest last, for the lagging checkpoint file. */
  private snapshots: Array<{ at: number; shards: Record<string, string> }> = [];

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
  save(streamArn: string | undefined, checkpoint: Map<string, string>, final = false): void {
    const file = this.file;
    if (!file || !streamArn) return;
    const now = Date.now();
    this.snapshots.push({ at: now, shards: Object.fromEntries(checkpoint) });
    const lag = final ? 0 : this.lagMs;
    let chosen: Record<string, string> | undefined;
    while (this.snapshots.length && now - this.snapshots[0]!.at >= lag) chosen = this.snapshots.shift()!.shards;
    if (!chosen) return; // nothing old enough yet: the file keeps an older position
    const data: CheckpointFile = { streamArn, shards: chosen, savedAt: new Date().toISOString() };
    // Write-then-rename so a crash never leaves a half-written checkpoint.
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(data, null, 2)}\n`);
    renameSync(tmp, file);
  }
}
