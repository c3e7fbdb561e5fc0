/**
 * A lookup structure over the host's clients, built once and reused for every file of a batch.
 *
 * Built for firm scale: the index itself holds only the SIN and BN lookups (one Map entry per client, an array only
 * where a key repeats). Everything that needs a client's name folded is built on first use — the client numbers,
 * the exact-name lookup (keyed by a hash of the folded words, computed without building a string per client), the
 * surname words — and the name profile of a client is built when a file names that client, then kept in a bounded
 * cache: a batch named by SIN folds the names of the few thousand clients it touches, not of all of them.
 */
import { InvalidArgumentError } from '../errors/invalid-argument.js';
import type { ClientRecord } from '../model/client.js';
import { foldedChar } from '../model/fold.js';
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

/** A client, or the clients sharing a key: most keys have one client, and one-element arrays cost 100k arrays. */
type Slot<C> = C | C[];

function add<K, C extends object>(map: Map<K, Slot<C>>, key: K, client: C): void {
  const slot = map.get(key);
  if (slot === undefined) map.set(key, client);
  else if (Array.isArray(slot)) slot.push(client);
  else map.set(key, [slot, client]);
}

const all = <C>(slot: Slot<C> | undefined): readonly C[] => (slot === undefined ? EMPTY : Array.isArray(slot) ? slot : [slot]);

/** Profiles kept per index (a batch touches a few thousand clients); past this, the oldest makes room. */
const PROFILE_CACHE_LIMIT = 50_000;

// Hash of a set of folded words, order-free (the sum of each distinct word's hash): the exact-name lookup's key.
// Equal word sets give equal hashes; a collision only brings a candidate that the exact comparison then drops.
const FNV_OFFSET = 0x811c9dc5;
const fnv = (h: number, code: number): number => Math.imul(h ^ code, 0x01000193);
const finish = (h: number): number => {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
};
const sumDistinct = (hashes: readonly number[]): number => {
  let sum = 0;
  for (let i = 0; i < hashes.length; i++) if (hashes.indexOf(hashes[i] as number) === i) sum = (sum + (hashes[i] as number)) | 0;
  return sum;
};

/** The key of folded words (as `nameWords` gives them). */
function wordsHash(words: readonly string[]): number {
  const hashes: number[] = [];
  for (const word of words) {
    if (word === '') continue;
    let h = FNV_OFFSET;
    for (let i = 0; i < word.length; i++) h = fnv(h, word.charCodeAt(i));
    hashes.push(finish(h));
  }
  return sumDistinct(hashes);
}

const isWordChar = (code: number): boolean => (code >= 97 && code <= 122) || (code >= 48 && code <= 57);

/**
 * The same key as {@link wordsHash} of `nameWords(first + ' ' + last)`, read straight from the characters through the
 * fold table; `undefined` when a character lies beyond the table (the caller then folds the name as strings).
 */
function personHash(first: string, last: string, hashes: number[]): number | undefined {
  hashes.length = 0;
  let h = FNV_OFFSET;
  let inWord = false;
  const step = (code: number): void => {
    if (isWordChar(code)) {
      h = fnv(h, code);
      inWord = true;
    } else if (inWord) {
      hashes.push(finish(h));
      h = FNV_OFFSET;
      inWord = false;
    }
  };
  for (const text of [first, last]) {
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code < 0x80) {
        step(code >= 65 && code <= 90 ? code + 32 : code);
        continue;
      }
      const folded = foldedChar(code);
      if (folded === undefined) return undefined;
      for (let j = 0; j < folded.length; j++) step(folded.charCodeAt(j));
    }
    step(32);
  }
  return sumDistinct(hashes);
}

const profileFor = (client: ClientRecord): NameProfile => profileOf(client.kind === 'individual' ? client : { name: client.name });

/**
 * Indexes clients for matching. Building the index for 100,000 clients takes a few tens of milliseconds and keeps
 * about a hundred bytes per client; reuse it for the whole batch.
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
  const invalid = (): never => {
    throw new InvalidArgumentError('invalid_input', { detail: 'clients must be an array of client records (kind individual or corporation) or a createClientIndex index' });
  };
  if (!Array.isArray(clients)) invalid();
  const sins = new Map<string, Slot<C>>();
  const bns = new Map<string, Slot<C>>();
  for (let i = 0; i < clients.length; i++) {
    const client = clients[i] as C;
    if (typeof client !== 'object' || client === null) invalid();
    if (client.kind === 'individual') {
      if (client.sin !== undefined) add(sins, client.sin, client);
    } else if (client.kind === 'corporation') {
      if (client.businessNumber !== undefined) add(bns, client.businessNumber, client);
    } else invalid();
  }

  let numbers: Map<string, Slot<C>> | undefined;
  let surnames: Map<string, Slot<C>> | undefined;
  let exact: Map<number, Slot<C>> | undefined;
  // The profile of each client a batch touched, and its exact-name key once asked for.
  const profiles = new Map<C, { readonly profile: NameProfile; key?: string }>();
  const entry = (client: C): { readonly profile: NameProfile; key?: string } => {
    let found = profiles.get(client);
    if (found === undefined) {
      found = { profile: profileFor(client) };
      if (profiles.size >= PROFILE_CACHE_LIMIT) profiles.delete(profiles.keys().next().value as C);
      profiles.set(client, found);
    }
    return found;
  };
  const exactKey = (client: C): string => {
    const found = entry(client);
    return (found.key ??= wordsKey(found.profile.words));
  };
  const exactNames = (): Map<number, Slot<C>> => {
    if (exact !== undefined) return exact;
    exact = new Map();
    const scratch: number[] = [];
    for (const client of clients) {
      const hash = client.kind === 'individual' ? personHash(client.firstName, client.lastName, scratch) : undefined;
      add(exact, hash ?? wordsHash(profileFor(client).words), client);
    }
    return exact;
  };

  return {
    [Symbol.toStringTag]: 'ClientIndex',
    size: clients.length,
    bySin: (sin) => all(sins.get(sin)),
    byBusinessNumber: (bn) => all(bns.get(bn)),
    byClientNumber: (n) => {
      if (numbers === undefined) {
        numbers = new Map();
        for (const client of clients) if (client.clientNumber !== undefined) add(numbers, client.clientNumber.trim().toLowerCase(), client);
      }
      return all(numbers.get(n.trim().toLowerCase()));
    },
    bySurnameWord: (word) => {
      if (surnames === undefined) {
        surnames = new Map();
        for (const client of clients) {
          const p = profileFor(client);
          for (const w of p.surnameWords) add(surnames, w, client);
          for (const form of p.surnameForms) if (!p.surnameWords.includes(form)) add(surnames, form, client);
        }
      }
      return all(surnames.get(word));
    },
    byExactName: (words) => {
      const map = exactNames();
      const found: C[] = [];
      for (const key of fileNameKeys(words)) {
        const slot = map.get(wordsHash(key === '' ? [] : key.split(' ')));
        for (const client of all(slot)) if (exactKey(client) === key && !found.includes(client)) found.push(client);
      }
      return found.length === 0 ? EMPTY : found;
    },
    profile: (client) => entry(client).profile,
  };
}

/** True when `value` was made by {@link createClientIndex}. */
export function isClientIndex<C extends ClientRecord>(value: readonly C[] | ClientIndex<C>): value is ClientIndex<C> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && (value as Partial<ClientIndex<C>>)[Symbol.toStringTag] === 'ClientIndex';
}
