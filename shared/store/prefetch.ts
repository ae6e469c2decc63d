// Request-scoped prefetch: the hot path (a base submitting a filing) needs five items — token,
// base, schedule, current and previous filing. Reading them in one BatchGetItem instead of four
// round trips matters at quarter-end. Each prefetched item is served once (a re-read after a
// lost race goes to the table), and only within the request that fetched it.

import { AsyncLocalStorage } from 'node:async_hooks';
import { batchGetRaw } from './batch';

type Key = { pk: string; sk: string };
const keyString = (k: Key) => `${k.pk}\u0000${k.sk}`;

const scope = new AsyncLocalStorage<Map<string, Record<string, unknown> | null>>();

/** Runs `fn` with `keys` fetched in one consistent BatchGet; getters inside it use them once. */
export async function withPrefetch<T>(keyList: Key[], fn: () => Promise<T>): Promise<T> {
  const found = await batchGetRaw(keyList);
  const cache = new Map<string, Record<string, unknown> | null>();
  for (const k of keyList) cache.set(keyString(k), found.get(keyString(k)) ?? null);
  return scope.run(cache, fn);
}

/** A prefetched item (null: known absent), or undefined when it was not prefetched. */
export function takePrefetched(k: Key): Record<string, unknown> | null | undefined {
  const cache = scope.getStore();
  if (!cache) return undefined;
  const ks = keyString(k);
  if (!cache.has(ks)) return undefined;
  const v = cache.get(ks)!;
  cache.delete(ks);
  return v;
}
