// Request-scoped prefetch: the hot path (a base submitting a filing) needs five items — token,
// base, schedule, current and previous filing. Reading them in one BatchGetItem instead of four
// round trips matters at quarter-end. Each prefetched item is served once (a re-read after a
// lost race goes to the table), and only within the request that fetched it.
//
// Keys marked `eventual` are read eventually consistently, at half the read units (issue 16):
// the caller marks the reads whose staleness is caught (a write conditional on the version read)
// or harmless; the others are read strongly consistently, in a second BatchGet at the same time.
// A getter can ask whether its item was read consistently (takePrefetchedEntry).

import { AsyncLocalStorage } from 'node:async_hooks';
import { batchGetRaw } from './batch';
import { itemKey } from './keys';

type Key = { pk: string; sk: string };
/** A key to prefetch; `eventual`: an eventually consistent read is enough for it. */
export type PrefetchKey = Key & { eventual?: boolean };

interface Entry {
  item: Record<string, unknown> | null;
  consistent: boolean;
}

const scope = new AsyncLocalStorage<Map<string, Entry>>();

/** Runs `fn` with `keys` fetched (strongly consistent unless marked eventual); getters inside it use them once. */
export async function withPrefetch<T>(keyList: PrefetchKey[], fn: () => Promise<T>): Promise<T> {
  const strong = keyList.filter((k) => !k.eventual).map(({ pk, sk }) => ({ pk, sk }));
  const eventual = keyList.filter((k) => k.eventual).map(({ pk, sk }) => ({ pk, sk }));
  const [foundStrong, foundEventual] = await Promise.all([
    strong.length ? batchGetRaw(strong) : new Map<string, Record<string, unknown>>(),
    eventual.length ? batchGetRaw(eventual, { consistent: false }) : new Map<string, Record<string, unknown>>(),
  ]);
  const cache = new Map<string, Entry>();
  for (const k of strong) cache.set(itemKey(k), { item: foundStrong.get(itemKey(k)) ?? null, consistent: true });
  for (const k of eventual) cache.set(itemKey(k), { item: foundEventual.get(itemKey(k)) ?? null, consistent: false });
  return scope.run(cache, fn);
}

/** A prefetched item and how it was read, or undefined when it was not prefetched (or already taken). */
export function takePrefetchedEntry(k: Key): Entry | undefined {
  const cache = scope.getStore();
  if (!cache) return undefined;
  const ks = itemKey(k);
  const v = cache.get(ks);
  cache.delete(ks);
  return v;
}

/** A prefetched item (null: known absent), or undefined when it was not prefetched. */
export function takePrefetched(k: Key): Record<string, unknown> | null | undefined {
  return takePrefetchedEntry(k)?.item;
}
