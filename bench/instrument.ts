// Instrumentation without touching the code under test:
// - a middleware on the process's one DynamoDB client (shared/store/client.ts `rawClient`,
//   which the document client shares) counts every call by command, times it, and, for
//   TransactWriteItems, counts the items it puts by key kind (AGG, ROLLUP, FILING, HIST…);
// - an AsyncLocalStorage context around each HTTP request attributes calls to the request that
//   made them. Calls outside a request (the stream aggregator) go to the "background" bucket.

import { AsyncLocalStorage } from 'node:async_hooks';
import { addCharges, UnitCounter, type UnitTotals } from './request-units';

export interface RequestProfile {
  method: string;
  path: string;
  startedAt: number;
  /** Handler wall time (ms). */
  totalMs: number;
  /** Time with at least one DynamoDB call in flight (ms). */
  dynamoBusyMs: number;
  calls: Record<string, number>;
  callMs: Record<string, number>;
  inflight: number;
  busySince: number;
  /** Request units of the request's DynamoDB calls (bench/request-units.ts). */
  rru?: number;
  wru?: number;
}

export interface CallCounters {
  calls: Record<string, number>;
  callMs: Record<string, number>;
  failed: Record<string, number>;
  /** Items put by committed TransactWriteItems, by key kind. */
  txPuts: Record<string, number>;
  /** Items in TransactWriteItems that failed (conflict / condition), by key kind. */
  txPutsFailed: Record<string, number>;
}

const emptyCounters = (): CallCounters => ({ calls: {}, callMs: {}, failed: {}, txPuts: {}, txPutsFailed: {} });
const inc = (m: Record<string, number>, k: string, by = 1) => (m[k] = (m[k] ?? 0) + by);

export const requestContext = new AsyncLocalStorage<RequestProfile>();

/** The benchmark's own calls (raw PutItems, exactness checks): counted apart, never as the system's. */
const benchContext = new AsyncLocalStorage<true>();
export const asBench = <T>(fn: () => Promise<T>): Promise<T> => benchContext.run(true, fn);

/** Request units by item kind since install: API requests, the stream consumers (background), the bench itself. */
export const units = { request: {} as UnitTotals, background: {} as UnitTotals, bench: {} as UnitTotals };
const unitCounter = new UnitCounter();

export function unitSnapshot(): typeof units {
  return structuredClone(units);
}

/** b − a, by kind. */
export function unitDiff(a: UnitTotals, b: UnitTotals): UnitTotals {
  const out: UnitTotals = {};
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const x = a[k] ?? { rru: 0, wru: 0, items: 0 };
    const y = b[k] ?? { rru: 0, wru: 0, items: 0 };
    if (y.items - x.items || y.rru - x.rru || y.wru - x.wru) out[k] = { rru: y.rru - x.rru, wru: y.wru - x.wru, items: y.items - x.items };
  }
  return out;
}

/** Totals since install, split by who made the call. */
export const counters = { request: emptyCounters(), background: emptyCounters() };

export function snapshot(): { request: CallCounters; background: CallCounters } {
  return structuredClone(counters);
}

export function diff(a: CallCounters, b: CallCounters): CallCounters {
  const d = (x: Record<string, number>, y: Record<string, number>) => {
    const out: Record<string, number> = {};
    for (const k of new Set([...Object.keys(x), ...Object.keys(y)])) {
      const v = (y[k] ?? 0) - (x[k] ?? 0);
      if (v) out[k] = Math.round(v * 1000) / 1000;
    }
    return out;
  };
  return {
    calls: d(a.calls, b.calls),
    callMs: d(a.callMs, b.callMs),
    failed: d(a.failed, b.failed),
    txPuts: d(a.txPuts, b.txPuts),
    txPutsFailed: d(a.txPutsFailed, b.txPutsFailed),
  };
}

/** 'AGG', 'ROLLUP', 'FILING', 'HIST', 'REGISTRY', … from a pk (plain or marshalled). */
function keyKind(pk: unknown): string {
  const s = typeof pk === 'string' ? pk : typeof (pk as { S?: unknown } | undefined)?.S === 'string' ? (pk as { S: string }).S : '';
  return s.split('#')[0] || '?';
}

function txKinds(input: unknown): string[] {
  const items = (input as { TransactItems?: Array<Record<string, { Item?: { pk?: unknown }; Key?: { pk?: unknown } }>> })?.TransactItems ?? [];
  const out: string[] = [];
  for (const it of items) {
    const op = it.Put ?? it.Update ?? it.Delete;
    if (op) out.push(keyKind(op.Item?.pk ?? op.Key?.pk));
  }
  return out;
}

interface MiddlewareStackLike {
  add(mw: unknown, options: { step: 'initialize'; name: string; priority?: 'high' | 'low'; override?: boolean }): void;
}

/**
 * Installs the counting middleware on a DynamoDB client (idempotent per client). Without
 * `requestUnits` only calls and their time in flight are counted: charging request units sizes
 * every item read, ≈ 38 ms of CPU per 1,000-base annual export, which is the benchmark's, not
 * the export's.
 */
export function instrumentClient(client: { middlewareStack: MiddlewareStackLike }, opts: { requestUnits?: boolean } = {}): void {
  client.middlewareStack.add(
    (next: (args: { input: unknown }) => Promise<unknown>, context: { commandName?: string }) => async (args: { input: unknown }) => {
      const name = (context.commandName ?? 'unknown').replace(/Command$/, '');
      const req = requestContext.getStore();
      const bucket = req ? counters.request : counters.background;
      const kinds = name === 'TransactWriteItems' ? txKinds(args.input) : [];
      const t0 = performance.now();
      if (req) {
        if (req.inflight++ === 0) req.busySince = t0;
        inc(req.calls, name);
      }
      inc(bucket.calls, name);
      let ok = false;
      try {
        const r = await next(args);
        ok = true;
        return r;
      } finally {
        const t1 = performance.now();
        inc(bucket.callMs, name, t1 - t0);
        if (!ok) inc(bucket.failed, name);
        for (const k of kinds) inc(ok ? bucket.txPuts : bucket.txPutsFailed, k);
        if (req) {
          inc(req.callMs, name, t1 - t0);
          if (--req.inflight === 0) req.dynamoBusyMs += t1 - req.busySince;
        }
      }
    },
    { step: 'initialize', name: 'tongboaBenchCounter', priority: 'high', override: true },
  );
  if (opts.requestUnits === false) return;
  // Request units, from the call's items (bench/request-units.ts: the document client's plain
  // items are marshalled again to their wire form).
  client.middlewareStack.add(
    (next: (args: { input: unknown }) => Promise<{ output?: unknown }>, context: { commandName?: string }) => async (args: { input: unknown }) => {
      const name = (context.commandName ?? 'unknown').replace(/Command$/, '');
      const req = requestContext.getStore();
      const bucket = benchContext.getStore() ? units.bench : req ? units.request : units.background;
      let output: unknown;
      let failed = true;
      try {
        const r = await next(args);
        output = r.output;
        failed = false;
        return r;
      } finally {
        const charges = unitCounter.charges(name, args.input, output, failed);
        addCharges(bucket, charges);
        if (req && !benchContext.getStore())
          for (const c of charges) {
            req.rru = (req.rru ?? 0) + c.rru;
            req.wru = (req.wru ?? 0) + c.wru;
          }
      }
    },
    { step: 'initialize', name: 'tongbaoBenchUnits', priority: 'high', override: true },
  );
}

/** Wraps an HTTP handler so its DynamoDB calls are attributed to the request; keeps finished profiles. */
export function profiled<E extends { rawPath: string; requestContext: { http: { method: string } } }, R>(
  handler: (event: E) => Promise<R>,
  sink: RequestProfile[],
): (event: E) => Promise<R> {
  return (event) => {
    const p: RequestProfile = {
      method: event.requestContext.http.method,
      path: event.rawPath,
      startedAt: Date.now(),
      totalMs: 0,
      dynamoBusyMs: 0,
      calls: {},
      callMs: {},
      inflight: 0,
      busySince: 0,
      rru: 0,
      wru: 0,
    };
    return requestContext.run(p, async () => {
      const t0 = performance.now();
      try {
        return await handler(event);
      } finally {
        p.totalMs = performance.now() - t0;
        sink.push(p);
      }
    });
  };
}
