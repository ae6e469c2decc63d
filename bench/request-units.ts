// Request units as DynamoDB bills them, counted from the items a call actually wrote and read.
//
// DynamoDB Local does answer ReturnConsumedCapacity (checked: a PutItem replacing a 3 KB item
// with a small one 3, a transaction of one 3 KB item 6, an eventually consistent GetItem 0.5),
// but only as one total per call, only when the call asks for it — which would change the calls
// under test — and it charges nothing for a BatchGetItem key that finds no item, where a GetItem
// is charged its minimum. So the benchmark counts by the documented rules itself, per item and
// item kind (an absent key charged like a GetItem: the conservative reading) (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html
// and .../read-write-operations.html):
//
// - item size = Σ over attributes of (UTF-8 bytes of the name + size of the value); a string
//   is its UTF-8 bytes, a number 1 byte per two significant digits + 1 (leading and trailing
//   zeros trimmed), a binary its raw bytes, null or boolean 1 byte, a list or map 3 bytes + Σ
//   (element size + 1 byte) (a map element's size includes its name), a set Σ its elements;
// - write: ceil(size / 1 KB) WRU per item (at least 1), the larger of the item before and after
//   for a PutItem that replaces one; ×2 inside TransactWriteItems; a write whose condition
//   fails is charged all the same;
// - read: ceil(size / 4 KB) RRU per item (at least 1, also for an item that is not there) when
//   strongly consistent, half of it when eventually consistent, ×2 inside TransactGetItems;
//   BatchGetItem charges every key as a GetItem; Query sums the sizes of the items it returns
//   and rounds the sum up once.

import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';

const utf8 = (s: string) => Buffer.byteLength(s, 'utf8');

/** Size of a number: 1 byte per two significant digits + 1 (leading and trailing zeros trimmed). */
export function numberSize(n: string): number {
  const digits =
    n
      .replace(/^[-+]/, '')
      .replace(/[eE].*$/, '')
      .replace('.', '')
      .replace(/^0+/, '')
      .replace(/0+$/, '').length || 1;
  return Math.ceil(digits / 2) + 1;
}

const binarySize = (b: unknown) => (typeof b === 'string' ? Buffer.from(b, 'base64').length : (b as Uint8Array).length);

/** Size of one attribute value in DynamoDB's wire form ({ S: … }, { N: … }, { M: … } …). */
export function valueSize(v: AttributeValue): number {
  if (v.S !== undefined) return utf8(v.S);
  if (v.N !== undefined) return numberSize(v.N);
  if (v.B !== undefined) return binarySize(v.B);
  if (v.BOOL !== undefined || v.NULL !== undefined) return 1;
  if (v.L !== undefined) return 3 + v.L.reduce((a, x) => a + 1 + valueSize(x), 0);
  if (v.M !== undefined) return 3 + Object.entries(v.M).reduce((a, [k, x]) => a + 1 + utf8(k) + valueSize(x), 0);
  if (v.SS !== undefined) return v.SS.reduce((a, x) => a + utf8(x), 0);
  if (v.NS !== undefined) return v.NS.reduce((a, x) => a + numberSize(x), 0);
  if (v.BS !== undefined) return v.BS.reduce((a, x) => a + binarySize(x), 0);
  // An empty map as DynamoDB Local's stream writes it ({}).
  return 3;
}

/** Size of an item: Σ (attribute name bytes + value size). */
export function itemSize(item: Record<string, AttributeValue>): number {
  let n = 0;
  for (const [k, v] of Object.entries(item)) n += utf8(k) + valueSize(v);
  return n;
}

/** Write request units for one item of `bytes` (the larger of before and after). */
export const writeUnits = (bytes: number, transactional = false) => Math.max(1, Math.ceil(bytes / 1024)) * (transactional ? 2 : 1);

/** Read request units for one item of `bytes` (0 for an item that is not there: still charged). */
export const readUnits = (bytes: number, consistent: boolean, transactional = false) =>
  Math.max(1, Math.ceil(bytes / 4096)) * (consistent ? 1 : 0.5) * (transactional ? 2 : 1);

/** Read request units of a Query that returned items of these sizes (summed, rounded up once). */
export const queryUnits = (sizes: readonly number[], consistent: boolean) =>
  readUnits(
    sizes.reduce((a, b) => a + b, 0),
    consistent,
  );

/** One item's share of a call: what it cost, on which item kind (pk up to the first '#'). */
export interface UnitCharge {
  kind: string;
  rru: number;
  wru: number;
  bytes: number;
}

type Item = Record<string, AttributeValue>;
type Key = Record<string, AttributeValue>;

const kindOf = (pk: AttributeValue | string | undefined) => ((typeof pk === 'string' ? pk : pk?.S) ?? '?').split('#')[0] || '?';
const keyString = (k: Key) => `${k.pk?.S ?? ''}\u0000${k.sk?.S ?? ''}`;

/**
 * An item in the wire form: the document client's calls carry plain values (they are marshalled
 * further down the middleware stack, and unmarshalled on the way back), the low-level client's
 * wire values. Marshalled again with the document client's options they are what went over the
 * wire (a number keeps its significant digits).
 */
export function wire<T extends Record<string, unknown> | undefined>(item: T): Item {
  if (!item) return item as unknown as Item;
  const pk = (item as Record<string, unknown>).pk;
  if (pk !== undefined && typeof pk !== 'string') return item as unknown as Item;
  return marshall(item, { removeUndefinedValues: true, convertEmptyValues: false, convertClassInstanceToMap: true });
}

/**
 * Counts the request units of DynamoDB calls from their (marshalled) input and output. Remembers
 * the size of every item it saw written or read, so a PutItem replacing an item is charged the
 * larger of the two (items it never saw are charged their new size).
 */
export class UnitCounter {
  private readonly sizes = new Map<string, number>();

  /** The charges of one call; `failed` calls (condition not met, transaction cancelled) still pay their writes. */
  charges(command: string, input: unknown, output: unknown, failed: boolean): UnitCharge[] {
    const out: UnitCharge[] = [];
    const inp = (input ?? {}) as Record<string, unknown>;
    const res = (output ?? {}) as Record<string, unknown>;
    const write = (item: Item, transactional: boolean) => {
      const ks = keyString(item);
      const bytes = itemSize(item);
      const before = this.sizes.get(ks) ?? 0;
      if (!failed) this.sizes.set(ks, bytes);
      out.push({ kind: kindOf(item.pk), rru: 0, wru: writeUnits(Math.max(bytes, before), transactional), bytes });
    };
    const read = (key: Key, item: Item | undefined, consistent: boolean, transactional = false) => {
      const bytes = item ? itemSize(item) : 0;
      if (item) this.sizes.set(keyString(key), bytes);
      out.push({ kind: kindOf(key.pk), rru: readUnits(bytes, consistent, transactional), wru: 0, bytes });
    };
    switch (command) {
      case 'PutItem':
        write(wire(inp.Item as Item), false);
        break;
      case 'BatchWriteItem': {
        const unprocessed = new Set<string>();
        for (const reqs of Object.values((res.UnprocessedItems ?? {}) as Record<string, Array<{ PutRequest?: { Item: Item } }>>))
          for (const r of reqs) if (r.PutRequest) unprocessed.add(keyString(wire(r.PutRequest.Item)));
        for (const reqs of Object.values((inp.RequestItems ?? {}) as Record<string, Array<{ PutRequest?: { Item: Item }; DeleteRequest?: { Key: Key } }>>))
          for (const r of reqs) {
            if (r.PutRequest && !unprocessed.has(keyString(wire(r.PutRequest.Item)))) write(wire(r.PutRequest.Item), false);
            else if (r.DeleteRequest)
              out.push({
                kind: kindOf(wire(r.DeleteRequest.Key).pk),
                rru: 0,
                wru: writeUnits(this.sizes.get(keyString(wire(r.DeleteRequest.Key))) ?? 0),
                bytes: 0,
              });
          }
        break;
      }
      case 'TransactWriteItems':
        for (const t of (inp.TransactItems ?? []) as Array<{ Put?: { Item: Item }; ConditionCheck?: { Key: Key } }>) {
          if (t.Put) write(wire(t.Put.Item), true);
          else if (t.ConditionCheck)
            out.push({
              kind: kindOf(wire(t.ConditionCheck.Key).pk),
              rru: 0,
              wru: writeUnits(this.sizes.get(keyString(wire(t.ConditionCheck.Key))) ?? 0, true),
              bytes: 0,
            });
        }
        break;
      case 'GetItem':
        if (!failed) read(wire(inp.Key as Key), wire(res.Item as Item | undefined), inp.ConsistentRead === true);
        break;
      case 'BatchGetItem': {
        if (failed) break;
        for (const [table, req] of Object.entries((inp.RequestItems ?? {}) as Record<string, { Keys: Key[]; ConsistentRead?: boolean }>)) {
          const found = new Map(((res.Responses as Record<string, Item[]> | undefined)?.[table] ?? []).map((i) => [keyString(wire(i)), wire(i)]));
          const unprocessed = new Set(
            ((res.UnprocessedKeys as Record<string, { Keys: Key[] }> | undefined)?.[table]?.Keys ?? []).map((k) => keyString(wire(k))),
          );
          for (const k of req.Keys.map((x) => wire(x))) if (!unprocessed.has(keyString(k))) read(k, found.get(keyString(k)), req.ConsistentRead === true);
        }
        break;
      }
      case 'Query': {
        if (failed) break;
        const items = ((res.Items ?? []) as Item[]).map((i) => wire(i));
        // A projected Query is charged on the whole items: use their full size where known.
        const sizes = items.map((i) => Math.max(itemSize(i), (i.pk && i.sk ? this.sizes.get(keyString(i)) : undefined) ?? 0));
        const pk = ((inp.ExpressionAttributeValues ?? {}) as Record<string, AttributeValue | string>)[':pk'];
        out.push({ kind: kindOf(pk), rru: queryUnits(sizes, inp.ConsistentRead === true), wru: 0, bytes: sizes.reduce((a, b) => a + b, 0) });
        break;
      }
    }
    return out;
  }
}

/** Request units summed by item kind. */
export type UnitTotals = Record<string, { rru: number; wru: number; items: number }>;

export function addCharges(into: UnitTotals, charges: readonly UnitCharge[]): void {
  for (const c of charges) {
    const t = (into[c.kind] ??= { rru: 0, wru: 0, items: 0 });
    t.rru += c.rru;
    t.wru += c.wru;
    t.items++;
  }
}

export const sumUnits = (t: UnitTotals) => Object.values(t).reduce((a, x) => ({ rru: a.rru + x.rru, wru: a.wru + x.wru }), { rru: 0, wru: 0 });
