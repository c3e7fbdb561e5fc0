/**
 * The stored clients, indexed by every key a record of the file may be matched on.
 */
import type { CorporationRecord } from '../../model/client.js';
import { foldName } from '../../model/fold.js';
import type { StoredClient } from '../../ports.js';
import { familyKey } from './identity.js';

export const push = <K, V>(map: Map<K, V[]>, key: K, value: V): void => {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
};

/** A map whose values are usually single: an array only where a key repeats (100k fewer arrays). */
class MultiMap<V extends object> {
  private readonly map = new Map<string, V | V[]>();

  /**
   * Indexes `values` by `keyOf`, in order. One `set` per value: a key repeated shows as a map smaller than the
   * number of keys, and only then a second pass groups the values of each key (in order).
   */
  constructor(values: readonly V[], keyOf: (value: V) => string | undefined) {
    let count = 0;
    for (const value of values) {
      const key = keyOf(value);
      if (key === undefined) continue;
      this.map.set(key, value);
      count++;
    }
    if (this.map.size === count) return;
    const groups = new Map<string, V[]>();
    for (const value of values) {
      const key = keyOf(value);
      if (key !== undefined) push(groups, key, value);
    }
    for (const [key, list] of groups) if (list.length > 1) this.map.set(key, list);
  }

  get(key: string): readonly V[] | undefined {
    const current = this.map.get(key);
    return current === undefined ? undefined : Array.isArray(current) ? current : [current];
  }

  /** The value, or the array of values when the key repeats (no allocation on the hot path). */
  raw(key: string): V | readonly V[] | undefined {
    return this.map.get(key);
  }
}

/** Indexes of the stored clients, built lazily: a diff where every SIN matches never folds a name. */
/** Where a SIN's stored clients are: the position of the one client in `existing`, or the positions of several. */
export type SinSlot = number | readonly number[];

export class StoredIndex {
  /** Stored individuals by SIN, as positions in {@link existing} (numbers: no object and no extra array per client). */
  private readonly sins = new Map<string, number | number[]>();
  readonly byBn: MultiMap<StoredClient>;
  readonly byNeq: MultiMap<StoredClient>;
  private readonly sinless: StoredClient[] = [];
  private readonly corporations: StoredClient[] = [];
  private families: Map<string, StoredClient[]> | undefined;
  private sinlessFamilies: Map<string, StoredClient[]> | undefined;
  private corporationNames: Map<string, StoredClient[]> | undefined;

  /** `notARecord`: called with the position of an item that is not an object (plain-JavaScript callers); it throws. */
  constructor(
    readonly existing: readonly StoredClient[],
    notARecord: (position: number) => never,
  ) {
    // One pass, one `set` per SIN; only when one repeats (the map is smaller than the count) are the positions grouped.
    let count = 0;
    for (let p = 0; p < existing.length; p++) {
      const client = existing[p] as StoredClient;
      if (typeof client !== 'object' || (client as StoredClient | null) === null) notARecord(p);
      if (client.kind === 'individual') {
        const sin = client.sin;
        if (sin === undefined) this.sinless.push(client);
        else {
          this.sins.set(sin, p);
          count++;
        }
      } else this.corporations.push(client);
    }
    if (this.sins.size !== count) {
      const groups = new Map<string, number[]>();
      existing.forEach((c, p) => {
        if (c.kind === 'individual' && c.sin !== undefined) push(groups, c.sin, p);
      });
      for (const [sin, list] of groups) if (list.length > 1) this.sins.set(sin, list);
    }
    this.byBn = new MultiMap(this.corporations, (c) => (c as CorporationRecord).businessNumber);
    this.byNeq = new MultiMap(this.corporations, (c) => (c as CorporationRecord).neq);
  }

  /** Where the stored clients with this SIN are, if any. */
  sinSlot(sin: string): SinSlot | undefined {
    return this.sins.get(sin);
  }

  /** The first position of a slot: the one place a row's claim on the SIN is recorded. */
  static first(slot: SinSlot): number {
    return typeof slot === 'number' ? slot : (slot[0] as number);
  }

  /** The stored client of a slot, or its clients when the host's data has the SIN more than once. */
  clientsAt(slot: SinSlot): StoredClient | readonly StoredClient[] {
    return typeof slot === 'number' ? (this.existing[slot] as StoredClient) : slot.map((p) => this.existing[p] as StoredClient);
  }

  /** Stored individuals of the same client file with the same folded names (only those without a SIN if asked). */
  family(key: string, withoutSin: boolean): readonly StoredClient[] {
    const build = (clients: readonly StoredClient[]): Map<string, StoredClient[]> => {
      const map = new Map<string, StoredClient[]>();
      for (const client of clients) {
        if (client.kind !== 'individual') continue;
        const k = familyKey(client);
        if (k !== undefined) push(map, k, client);
      }
      return map;
    };
    if (withoutSin) return (this.sinlessFamilies ??= build(this.sinless)).get(key) ?? [];
    return (this.families ??= build(this.existing)).get(key) ?? [];
  }

  /** Stored corporations with the same folded name. */
  corporationsNamed(name: string): readonly StoredClient[] {
    if (this.corporationNames === undefined) {
      this.corporationNames = new Map();
      for (const client of this.corporations) push(this.corporationNames, foldName((client as CorporationRecord).name), client);
    }
    return this.corporationNames.get(foldName(name)) ?? [];
  }
}
