import { zipSync } from 'fflate';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  applyDocumentDispatch,
  createMemoryClientStore,
  createMemoryDocumentStore,
  createMemoryPortal,
  createOutboxMailer,
  formatDispatchPreview,
  formatDispatchReport,
  describeDispatchLine,
  inviteOrMatchClient,
  loadDispatchPlan,
  previewDocumentDispatch,
  type DispatchPlan,
  type PasswordRequest,
  type SendDocumentInput,
  type StoredClient,
} from '../../src/index.js';
import { prepareForSignature } from '../../src/pdf.js';
import { protectedForm, qpdfCheck, qpdfEncrypted } from '../fixtures/protected.js';
import { widgetsByPdfjs } from '../signatures/widgets.js';
import { PEOPLE } from '../matching/people.js';


/**
 * ProFile's rule for e-mailed PDFs: the first five letters of the last name (accents and punctuation dropped, upper
 * case) followed by the last three digits of the SIN.
 */
function profileRule(client: StoredClient): string | undefined {
  if (client.kind !== 'individual' || client.sin === undefined) return undefined;
  const letters = client.lastName
    .normalize('NFD')
    .replace(/[^A-Za-z]/g, '')
    .toUpperCase();
  return `${letters.slice(0, 5)}${client.sin.slice(-3)}`;
}

// The passwords the prints were protected with: what the rule gives, and one the firm typed by hand (not the rule).
const SIMON = 'PROVE544';
const MARIE = 'COTE935';
const BENOIT_TYPED = 'Lœuillet-2025!';
const PASSWORDS = [SIMON, MARIE, BENOIT_TYPED, 'OBRIE632'];

let archive: Uint8Array;
beforeAll(async () => {
  const government = { usageRights: true, xfa: true } as const;
  archive = zipSync({
    'T183 2025/130 692 544 - Simon Provencher.pdf': (await protectedForm({ encrypt: { cipher: 'aes-256', userPassword: SIMON } })).bytes,
    'T183 2025/271845935 - Marie-Ève Côté.pdf': (await protectedForm({ pages: [{ kind: 'T183', language: 'fr' }], encrypt: { cipher: 'rc4-128', userPassword: MARIE } })).bytes,
    // A government fillable form: AES-128 with an empty user password, usage rights, XFA. Needs no password.
    'T183 2025/412589632 - Sean O’Brien.pdf': (await protectedForm({ ...government, encrypt: { cipher: 'aes-128' } })).bytes,
    'T183 2025/523698744 - Benoît Lœuillet.pdf': (await protectedForm({ encrypt: { cipher: 'aes-128', userPassword: BENOIT_TYPED } })).bytes,
    // A number nobody has: held as unmatched before anyone is asked for a password.
    'T183 2025/446454282 - Inconnu.pdf': (await protectedForm({ encrypt: { cipher: 'aes-256', userPassword: 'INCON282' } })).bytes,
  });
});

async function world() {
  const store = createMemoryClientStore();
  const portal = createMemoryPortal();
  const mailer = createOutboxMailer();
  for (const record of PEOPLE) {
    const { client } = await store.create({ record });
    // Invited the way taxsync records it (the invitations journal), not by hand on the portal.
    if (client.email !== undefined && client.kind === 'individual') await inviteOrMatchClient({ email: client.email, ...(client.sin === undefined ? {} : { sin: client.sin }) }, { store, portal, mailer });
  }
  mailer.clear();
  // The portal receives the PDFs as they are sent: kept here to check them (the memory portal keeps only sizes).
  const received: SendDocumentInput[] = [];
  const sendDocument = portal.sendDocument.bind(portal);
  const recording = Object.assign(Object.create(portal) as typeof portal, {
    sendDocument: async (input: SendDocumentInput) => {
      received.push(input);
      return sendDocument(input);
    },
  });
  return { store, portal: recording, memory: portal, mailer, received, documents: createMemoryDocumentStore() };
}

const byName = (plan: DispatchPlan) => Object.fromEntries(plan.lines.map((l) => [l.displayName, { status: l.status, code: l.code }]));

/** Everything a dispatch writes or says, as text (PDF bytes as Latin-1), to look for passwords in. */
function allText(...values: unknown[]): string {
  return JSON.stringify(values, (_key, value: unknown) => (value instanceof Uint8Array ? Buffer.from(value).toString('latin1') : value));
}

const logged: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  logged.length = 0;
});
function captureConsole(): void {
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      logged.push(args.map(String).join(' '));
    });
  }
}

describe('dispatching encrypted prints', () => {
  it('opens password-protected prints with the firm’s password rule, asked only once matched, and sends them decrypted', async () => {
    captureConsole();
    const w = await world();
    const asked: PasswordRequest[] = [];
    const passwordFor = (request: PasswordRequest): string | undefined => {
      asked.push(request);
      return profileRule(request.client);
    };
    const input = { zip: archive, documentType: 'T183', year: 2025, purpose: 'sign' } as const;
    const plan = await previewDocumentDispatch(input, { store: w.store, documents: w.documents }, { locale: 'fr', passwordFor });
    expect(byName(plan)).toEqual({
      '*** *** 544 - Simon Provencher.pdf': { status: 'ready', code: 'document_ready_sign' },
      '*** *** 935 - Marie-Ève Côté.pdf': { status: 'ready', code: 'document_ready_sign' },
      '*** *** 632 - Sean O’Brien.pdf': { status: 'ready', code: 'document_ready_sign' },
      '*** *** 744 - Benoît Lœuillet.pdf': { status: 'held', code: 'layout_password_wrong' },
      '*** *** 282 - Inconnu.pdf': { status: 'held', code: 'unknown_key' },
    });
    // Asked once per password-protected print that matched a client, with that client; never for the government
    // form (empty user password) nor for the file nobody matches.
    expect(asked.map((r) => [r.fileName, r.client.kind === 'individual' ? r.client.sin : ''])).toEqual([
      ['130 692 544 - Simon Provencher.pdf', '130692544'],
      ['271845935 - Marie-Ève Côté.pdf', '271845935'],
      ['523698744 - Benoît Lœuillet.pdf', '523698744'],
    ]);
    const ready = plan.lines.filter((l) => l.status === 'ready');
    // The plan sends the decrypted copies of password-protected prints: their SHA-256 is not the archive entry’s.
    expect(ready.map((l) => l.sha256 === l.sourceSha256)).toEqual([false, false, true]);
    expect(ready.map((l) => l.protection?.encryption)).toEqual(['password', 'password', 'empty_password']);
    expect(ready[2]?.protection).toMatchObject({ usageRights: true, xfa: true });
    expect(describeDispatchLine(ready[0] as DispatchPlan['lines'][number], 'fr')).toContain('Retiré à l\'ajout des champs : le chiffrement');

    // The document store holds PDFs that open without a password and take their fields.
    for (const line of ready) {
      const pdf = await w.documents.get(line.sha256);
      if (pdf === undefined) throw new Error('a ready line without its PDF in the document store');
      if (line.protection?.encryption === 'password') expect(qpdfEncrypted(pdf)).toBe(false);
      const prepared = await prepareForSignature(pdf, line.fields);
      expect(qpdfCheck(prepared).ok).toBe(true);
      const { widgets } = await widgetsByPdfjs(prepared);
      expect(widgets.filter((x) => x.fieldType === 'Sig').map((x) => x.fieldName)).toEqual(['taxpayer_signature']);
    }

    const report = await applyDocumentDispatch(plan, { ...w, portal: w.portal }, { firmName: 'Cabinet Tremblay CPA' });
    expect(report.summary).toMatchObject({ sent: 3, held: 2 });
    // Clients are sent to concurrently: compare by file name, not by arrival order.
    expect(Object.fromEntries(w.received.map((d) => [d.fileName, qpdfEncrypted(d.pdf)]))).toEqual({
      '*** *** 544 - Simon Provencher.pdf': false,
      '*** *** 935 - Marie-Ève Côté.pdf': false,
      '*** *** 632 - Sean O’Brien.pdf': true,
    });

    const text = allText(plan, JSON.stringify(plan.document), report, formatDispatchPreview(plan, 'fr'), formatDispatchPreview(plan, 'en'), formatDispatchReport(report, 'fr'), w.mailer.messages, w.memory.documents(), w.received, logged);
    for (const password of PASSWORDS) expect(text).not.toContain(password);
  });

  it('holds password-protected prints as password_required without a rule, and sends the government form', async () => {
    captureConsole();
    const w = await world();
    const plan = await previewDocumentDispatch({ zip: archive, documentType: 'T183', year: 2025, purpose: 'sign' }, w, { locale: 'en' });
    expect(byName(plan)).toEqual({
      '*** *** 544 - Simon Provencher.pdf': { status: 'held', code: 'layout_password_required' },
      '*** *** 935 - Marie-Ève Côté.pdf': { status: 'held', code: 'layout_password_required' },
      '*** *** 632 - Sean O’Brien.pdf': { status: 'ready', code: 'document_ready_sign' },
      '*** *** 744 - Benoît Lœuillet.pdf': { status: 'held', code: 'layout_password_required' },
      '*** *** 282 - Inconnu.pdf': { status: 'held', code: 'unknown_key' },
    });
    expect(describeDispatchLine(plan.lines[0] as DispatchPlan['lines'][number], 'en')).toContain('no password was given');
    // A rule that knows no password for a client, or a lookup that fails, holds the same way.
    const failing = await previewDocumentDispatch({ zip: archive, documentType: 'T183', year: 2025, purpose: 'sign' }, w, {
      locale: 'en',
      passwordFor: ({ client }) => {
        if (client.kind === 'individual' && client.firstName === 'Simon') throw new Error(`vault unavailable for ${SIMON}`);
        return undefined;
      },
    });
    expect(byName(failing)).toEqual(byName(plan));
    const text = allText(plan, failing, formatDispatchPreview(failing, 'en'), logged);
    for (const password of PASSWORDS) expect(text).not.toContain(password);
  });

  it('sends encrypted prints to consult as they are, without asking for a password', async () => {
    const w = await world();
    let asked = 0;
    const plan = await previewDocumentDispatch({ zip: archive, documentType: 'T183', year: 2025, purpose: 'consult' }, w, {
      passwordFor: () => {
        asked++;
        return undefined;
      },
    });
    expect(plan.summary).toMatchObject({ ready: 4, held: 1 });
    expect(asked).toBe(0);
  });

  it('applies a stored plan of decrypted copies from the archive only with the password again, else holds them', async () => {
    const w = await world();
    const passwordFor = ({ client }: PasswordRequest): string | undefined => profileRule(client);
    const input = { zip: archive, documentType: 'T183', year: 2025, purpose: 'sign' } as const;
    const preview = await previewDocumentDispatch(input, { store: w.store }, { passwordFor });
    const stored = await loadDispatchPlan(JSON.stringify(preview.document));
    // The archive again, no document store, no password: the government form goes (its copy is the archive's once
    // its empty password is opened by the portal's preparation), the password-protected ones are held, not dropped.
    const held = await applyDocumentDispatch(stored, w, { zip: archive });
    const protectedOnes = held.items.filter((i) => i.code === 'document_password_needed');
    expect(protectedOnes.map((i) => i.displayName)).toEqual(['*** *** 544 - Simon Provencher.pdf', '*** *** 935 - Marie-Ève Côté.pdf']);
    expect(w.received.every((d) => !d.fileName.includes('Simon'))).toBe(true);
    // With the password again, the same decrypted copies (checked by SHA-256) are sent.
    const report = await applyDocumentDispatch(stored, w, { zip: archive, passwordFor });
    expect(report.items.filter((i) => i.status === 'sent').map((i) => i.displayName)).toEqual(['*** *** 544 - Simon Provencher.pdf', '*** *** 935 - Marie-Ève Côté.pdf']);
    const sentShas = w.received.map((d) => d.sha256);
    for (const line of preview.lines) if (line.status === 'ready') expect(sentShas).toContain(line.sha256);
  });
});
