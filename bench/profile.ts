// Optional CPU profile of this (the server) process during the burst, via node:inspector, and a
// summary of self time by where the code lives: our directories, each npm package, node internals.

import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileSummary {
  /** The first profiled stretch, loadable in Chrome DevTools. */
  file: string;
  totalMs: number;
  /** Self time by group, ms and share of the profiled wall time. */
  groups: Array<{ group: string; ms: number; pct: number }>;
  functions: Array<{ fn: string; group: string; ms: number; pct: number }>;
}

function groupOf(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native)';
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0];
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 14).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  const m = /\/(shared|functions|local|bench|test)\/(.*)$/.exec(url);
  if (m) return `${m[1]}/${m[2]!.split('/').length > 1 ? m[2]!.split('/')[0] + '/' : m[2]!.replace(/\.ts$/, '')}`;
  return url.replace(/^file:\/\//, '');
}

/** Profiles selected stretches (start/pause, several times) and summarises them together. */
export class CpuProfiler {
  private session: Session | undefined;
  private readonly groups = new Map<string, number>();
  private readonly fns = new Map<string, { group: string; ms: number }>();
  private totalMs = 0;
  private file: string | undefined;

  async start(): Promise<void> {
    if (!this.session) {
      this.session = new Session();
      this.session.connect();
      await this.session.post('Profiler.enable');
      await this.session.post('Profiler.setSamplingInterval', { interval: 500 });
    }
    await this.session.post('Profiler.start');
  }

  /** Stops sampling and adds what was sampled; the first stretch is also written to `file`. */
  async pause(file: string): Promise<void> {
    const { profile } = (await this.session!.post('Profiler.stop')) as unknown as { profile: Profile };
    if (!this.file) {
      writeFileSync(file, JSON.stringify(profile));
      this.file = file;
    }
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    profile.samples.forEach((id, i) => {
      const n = byId.get(id)!;
      const ms = (profile.timeDeltas[i] ?? 0) / 1000;
      const g = groupOf(n.callFrame.url, n.callFrame.functionName);
      this.groups.set(g, (this.groups.get(g) ?? 0) + ms);
      const key = `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber + 1}`;
      const f = this.fns.get(key) ?? { group: g, ms: 0 };
      f.ms += ms;
      this.fns.set(key, f);
    });
    this.totalMs += (profile.endTime - profile.startTime) / 1000;
  }

  summary(): ProfileSummary {
    this.session?.disconnect();
    const pct = (ms: number) => Math.round((ms / this.totalMs) * 1000) / 10;
    return {
      file: this.file ?? '',
      totalMs: Math.round(this.totalMs),
      groups: [...this.groups]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 20)
        .map(([group, ms]) => ({ group, ms: Math.round(ms), pct: pct(ms) })),
      functions: [...this.fns]
        .sort((a, b) => b[1].ms - a[1].ms)
        .slice(0, 25)
        .map(([fn, v]) => ({ fn, group: v.group, ms: Math.round(v.ms), pct: pct(v.ms) })),
    };
  }
}
