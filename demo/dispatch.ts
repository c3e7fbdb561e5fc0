/**
 * Demo of job 2, document dispatch: the firm's client list imported into the in-memory store, then three sample
 * archives of T183 forms (a modern zip, an old Windows zip with CP437 names, a macOS zip) previewed, the plan kept as
 * JSON (as a web app keeps it between "Aperçu" and "Envoyer"), read back and applied from the document store with no
 * archive, and applied again to show that nothing is sent twice.
 */
import { readFile } from 'node:fs/promises';
import {
  applyClientImport,
  applyDocumentDispatch,
  createMemoryClientStore,
  createMemoryDocumentStore,
  createMemoryPortal,
  createOutboxMailer,
  formatDispatchPreview,
  formatDispatchReport,
  loadDispatchPlan,
  previewClientImport,
  previewDocumentDispatch,
} from '../src/index.js';

const sample = (file: string): Promise<Uint8Array> => readFile(new URL(`../samples/${file}`, import.meta.url));
const indent = (text: string): string => text.split('\n').map((l) => `  ${l}`).join('\n');

/** Runs the dispatch demo, printing through `log`. */
export async function runDispatchDemo(log: (line: string) => void): Promise<void> {
  log('\n## 3. Envoi de documents / Document dispatch');
  const store = createMemoryClientStore();
  const portal = createMemoryPortal();
  const mailer = createOutboxMailer();
  const documents = createMemoryDocumentStore();
  const settings = { firmName: 'Cabinet Tremblay CPA', portalUrl: 'https://portail.example.test' };

  const preview = await previewClientImport({ file: await sample('dtmax-particuliers.csv'), source: 'dtmax', accountManager: 'julie.tremblay', locale: 'fr' }, { store });
  const imported = await applyClientImport(preview, { store, portal, mailer }, settings);
  log(`Clients importés depuis samples/dtmax-particuliers.csv : ${imported.summary.created} (Simon Provencher est en conflit dans ce fichier, il n'est donc pas client).`);
  mailer.clear();

  for (const file of ['t183-2025-cabinet.zip', 't183-2025-windows.zip', 't183-2025-macos.zip']) {
    const input = { zip: await sample(file), documentType: 'T183', year: 2025, purpose: 'sign' as const };
    const preview = await previewDocumentDispatch(input, { store, documents, portal, mailer }, { locale: 'fr' });
    log(`\n### samples/${file}\n`);
    log(indent(formatDispatchPreview(preview)));
    // Between two requests the plan is JSON: no PDF, no full SIN; the PDFs wait in the document store.
    const stored = JSON.stringify(preview.document);
    const plan = await loadDispatchPlan(stored);
    const report = await applyDocumentDispatch(plan, { store, portal, mailer, documents }, settings);
    log('');
    log(indent(formatDispatchReport(report)));
    if (report.summary.sent !== preview.summary.ready) throw new Error(`the preview said ${preview.summary.ready} ready, the apply sent ${report.summary.sent}`);
    const again = await applyDocumentDispatch(plan, { store, portal, mailer, documents }, settings);
    log(`\n  Deuxième application du même envoi : ${again.summary.sent} envoyé, ${again.summary.emailsSent} courriel — rien n'est envoyé deux fois.`);
  }

  log(`\nPortail : ${portal.documents().length} documents déposés; boîte d'envoi : ${mailer.messages.length} courriels; ${documents.size} PDF dans le stockage de documents.`);
  const first = mailer.messages.find((m) => m.category === 'documents-sign');
  if (first !== undefined) {
    log(`\nTo: ${first.to}\nSubject: ${first.subject}\n`);
    log(indent(first.text));
  }
  const english = portal.documents().find((d) => d.language === 'en');
  if (english !== undefined) log(`\nDocument en anglais / English document: "${english.title}", ${english.fields.length} fields (${english.fields.map((f) => f.name).join(', ')}).`);
}
