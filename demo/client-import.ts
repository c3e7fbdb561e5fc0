/**
 * Demo of job 1, the client import: the bundled DT Max and Taxprep client lists imported twice into the in-memory
 * store, portal and outbox. The first run previews and applies (creations, updates, conflicts, invitations); the
 * second run finds nothing left to do.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import {
  applyClientImport,
  createMemoryClientStore,
  createMemoryPortal,
  createOutboxMailer,
  formatImportPreview,
  formatImportReport,
  isTaxsyncError,
  previewClientImport,
  type ClientImportSource,
  type Locale,
} from '../src/index.js';

interface Firm {
  /** The firm's name, in its invitation e-mails. */
  readonly name: string;
  /** Its account manager for new clients. */
  readonly accountManager: string;
  /** Language the previews and reports are printed in. */
  readonly locale: Locale;
  readonly source: ClientImportSource;
  /** Its exports, in samples/. */
  readonly files: readonly string[];
}

// A firm works in one tax program: one imports DT Max lists (shown in French), the other Taxprep workbooks (English).
const FIRMS: readonly Firm[] = [
  { name: 'Cabinet Tremblay CPA', accountManager: 'julie.tremblay', locale: 'fr', source: 'dtmax', files: ['dtmax-particuliers.csv', 'dtmax-societes.csv'] },
  { name: 'Lévesque & Nguyen CPA', accountManager: 'minh.nguyen', locale: 'en', source: 'taxprep', files: ['taxprep-particuliers.xlsx', 'taxprep-societes.xlsx'] },
];

const samplePath = (file: string): string => new URL(`../samples/${file}`, import.meta.url).pathname;

/** Imports the sample client lists into the memory adapters twice and prints previews and reports. */
export async function runClientImportDemo(log: (line: string) => void): Promise<void> {
  log('');
  log('## Importation des clients / Client import');
  for (const firm of FIRMS) {
    const store = createMemoryClientStore();
    const portal = createMemoryPortal({ baseUrl: 'https://portail.example.test' });
    const mailer = createOutboxMailer();
    const ports = { store, portal, mailer };
    log('');
    log(`### ${firm.name} (${firm.source === 'dtmax' ? 'DT Max' : 'Taxprep'})`);
    for (const run of [1, 2]) {
      for (const file of firm.files) {
        const path = samplePath(file);
        if (!existsSync(path)) {
          log(`(samples/${file} : fichier absent, ignoré / missing, skipped)`);
          continue;
        }
        log('');
        log(`#### samples/${file}${run === 1 ? '' : firm.locale === 'fr' ? ' — deuxième importation du même fichier' : ' — the same file imported again'}`);
        try {
          const preview = await previewClientImport(
            { source: firm.source, file: new Uint8Array(await readFile(path)), accountManager: firm.accountManager, locale: firm.locale },
            { store },
          );
          const report = await applyClientImport(preview, ports, { firmName: firm.name });
          if (run === 1) {
            log(formatImportPreview(preview));
            log('');
            log(formatImportReport(report));
          } else {
            // Nothing left to do: the counts say so.
            log(formatImportPreview(preview).split('\n')[0] ?? '');
            log(formatImportReport(report).split('\n')[0] ?? '');
          }
        } catch (error) {
          // The Taxprep reader lives in taxsync/xlsx; a build without it skips the workbooks instead of failing.
          if (firm.source === 'taxprep' && isTaxsyncError(error) && error.code === 'invalid_input') {
            log(`(${file} : ${error.messageIn(firm.locale)})`);
            continue;
          }
          throw error;
        }
      }
    }
    log('');
    log(firm.locale === 'fr'
      ? `Boîte d'envoi : ${mailer.messages.length} invitations, ${portal.users().length} comptes du portail, ${store.size} clients.`
      : `Outbox: ${mailer.messages.length} invitations, ${portal.users().length} portal users, ${store.size} clients.`);
    const message = mailer.messages.find((m) => m.language === firm.locale) ?? mailer.messages[0];
    if (message === undefined) continue;
    log('');
    log(`To: ${message.to}`);
    log(`Subject: ${message.subject}`);
    log('');
    for (const line of message.text.split('\n')) log(`  ${line}`);
  }
}
