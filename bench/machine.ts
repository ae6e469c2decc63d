// The machine the figures come from, and what else was using it: load average samples and
// CPU time per process (ours, DynamoDB Local's JVM, everyone else) read from /proc.

import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  java: string;
  loadAverageAtStart: number[];
}

export function machineInfo(): MachineInfo {
  const j = spawnSync('java', ['-version'], { encoding: 'utf8', timeout: 15_000 });
  const java = `${j.stderr ?? ''}${j.stdout ?? ''}`.split('\n').filter(Boolean).slice(0, 2).join(' / ').trim() || 'not found';
  let cpuModel = os.cpus()[0]?.model?.trim() || 'unknown';
  // Some VMs report a bare family name; /proc/cpuinfo sometimes knows more.
  try {
    const flags = /^flags\s*:\s*(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? '';
    const mhz = Math.round(os.cpus()[0]?.speed ?? 0);
    cpuModel += `${mhz ? ` @ ${mhz} MHz` : ''}${flags.includes('hypervisor') ? ' (virtualised)' : ''}`;
  } catch {
    /* not Linux */
  }
  return {
    cpuModel,
    cores: os.cpus().length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    java,
    loadAverageAtStart: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

/** Samples the 1-minute load average every few seconds; summarises any time window. */
export class LoadSampler {
  private readonly samples: Array<{ t: number; load1: number }> = [];
  private readonly timer: NodeJS.Timeout;
  constructor(everyMs = 2_000) {
    this.sample();
    this.timer = setInterval(() => this.sample(), everyMs);
    this.timer.unref();
  }
  private sample() {
    this.samples.push({ t: Date.now(), load1: os.loadavg()[0]! });
  }
  stop() {
    clearInterval(this.timer);
  }
  window(from: number, to: number): { min: number; mean: number; max: number; samples: number } {
    this.sample();
    const s = this.samples.filter((x) => x.t >= from && x.t <= to + 2_500).map((x) => x.load1);
    if (!s.length) s.push(os.loadavg()[0]!);
    const r = (x: number) => Math.round(x * 100) / 100;
    return { min: r(Math.min(...s)), mean: r(s.reduce((a, b) => a + b, 0) / s.length), max: r(Math.max(...s)), samples: s.length };
  }
}

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** CPU milliseconds (user + system) a process has used, or undefined off Linux. */
export function processCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return undefined;
  }
}

/** The java child of this process (DynamoDB Local), if any. */
export function findJavaChild(parent = process.pid): number | undefined {
  try {
    for (const d of readdirSync('/proc')) {
      if (!/^\d+$/.test(d)) continue;
      try {
        const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
        const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        if (ppid === parent && comm === 'java') return Number(d);
      } catch {
        /* gone */
      }
    }
  } catch {
    /* not Linux */
  }
  return undefined;
}

/** Whole-machine CPU time in ms from /proc/stat: busy (user, nice, system, irq, softirq), steal, total. */
export function machineCpuMs(): { busy: number; steal: number; total: number } | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    const v = line.trim().split(/\s+/).slice(1).map(Number);
    const idle = (v[3] ?? 0) + (v[4] ?? 0);
    const steal = v[7] ?? 0;
    const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
    return { busy: (total - idle - steal) * TICK_MS, steal: steal * TICK_MS, total: total * TICK_MS };
  } catch {
    return undefined;
  }
}

/** CPU used during a phase: this process, the JVM, a client process, and everything else. */
export class CpuMeter {
  private readonly t0 = performance.now();
  private readonly self0 = process.cpuUsage();
  private readonly java0: number | undefined;
  private readonly machine0 = machineCpuMs();
  constructor(private readonly javaPid: number | undefined) {
    this.java0 = javaPid ? processCpuMs(javaPid) : undefined;
  }
  /** clientCpuMs: what a child process reported for itself over the same phase. */
  stop(clientCpuMs = 0) {
    const wallMs = performance.now() - this.t0;
    const self = process.cpuUsage(this.self0);
    const selfMs = (self.user + self.system) / 1000;
    const java1 = this.javaPid ? processCpuMs(this.javaPid) : undefined;
    const javaMs = java1 !== undefined && this.java0 !== undefined ? java1 - this.java0 : undefined;
    const m1 = machineCpuMs();
    const machineBusyMs = m1 && this.machine0 ? m1.busy - this.machine0.busy : undefined;
    const otherMs = machineBusyMs !== undefined ? Math.max(0, machineBusyMs - selfMs - (javaMs ?? 0) - clientCpuMs) : undefined;
    /** Time the hypervisor gave this VM's CPUs to someone else. */
    const stealMs = m1 && this.machine0 ? m1.steal - this.machine0.steal : undefined;
    const cores = os.cpus().length;
    const pct = (ms: number | undefined) => (ms === undefined ? undefined : Math.round((ms / wallMs) * 1000) / 10);
    return {
      wallMs: Math.round(wallMs),
      cpuMs: {
        server: Math.round(selfMs),
        dynamodbLocal: javaMs,
        client: Math.round(clientCpuMs),
        otherProcesses: otherMs === undefined ? undefined : Math.round(otherMs),
        steal: stealMs,
      },
      /** Percent of one core (200 = two cores busy). */
      corePercent: {
        server: pct(selfMs),
        dynamodbLocal: pct(javaMs),
        client: pct(clientCpuMs),
        otherProcesses: pct(otherMs),
        steal: pct(stealMs),
        machineCapacity: cores * 100,
      },
    };
  }
}

export type CpuReport = ReturnType<CpuMeter['stop']>;

/** Several phases' CPU reports as one (times summed, percentages over the summed wall time). */
export function sumCpu(reports: readonly CpuReport[]): CpuReport {
  const add = (k: keyof CpuReport['cpuMs']) => {
    const v = reports.map((r) => r.cpuMs[k]);
    return v.some((x) => x === undefined) ? undefined : v.reduce((a: number, b) => a + (b ?? 0), 0);
  };
  const wallMs = reports.reduce((a, r) => a + r.wallMs, 0);
  const cpuMs = {
    server: add('server')!,
    dynamodbLocal: add('dynamodbLocal'),
    client: add('client')!,
    otherProcesses: add('otherProcesses'),
    steal: add('steal'),
  };
  const pct = (ms: number | undefined) => (ms === undefined ? undefined : Math.round((ms / wallMs) * 1000) / 10);
  return {
    wallMs,
    cpuMs,
    corePercent: {
      server: pct(cpuMs.server),
      dynamodbLocal: pct(cpuMs.dynamodbLocal),
      client: pct(cpuMs.client),
      otherProcesses: pct(cpuMs.otherProcesses),
      steal: pct(cpuMs.steal),
      machineCapacity: os.cpus().length * 100,
    },
  };
}
