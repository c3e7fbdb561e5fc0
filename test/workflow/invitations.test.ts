import { describe, expect, it } from 'vitest';
import {
  DEFAULT_INVITATION_TEMPLATES,
  createMemoryClientStore,
  createMemoryPortal,
  createOutboxMailer,
  inviteOrMatchClient,
  isTaxsyncError,
  renderInvitation,
} from '../../src/index.js';
import { dyingStore, type WriteBudget } from '../clients/helpers.js';

function setup() {
  return { store: createMemoryClientStore(), portal: createMemoryPortal(), mailer: createOutboxMailer() };
}

describe('inviteOrMatchClient (the website form)', () => {
  it('creates and invites a new client once, however often the form is sent', async () => {
    const ports = setup();
    const form = { firstName: ' Zoé ', lastName: 'Gagnon-Tremblay', email: 'Zoe.GT@Exemple.CA', phone: '450 555-0177', language: 'fr' as const };
    const first = await inviteOrMatchClient(form, ports, { accountManager: 'julie.tremblay', firmName: 'Cabinet Tremblay CPA' });
    expect(first.status).toBe('created');
    if (first.status === 'conflict') throw new Error('unreachable');
    expect(first.client).toMatchObject({ firstName: 'Zoé', lastName: 'Gagnon-Tremblay', email: 'Zoe.GT@exemple.ca', phone: '+14505550177', accountManager: 'julie.tremblay' });
    expect(first.invitation.status).toBe('sent');
    expect(ports.mailer.messages.map((m) => [m.to, m.subject])).toEqual([['Zoe.GT@exemple.ca', 'Cabinet Tremblay CPA : créez votre mot de passe pour le portail client']]);

    const again = await inviteOrMatchClient({ ...form, email: 'zoe.gt@exemple.ca' }, ports);
    expect(again).toMatchObject({ status: 'matched', by: 'email', client: { id: first.client.id }, invitation: { status: 'already_sent' } });
    expect(ports.store.size).toBe(1);
    expect(ports.mailer.messages).toHaveLength(1);
    expect(ports.portal.users()).toHaveLength(1);
  });

  it('finishes the invitation after a crash between creating the client and inviting it', async () => {
    const ports = setup();
    const budget: WriteBudget = { remaining: 1, mode: 'before', done: 0 };
    // The create goes through, the journal write of the invitation does not: the e-mail left but is not recorded.
    // A short lease stands for the crashed run's: while it runs, a second run holds off; once it lapses, the second
    // run takes the step over and, the mailer honouring keys, completes it without a second e-mail.
    const first = await inviteOrMatchClient({ firstName: 'Seán', lastName: 'O’Brien', email: 'sean.obrien@example.com', language: 'en' }, { ...ports, store: dyingStore(ports.store, budget) }, { leaseMs: 40 });
    expect(first.status).toBe('created');
    const during = await inviteOrMatchClient({ firstName: 'Seán', lastName: 'O’Brien', email: 'sean.obrien@example.com' }, ports, { leaseMs: 40 });
    expect(during).toMatchObject({ status: 'matched', invitation: { status: 'held', reason: 'step_in_progress' } });
    await new Promise((resolve) => setTimeout(resolve, 60));
    const again = await inviteOrMatchClient({ firstName: 'Seán', lastName: 'O’Brien', email: 'sean.obrien@example.com' }, ports, { leaseMs: 40 });
    expect(again).toMatchObject({ status: 'matched', invitation: { status: 'already_sent' } });
    expect(ports.mailer.messages).toHaveLength(1);
    expect(ports.mailer.messages[0]?.language).toBe('en');
  });

  it('finds a client by SIN and invites the address on file, never the one typed in the form', async () => {
    const ports = setup();
    const { client } = await ports.store.create({ record: { kind: 'individual', sin: '130692544', firstName: 'Simon', lastName: 'Provencher', email: 'simon.provencher@exemple.ca', language: 'fr' } });
    const result = await inviteOrMatchClient({ firstName: 'Simon', lastName: 'Provencher', email: 'pirate@exemple.net', sin: '130 692 544' }, ports);
    expect(result).toMatchObject({ status: 'matched', by: 'sin', client: { id: client.id, email: 'simon.provencher@exemple.ca' }, invitation: { status: 'sent' } });
    expect(ports.mailer.messages.map((m) => m.to)).toEqual(['simon.provencher@exemple.ca']);
    expect(await ports.store.find({ email: 'pirate@exemple.net' })).toEqual([]);
  });

  it('holds an e-mail and a SIN that belong to two different clients', async () => {
    const ports = setup();
    await ports.store.create({ record: { kind: 'individual', sin: '130692544', firstName: 'Simon', lastName: 'Provencher' } });
    await ports.store.create({ record: { kind: 'individual', sin: '271845935', firstName: 'Marie-Ève', lastName: 'Côté', email: 'marie-eve.cote@exemple.ca' } });
    const result = await inviteOrMatchClient({ email: 'marie-eve.cote@exemple.ca', sin: '130692544' }, ports, { locale: 'fr' });
    expect(result).toMatchObject({ status: 'conflict', reason: 'identity_conflict' });
    expect(result.status === 'conflict' && result.message).toBe("Le courriel et le NAS fournis appartiennent à deux clients différents. Rien n'a été créé ni envoyé; vérifiez le dossier du client.");
    expect(ports.mailer.messages).toEqual([]);
    expect(ports.store.size).toBe(2);
  });

  it('tells family members sharing an address apart by name, and holds when it cannot', async () => {
    const ports = setup();
    const family = 'famille.provencher@exemple.ca';
    await ports.store.create({ record: { kind: 'individual', firstName: 'Simon', lastName: 'Provencher', email: family } });
    const { client: marie } = await ports.store.create({ record: { kind: 'individual', firstName: 'Marie-Ève', lastName: 'Côté', email: family } });
    const byName = await inviteOrMatchClient({ firstName: 'MARIE-EVE', lastName: 'COTE', email: family }, ports);
    expect(byName).toMatchObject({ status: 'matched', client: { id: marie.id } });
    const unknown = await inviteOrMatchClient({ firstName: 'Léa', lastName: 'Provencher', email: family }, ports);
    expect(unknown).toMatchObject({ status: 'conflict', reason: 'ambiguous_match' });
  });

  it('sends no invitation to a client whose portal account is active, and still invites one whose account waits', async () => {
    for (const sendsInvitations of [false, true]) {
      const ports = { ...setup(), portal: createMemoryPortal({ sendsInvitations }) };
      const created = async (record: { firstName: string; lastName: string; email: string }) => (await ports.store.create({ record: { kind: 'individual', ...record } })).client;
      const simon = await created({ firstName: 'Simon', lastName: 'Provencher', email: 'simon.provencher@exemple.ca' });
      const marie = await created({ firstName: 'Marie-Ève', lastName: 'Côté', email: 'marie-eve.cote@exemple.ca' });
      // Both accounts opened by the firm before taxsync; only Simon has chosen his password.
      for (const client of [simon, marie]) await ports.portal.inviteClient({ clientId: client.id, email: client.email ?? '', language: 'fr', name: 'Client' });
      ports.portal.activate(simon.id);
      const [simonUser] = ports.portal.users();

      const active = await inviteOrMatchClient({ email: 'simon.provencher@exemple.ca' }, ports, { locale: 'en' });
      expect(active).toMatchObject({ status: 'matched', invitation: { status: 'already_sent', reason: 'portal_account_active', portalUserId: simonUser?.id } });
      const waiting = await inviteOrMatchClient({ email: 'marie-eve.cote@exemple.ca' }, ports);
      // taxsync e-mails her the link; a portal that sends its own invitations sent hers when the firm opened it.
      expect(waiting).toMatchObject({ status: 'matched', invitation: { status: sendsInvitations ? 'already_sent' : 'sent' } });
      expect(ports.mailer.messages.map((m) => m.to), `sendsInvitations: ${sendsInvitations}`).toEqual(sendsInvitations ? [] : ['marie-eve.cote@exemple.ca']);
      // Settled in the journal: the next form sends nothing, and says the reference is the portal user's.
      const again = await inviteOrMatchClient({ email: 'simon.provencher@exemple.ca' }, ports);
      expect(again).toMatchObject({ invitation: { status: 'already_sent', portalUserId: simonUser?.id } });
      expect(again.status !== 'conflict' && again.invitation.messageId).toBeUndefined();
      expect(ports.mailer.messages).toHaveLength(sendsInvitations ? 0 : 1);
    }
  });

  it('refuses an unusable form with form_invalid, in the asked language', async () => {
    const ports = setup();
    const bad = async (form: Parameters<typeof inviteOrMatchClient>[0]): Promise<unknown> => inviteOrMatchClient(form, ports, { locale: 'fr' }).catch((e: unknown) => e);
    const noEmail = await bad({ firstName: 'Zoé', lastName: 'Roy', email: 'zoe@@exemple' });
    expect(isTaxsyncError(noEmail) && [noEmail.code, noEmail.params.field]).toEqual(['form_invalid', 'email']);
    const badSin = await bad({ firstName: 'Zoé', lastName: 'Roy', email: 'zoe@exemple.ca', sin: '123 456 789' });
    expect(isTaxsyncError(badSin) && [badSin.code, badSin.params.field]).toEqual(['form_invalid', 'sin']);
    expect(isTaxsyncError(badSin) && badSin.message).toContain('*** *** 789');
    expect(isTaxsyncError(badSin) && badSin.message).not.toContain('123456789');
    const noName = await bad({ email: 'zoe@exemple.ca' });
    expect(isTaxsyncError(noName) && noName.params.field).toBe('firstName');
    expect(ports.store.size).toBe(0);
  });
});

describe('invitation templates', () => {
  const variables = {
    name: 'Zoé',
    fullName: 'Zoé Gagnon-Tremblay',
    email: 'zoe.gt@exemple.ca',
    firmName: 'Lœuillet & Associés',
    accountManager: 'Julie Tremblay',
    invitationUrl: 'https://portail.example.test/invitation/a1?b=2&c=3',
  };

  it('renders the French and English defaults', () => {
    const fr = renderInvitation('fr', variables);
    expect(fr.subject).toBe('Lœuillet & Associés : créez votre mot de passe pour le portail client');
    expect(fr.text.split('\n')[0]).toBe('Bonjour Zoé,');
    expect(fr.text).toContain('https://portail.example.test/invitation/a1?b=2&c=3');
    expect(fr.html).toContain('<a href="https://portail.example.test/invitation/a1?b=2&amp;c=3">');
    expect(fr.html).toContain('Lœuillet &amp; Associés');
    const en = renderInvitation('en', variables);
    expect(en.text.split('\n')[0]).toBe('Hello Zoé,');
    expect(Object.keys(DEFAULT_INVITATION_TEMPLATES)).toEqual(['fr', 'en']);
  });

  it('takes host overrides part by part and escapes values in HTML only', () => {
    const mail = renderInvitation('en', { ...variables, name: '<img src=x onerror=alert(1)>' }, { en: { html: '<h1>Hi {{name}}</h1><p>{{accountManager}}</p>' } });
    expect(mail.html).toBe('<h1>Hi &lt;img src=x onerror=alert(1)&gt;</h1><p>Julie Tremblay</p>');
    expect(mail.text.split('\n')[0]).toBe('Hello <img src=x onerror=alert(1)>,');
    expect(mail.subject).toBe(renderInvitation('en', variables).subject);
  });
});
