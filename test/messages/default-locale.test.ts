/**
 * One default language for the whole API (#10): every public function that takes a `locale` and is given none writes
 * French (`DEFAULT_LOCALE`). Each case feeds bad input with no locale and checks the French text, and that the same
 * call with `locale: 'en'` says something else in English — so a function that went back to an English default
 * fails here.
 */
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  createMemoryClientStore,
  createMemoryPortal,
  createOutboxMailer,
  DEFAULT_LOCALE,
  describeDispatchLine,
  describeSyncTaxpayer,
  diffClients,
  formatImportPreview,
  InvalidArgumentError,
  inviteOrMatchClient,
  loadClientImportPlan,
  loadDispatchPlan,
  matchPdfToClient,
  parseDtmaxCsv,
  previewClientImport,
  previewDocumentDispatch,
  readZip,
  renderClientForm,
  signatureLayoutFor,
  TaxsyncError,
  validateBusinessNumber,
  validateEmail,
  validateNeq,
  validatePhone,
  validatePostalCode,
  validateProvince,
  validateSin,
  type ClientRecord,
  type SyncLogTaxpayer,
} from '../../src/index.js';
import { createHttpPortal } from '../../src/http.js';
import { parseTaxprepXlsx } from '../../src/xlsx.js';
import { dtmaxCsv, HEADERS_FR, SIN } from '../fixtures/csv.js';
import { makePdf } from '../fixtures/pdfs.js';

/** The error a call throws (a call that does not throw fails the test). */
async function thrown(call: () => unknown): Promise<TaxsyncError> {
  try {
    await call();
  } catch (error) {
    expect(TaxsyncError.isInstance(error)).toBe(true);
    return error as TaxsyncError;
  }
  throw new Error('expected the call to throw');
}

/** A French sentence: French words the English catalogue never uses, none of the English ones. */
const FRENCH = /\b(le|la|les|du|des|n'est|aucun|aucune|numéro|fichier|ligne|chiffre|courriel)\b/i;
const ENGLISH = /\b(the|is not|no|file|row|number|not a)\b/;

function expectFrench(text: string): void {
  expect(text).toMatch(FRENCH);
  expect(text).not.toMatch(ENGLISH);
}

describe('DEFAULT_LOCALE', () => {
  it('is French, exported from the main entry', () => {
    expect(DEFAULT_LOCALE).toBe('fr');
  });
});

describe('with no locale, every locale-taking function writes French', () => {
  it('parseDtmaxCsv: row issues and the no-header error', async () => {
    const bad = dtmaxCsv([[...HEADERS_FR], ['1', '130 692 545', 'Zoé', 'Côté', '', '', '', '', '', '', '', '', '', '']], { encoding: 'windows-1252' });
    const [issue] = (await parseDtmaxCsv(bad)).issues;
    expect(issue?.code).toBe('sin_invalid');
    expect(issue?.message).toMatch(/^Le NAS \*\*\* \*\*\* 545 n'est pas valide : son chiffre de contrôle ne correspond pas/);
    const [english] = (await parseDtmaxCsv(bad, { locale: 'en' })).issues;
    expect(english?.message).toMatch(/^SIN \*\*\* \*\*\* 545 /);

    const error = await thrown(() => parseDtmaxCsv('Première colonne;Deuxième\n1;2\n'));
    expect(error.code).toBe('no_header');
    expect(error.message).toMatch(/^Aucun en-tête de liste de clients n'a été reconnu/);
    expect(error.messageIn('en')).toMatch(/^No client-list header/);
  });

  it('parseTaxprepXlsx (taxsync/xlsx): a file that is not a workbook', async () => {
    const error = await thrown(() => parseTaxprepXlsx(new TextEncoder().encode('NAS;Prénom;Nom\n')));
    expect(error.code).toBe('not_a_workbook');
    expect(error.message).toMatch(/^Ce n'est pas un classeur Excel/);
    expect((await thrown(() => parseTaxprepXlsx(new TextEncoder().encode('NAS;Prénom;Nom\n'), { locale: 'en' }))).message).toMatch(/workbook/);
  });

  it('matchPdfToClient: the reason a file is held', () => {
    const clients: (ClientRecord & { id: string })[] = [{ id: 'c1', kind: 'individual', sin: '130692544', firstName: 'Simon', lastName: 'Provencher' }];
    const match = matchPdfToClient('130 692 545 - Simon Provencher.pdf', clients);
    expect(match.status).toBe('unmatched');
    if (match.status === 'matched') return;
    expect(match.message).toMatch(/^Le numéro \*\*\* \*\*\* 545 dans le nom du fichier n'est pas un NAS/);
    const english = matchPdfToClient('130 692 545 - Simon Provencher.pdf', clients, { locale: 'en' });
    expect(english.status === 'matched' ? '' : english.message).toMatch(/file name/);
  });

  it('readZip: bytes that are not an archive', async () => {
    const error = await thrown(() => readZip(new Uint8Array([0x50, 0x4b, 1, 2, 3])));
    expect(error.code).toBe('zip_invalid');
    expect(error.message).toMatch(/^Ce n'est pas une archive zip lisible/);
    expect(error.messageIn('en')).not.toMatch(/^Ce n'est/);
  });

  it('the validators', () => {
    const failures = [
      validateSin('812 345 678'),
      validateBusinessNumber('12345'),
      validateNeq('12'),
      validatePostalCode('D1A 1A1'),
      validateProvince('Narnia'),
      validatePhone('12'),
      validateEmail('zoé@'),
    ];
    const messages = failures.map((result) => (result.ok ? 'accepted' : result.message));
    expect(messages).toEqual([
      "Le NAS *** *** 678 commence par 8 : aucun NAS n'est attribué avec ce premier chiffre.",
      "Le numéro d'entreprise *** *** 345 n'est pas formé de neuf chiffres suivis, au besoin, d'un compte de programme comme RC0001.",
      "Le NEQ ********** n'a pas 10 chiffres.",
      '« D** *** » n\'est pas un code postal canadien (A1A 1A1).',
      '« Narnia » n\'est pas une province ou un territoire du Canada.',
      '« ** » n\'est pas un numéro de téléphone lisible.',
      '« z***@ » n\'est pas un courriel valide.',
    ]);
    // The validators keep a twin of the constant (bundle size): it must be the same language.
    expect(messages[0]).toBe((validateSin('812 345 678', { locale: DEFAULT_LOCALE }) as { message: string }).message);
    const english = validateSin('812 345 678', { locale: 'en' });
    expect(english.ok ? '' : english.message).toMatch(/^SIN \*\*\* \*\*\* 678 starts with 8/);
  });

  it('errors built without a locale, and signatureLayoutFor', async () => {
    const error = new InvalidArgumentError('invalid_input', { detail: 'x' });
    expect(error.message).toBe('Entrée non prise en charge : x.');
    expect(error.messageIn('en')).not.toBe(error.message);
    const layout = await thrown(() => signatureLayoutFor(1990, 'T183'));
    expect(layout.code).toBe('layout_unknown');
    expect(layout.message).toMatch(/^Aucune disposition de signature pour T183 1990\. Pris en charge : T183 /);
  });

  it('loadDispatchPlan and loadClientImportPlan: something that is not a plan', async () => {
    for (const load of [loadDispatchPlan, loadClientImportPlan]) {
      const error = await thrown(() => load('{"format":"autre chose"}'));
      expect(error.code).toBe('plan_invalid');
      expect(error.message).toMatch(/^Ceci n'est pas un plan taxsync, ou il est abîmé/);
      expect(error.message).toMatch(/Refaites l'aperçu\.$/);
    }
  });

  it('diffClients: a SIN twice in the file', () => {
    const row = (sin: string, lastName: string, n: number): ClientRecord => ({ kind: 'individual', sin, firstName: 'Zoé', lastName, source: { row: n } });
    const plan = diffClients([], [row('130692544', 'Côté', 2), row('130692544', 'Côte', 3)]);
    expect(plan.conflicts.map((c) => c.message)).toEqual([expect.stringMatching(/^NAS \*\*\* \*\*\* 544 figure aux lignes 2, 3 du fichier\./), expect.stringMatching(/^NAS/)]);
  });

  it('createHttpPortal (taxsync/http): an option that cannot work', async () => {
    const error = await thrown(() => createHttpPortal({ baseUrl: 'ftp://portail.example.test', token: 'secret' }));
    expect(error.message).toMatch(/^Entrée non prise en charge : createHttpPortal: baseUrl/);
  });

  it('inviteOrMatchClient: an address that is not one', async () => {
    const ports = { store: createMemoryClientStore(), portal: createMemoryPortal(), mailer: createOutboxMailer() };
    const error = await thrown(() => inviteOrMatchClient({ email: 'zoé.côté@', firstName: 'Zoé', lastName: 'Côté' }, ports));
    expect(error.code).toBe('form_invalid');
    expect(error.message).toMatch(/^Le champ email du formulaire n'est pas valide : « z\*\*\*@ » n'est pas un courriel valide\.$/);
    const english = await thrown(() => inviteOrMatchClient({ email: 'zoé.côté@', firstName: 'Zoé', lastName: 'Côté' }, ports, { locale: 'en' }));
    expect(english.message).not.toBe(error.message);
  });

  it('renderClientForm: the labels and the lang sent', () => {
    const html = renderClientForm({ action: '/formulaire' });
    expect(html).toContain('action="/formulaire" method="post" accept-charset="UTF-8" lang="fr">');
    expect(html).toContain('Prénom <span class="taxsync-form-required">(obligatoire)</span>');
    expect(html).toContain('<option value="fr" lang="fr" selected>');
    const english = renderClientForm({ action: '/form', lang: 'en' });
    expect(english).toContain('accept-charset="UTF-8" lang="en">');
    expect(english).toContain('<option value="en" lang="en" selected>');
  });

  it('previewClientImport and its formatter', async () => {
    const file = dtmaxCsv([[...HEADERS_FR], ['1', SIN.tremblay, 'Simon', 'Provencher', '', '', '', '', '', '', '', '', '', ''], ['2', '130 692 545', 'Zoé', 'Côté', '', '', '', '', '', '', '', '', '', '']]);
    const preview = await previewClientImport({ file, source: 'dtmax' }, { store: createMemoryClientStore() });
    expect(preview.locale).toBe('fr');
    const text = formatImportPreview(preview);
    expect(text).toContain("n'est pas valide : son chiffre de contrôle ne correspond pas");
    expect(text).not.toMatch(/check digit/);
  });

  it('describeDispatchLine and describeSyncTaxpayer, whatever the language of what they describe', async () => {
    const zip = zipSync({ 'T183 2025/notes de Zoé.pdf': await makePdf('Rappeler Zoé lundi') });
    const plan = await previewDocumentDispatch({ zip, documentType: 'T183', year: 2025, purpose: 'sign' }, { store: createMemoryClientStore() }, { locale: 'en' });
    const [line] = plan.lines;
    expect(line?.status).toBe('held');
    if (line === undefined) return;
    const french = describeDispatchLine(line);
    expectFrench(french);
    expect(describeDispatchLine(line, 'en')).not.toBe(french);

    const taxpayer: SyncLogTaxpayer = { taxpayerId: 't1', name: 'Zoé Côté', role: 'dependant', forms: [], status: 'unchanged', code: 'nothing_to_sign', params: {} };
    expect(describeSyncTaxpayer(taxpayer)).not.toBe(describeSyncTaxpayer(taxpayer, 'en'));
    expect(describeSyncTaxpayer(taxpayer)).toBe(describeSyncTaxpayer(taxpayer, 'fr'));
  });
});
