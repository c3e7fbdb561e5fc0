/**
 * Test doubles around the reference adapters: a store that "dies" after N writes (a killed process), a store that
 * refuses one client, a mailer that dies mid-send, and a way to compare two stores' contents.
 */
import type { ClientStore, Mailer, MemoryClientStore, StoredClient } from '../../src/index.js';
import { csvText, encodeText } from '../fixtures/csv.js';
import { wrapStore } from '../fixtures/wrap-store.js';

/** The header of the DT Max sample lists used across the client tests. */
export const HEADER = ['NAS', 'Prénom', 'Nom', 'Date de naissance', 'Courriel', 'Téléphone', 'Langue', 'Adresse', 'Ville', 'Province', 'Code postal', 'Dossier', 'Lien'];

/** A DT Max export of a small practice: a family (one dependant without e-mail), an anglophone, a bad SIN. */
export const FAMILY_ROWS = [
  ['130 692 544', 'SIMON', 'PROVENCHER', '1978-05-14', 'simon.provencher@exemple.ca', '(514) 555-0142', 'Français', '1234, rue Saint-Denis', 'Montréal', 'Québec', 'h2x 3j8', 'PROVENCHER-2025', 'Contribuable'],
  ['271 845 935', 'Marie-Ève', 'Côté', '1980-11-02', 'marie-eve.cote@exemple.ca', '514-555-0143', 'F', '1234, rue Saint-Denis', 'Montréal', 'Qc', 'H2X3J8', 'PROVENCHER-2025', 'Conjoint'],
  ['000 000 000', 'Léa', 'Provencher', '2012-08-30', '', '', 'F', '1234, rue Saint-Denis', 'Montréal', 'QC', 'H2X 3J8', 'PROVENCHER-2025', 'Personne à charge'],
  ['412 589 632', 'Seán', 'O’Brien', '1965-02-28', 'sean.obrien@example.com', '+1 613 555 0199', 'Anglais', '88 Sparks Street', 'Ottawa', 'Ontario', 'K1P 5B4', 'OBRIEN-2025', 'Contribuable'],
  ['123 456 789', 'Jean-François', 'Bélanger', '1972-07-19', 'jf.belanger@exemple.ca', '', 'F', '12, avenue des Érables', 'Gatineau', 'Québec', 'J8Y 6T1', 'BELANGER-2025', 'Contribuable'],
  ['631 478 526', 'Zoé', 'Gagnon-Tremblay', '1990-12-25', 'zoe.gt@exemple.ca', '450 555 0177 poste 12', 'F', '9, rang du Moulin', 'Saint-Jean-sur-Richelieu', 'Québec', 'J3B 7K9', 'GAGNON-2025', 'Contribuable'],
] as const;

/** The sample list as Windows-1252 bytes, as DT Max saves it. */
export function dtmaxFile(rows: readonly (readonly string[])[] = FAMILY_ROWS): Uint8Array {
  return encodeText(csvText([HEADER, ...rows]), 'windows-1252');
}

/** JSON with sorted keys at every level. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** What a store holds, without ids and versions, in a stable order: two runs that did the same work compare equal. */
export function contentOf(store: MemoryClientStore): string[] {
  return store
    .snapshot()
    .map(({ id: _id, version: _version, ...data }: StoredClient) => stableJson(data))
    .sort();
}

/** Counts writes (create, update, appendJournal, and the client-file and signature writes) that reached the store. */
export interface WriteBudget {
  /** Writes still allowed; the next one after zero "kills the process". */
  remaining: number;
  /** `before`: the fatal write never happens. `after`: it happens, but its answer is lost. */
  readonly mode: 'before' | 'after';
  /** Writes done so far. */
  done: number;
}

/**
 * A store that behaves like a process killed after N writes: from then on every write throws (reads still work,
 * as for a process that died, only the writes matter).
 */
export function dyingStore(inner: ClientStore, budget: WriteBudget): ClientStore {
  const write = async <T>(run: () => Promise<T>): Promise<T> => {
    if (budget.remaining <= 0) {
      if (budget.mode === 'after' && budget.remaining === 0) {
        budget.remaining = -1;
        budget.done++;
        await run();
      }
      throw new Error('process killed');
    }
    budget.remaining--;
    budget.done++;
    return run();
  };
  const putClientFile = inner.putClientFile?.bind(inner);
  const putSignatureRecord = inner.putSignatureRecord?.bind(inner);
  return wrapStore(inner, {
    create: (input) => write(() => inner.create(input)),
    update: (input) => write(() => inner.update(input)),
    appendJournal: (entries) => write(() => inner.appendJournal(entries)),
    ...(putClientFile === undefined ? {} : { putClientFile: (file) => write(() => putClientFile(file)) }),
    ...(putSignatureRecord === undefined ? {} : { putSignatureRecord: (input) => write(() => putSignatureRecord(input)) }),
  });
}

/** A store that refuses to create one client (as a database constraint would), with a SIN in its error text. */
export function refusingStore(inner: ClientStore, refusedSin: string): ClientStore {
  return wrapStore(inner, {
    create: async (input) => {
      if (input.record.kind === 'individual' && input.record.sin === refusedSin) {
        throw new Error(`duplicate key value violates unique constraint "clients_sin_key": Key (sin)=(${refusedSin}) already exists.`);
      }
      return inner.create(input);
    },
  });
}

/** A mailer whose send hands the message over and then dies before answering, once. */
export function mailerDyingAfterSend(inner: Mailer, sendsBeforeDeath: number): Mailer & { deaths: number } {
  let left = sendsBeforeDeath;
  const mailer = {
    capabilities: inner.capabilities,
    deaths: 0,
    async send(message: Parameters<Mailer['send']>[0]) {
      const receipt = await inner.send(message);
      if (left-- === 0) {
        mailer.deaths++;
        throw new Error('process killed while sending');
      }
      return receipt;
    },
  };
  return mailer;
}
