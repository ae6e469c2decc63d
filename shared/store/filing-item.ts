// How a filing is stored: the Filing minus what can be rebuilt from its own values. Once
// submitted, `counted` is usually `values` again, and a first write's change list is every value
// against nothing; storing both repeated the values three times (3.3 KB an item, 4 WRU a write,
// and the pages a bulletin reads). Stored instead: `countedIsValues: true`, and a version record
// with `changesFromNothing: true`. Pure (no SDK): the API store and both stream consumers
// decode with these same functions.

import { diffValues, type Filing, type FilingVersion } from '../filing';
import type { Values } from '../validation';
import { keys } from './keys';

type Item = Record<string, unknown>;

function sameChanges(a: FilingVersion['changes'], b: FilingVersion['changes']): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => b[k] !== undefined && a[k]![0] === b[k]![0] && a[k]![1] === b[k]![1]);
}

export function toFilingItem(f: Filing): Item {
  const { counted, lastVersion, ...rest } = f;
  const item: Item = { ...keys.filing(f.period, f.baseId), ...rest };
  if (counted !== null && Object.keys(diffValues(counted, f.values)).length === 0) item.countedIsValues = true;
  else item.counted = counted;
  if (sameChanges(lastVersion.changes, diffValues(null, f.values))) {
    const { changes: _changes, ...v } = lastVersion;
    item.lastVersion = { ...v, changesFromNothing: true };
  } else item.lastVersion = lastVersion;
  return item;
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** The counted values of a stored filing (a stream image or a read item); null if none. */
export function countedOfItem(item: Item): Values | null {
  if (item.countedIsValues === true) return isObject(item.values) ? { ...(item.values as Values) } : (item.values as Values);
  return (item.counted as Values | null | undefined) ?? null;
}

/** The version record a stored filing carries (undefined if it has none). */
export function versionOfItem(item: Item): FilingVersion | undefined {
  const v = item.lastVersion;
  if (!isObject(v)) return v as undefined;
  if (v.changesFromNothing !== true) return v as unknown as FilingVersion;
  const { changesFromNothing: _marker, ...rest } = v;
  return { ...(rest as unknown as FilingVersion), changes: diffValues(null, isObject(item.values) ? (item.values as Values) : {}) };
}

export function fromFilingItem(item: Item): Filing {
  const { pk: _pk, sk: _sk, countedIsValues: _c, ...rest } = item;
  const f = rest as unknown as Filing;
  if ('counted' in item || item.countedIsValues === true) f.counted = countedOfItem(item);
  if ('lastVersion' in item) f.lastVersion = versionOfItem(item)!;
  return f;
}
