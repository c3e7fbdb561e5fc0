// Frozen oracle: the implementation before #13 (commit 0078d5b), for the differential tests. See README.md; never edit to make a test pass.
/**
 * The stored clients, indexed by every key a record of the file may be matched on.
 */
import type { CorporationRecord, IndividualRecord } from '../../src/model/client.js';
import { foldName } from './fold.js';
import type { StoredClient } from '../../src/ports.js';
import { familyKey } from './diff-identity.js';

export const push = <K, V>(map: Map<K, V[]>, key: K, value: V): void => {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
};

/** A map whose values are usually single: an array only where a key repeats (100k fewer arrays). */
class MultiMap<V extends object> {
  private readonly map = new Map<string, V | V[]>();

  add(key: string, value: V): void {
    const current = this.map.get(key);
    if (current === undefined) this.map.set(key, value);
    else if (Array.isArray(current)) current.push(value);
    else this.map.set(key, [current, value]);
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
export class StoredIndex {
  readonly bySin = new MultiMap<StoredClient>();
  readonly byBn = new MultiMap<StoredClient>();
  readonly byNeq = new MultiMap<StoredClient>();
  private readonly individuals: StoredClient[] = [];
  private readonly sinless: StoredClient[] = [];
  private readonly corporations: StoredClient[] = [];
  private families: Map<string, StoredClient[]> | undefined;
  private sinlessFamilies: Map<string, StoredClient[]> | undefined;
  private corporationNames: Map<string, StoredClient[]> | undefined;

  constructor(existing: readonly StoredClient[]) {
    for (const client of existing) {
      if (client.kind === 'individual') {
        this.individuals.push(client);
        if (client.sin === undefined) this.sinless.push(client);
        else this.bySin.add(client.sin, client);
      } else {
        this.corporations.push(client);
        if (client.businessNumber !== undefined) this.byBn.add(client.businessNumber, client);
        if (client.neq !== undefined) this.byNeq.add(client.neq, client);
      }
    }
  }

  /** Stored individuals of the same client file with the same folded names (only those without a SIN if asked). */
  family(key: string, withoutSin: boolean): readonly StoredClient[] {
    const build = (clients: readonly StoredClient[]): Map<string, StoredClient[]> => {
      const map = new Map<string, StoredClient[]>();
      for (const client of clients) {
        const k = familyKey(client as IndividualRecord);
        if (k !== undefined) push(map, k, client);
      }
      return map;
    };
    if (withoutSin) return (this.sinlessFamilies ??= build(this.sinless)).get(key) ?? [];
    return (this.families ??= build(this.individuals)).get(key) ?? [];
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
