// Frozen oracle: the implementation before #13 (commit 0078d5b), for the differential tests. See README.md; never edit to make a test pass.
/**
 * A lookup structure over the host's clients, built once and reused for every file of a batch.
 */
import { InvalidArgumentError } from '../../src/errors/invalid-argument.js';
import type { ClientRecord } from '../../src/model/client.js';
import { fileNameKeys, profileOf, wordsKey, type NameProfile } from './names.js';

/**
 * Clients indexed by SIN, business number, client number and surname words. Build it with
 * {@link createClientIndex} and pass it to `matchPdfToClient` for every file of a batch.
 *
 * @typeParam C - the host's client type (for example a `StoredClient` with its `id`); matches return it as given.
 */
export interface ClientIndex<C extends ClientRecord = ClientRecord> {
  /** Always `'ClientIndex'`: tells an index from an array of clients. */
  readonly [Symbol.toStringTag]: 'ClientIndex';
  /** Number of clients indexed. */
  readonly size: number;
  /** Clients with this SIN (nine digits). More than one means the host's data holds a duplicate. */
  bySin(sin: string): readonly C[];
  /** Corporations with this BN9. */
  byBusinessNumber(bn: string): readonly C[];
  /** Clients with this tax-program client number (a family may share one). */
  byClientNumber(clientNumber: string): readonly C[];
  /** Clients whose surname (or corporation name) has this folded word or `<NNNN>` form. */
  bySurnameWord(word: string): readonly C[];
  /** Clients whose whole name is exactly these folded words, in any order (see `nameWords`). */
  byExactName(words: readonly string[]): readonly C[];
  /** The name-comparison profile of an indexed client. */
  profile(client: C): NameProfile;
}

const EMPTY: readonly never[] = /* @__PURE__ */ Object.freeze([]);

function push<C>(map: Map<string, C[]>, key: string, client: C): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [client]);
  else list.push(client);
}

/**
 * Indexes clients for matching. Building the index for 100,000 clients takes well under a second; reuse it for the
 * whole batch.
 *
 * @example
 * ```ts
 * const index = createClientIndex(await store.listClients());
 * for (const name of fileNames) {
 *   const match = matchPdfToClient(name, index);
 * }
 * ```
 */
export function createClientIndex<C extends ClientRecord>(clients: readonly C[]): ClientIndex<C> {
  if (!Array.isArray(clients) || clients.some((c) => typeof c !== 'object' || c === null || (c.kind !== 'individual' && c.kind !== 'corporation'))) {
    throw new InvalidArgumentError('invalid_input', { detail: 'clients must be an array of client records (kind individual or corporation) or a createClientIndex index' });
  }
  const sins = new Map<string, C[]>();
  const bns = new Map<string, C[]>();
  const numbers = new Map<string, C[]>();
  const surnames = new Map<string, C[]>();
  const exact = new Map<string, C[]>();
  const profiles = new Map<C, NameProfile>();
  for (const client of clients) {
    const profile = profileOf(client.kind === 'individual' ? client : { name: client.name });
    profiles.set(client, profile);
    if (client.kind === 'individual') {
      if (client.sin !== undefined) push(sins, client.sin, client);
    } else if (client.businessNumber !== undefined) push(bns, client.businessNumber, client);
    if (client.clientNumber !== undefined) push(numbers, client.clientNumber.trim().toLowerCase(), client);
    for (const word of profile.surnameWords) push(surnames, word, client);
    for (const form of profile.surnameForms) if (!profile.surnameWords.includes(form)) push(surnames, form, client);
    push(exact, wordsKey(profile.words), client);
  }
  return {
    [Symbol.toStringTag]: 'ClientIndex',
    size: clients.length,
    bySin: (sin) => sins.get(sin) ?? EMPTY,
    byBusinessNumber: (bn) => bns.get(bn) ?? EMPTY,
    byClientNumber: (n) => numbers.get(n.trim().toLowerCase()) ?? EMPTY,
    bySurnameWord: (word) => surnames.get(word) ?? EMPTY,
    byExactName: (words) => {
      const found = fileNameKeys(words).flatMap((key) => exact.get(key) ?? []);
      return found.length === 0 ? EMPTY : [...new Set(found)];
    },
    profile: (client) => profiles.get(client) ?? profileOf(client.kind === 'individual' ? client : { name: client.name }),
  };
}

/** True when `value` was made by {@link createClientIndex}. */
export function isClientIndex<C extends ClientRecord>(value: readonly C[] | ClientIndex<C>): value is ClientIndex<C> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && (value as Partial<ClientIndex<C>>)[Symbol.toStringTag] === 'ClientIndex';
}
