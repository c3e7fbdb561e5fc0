/**
 * Inviting a client to the portal exactly once, and the website-form case: `inviteOrMatchClient`.
 */
import type { ClientLanguage, IndividualRecord } from '../model/client.js';
import { InvalidArgumentError } from '../errors/invalid-argument.js';
import { validateEmail, validatePhone, validateSin } from '../model/identifiers.js';
import { renderMessage, type ClientMessageCode, type Locale, type MessageParams, type MessageParamsFor } from '../messages/catalogue.js';
import { NEW_CLIENT_NEEDS } from '../messages/words.js';
import type { ClientStore, JournalEntry, Mailer, Portal, StoredClient } from '../ports.js';
import { foldName } from '../model/fold.js';
import { DEFAULT_FIRM_NAME, checkInvitationTemplates, renderInvitation, type InvitationTemplates } from '../email/invitation.js';
import { describeError } from '../internal/describe-error.js';
import { hashKey } from '../internal/hash.js';

/** Journal scope of invitations: shared by every import and form, keyed by client id, so nobody is invited twice. */
export const INVITATIONS_JOURNAL = 'taxsync:invitations';

/** What happened to a client's invitation. */
export type InvitationStatus = 'sent' | 'already_sent' | 'not_invited' | 'failed';

/** Outcome of inviting one client. */
export interface InvitationOutcome {
  /**
   * `sent`: the portal user exists and the e-mail left now. `already_sent`: done before (nothing repeated).
   * `not_invited`: on purpose (no e-mail address, e-mail shared with another client). `failed`: see `reason`.
   */
  readonly status: InvitationStatus;
  /** Why, for `not_invited` and `failed`: `no_email`, `email_in_use`, `invitation_failed`, `email_send_failed`, `delivery_unknown`, `invitation_url_missing`. */
  readonly reason?: ClientMessageCode;
  /** `reason` in words. */
  readonly message?: string;
  /** Values of `message`, to render it in another language. */
  readonly params?: MessageParams;
  /** The client's portal user, once known. */
  readonly portalUserId?: string;
  /** The mailer's id of the invitation e-mail, when sent. */
  readonly messageId?: string;
}

/** Settings of the invitation e-mail. */
export interface InvitationSettings {
  /** The firm's name in the e-mail. Default: "Votre cabinet comptable" / "Your accounting firm". */
  readonly firmName?: string;
  /** Template overrides per language (escaped variables; see `renderInvitation`). */
  readonly templates?: InvitationTemplates;
  /** Language for clients whose record has none. Default `'fr'`. */
  readonly defaultLanguage?: ClientLanguage;
}

/** The ports an invitation goes through. */
export interface InvitationPorts {
  readonly store: ClientStore;
  readonly portal: Portal;
  /** Needed unless the portal declares `sendsInvitations`. */
  readonly mailer?: Mailer;
}

/** Checks ports and templates before any invitation is attempted. @internal */
export function checkInvitationSetup(ports: InvitationPorts, settings: InvitationSettings): void {
  if (!ports.portal.capabilities.sendsInvitations && ports.mailer === undefined) {
    throw new InvalidArgumentError('invalid_input', { detail: 'the portal does not send invitations itself, so a mailer is needed to invite clients' });
  }
  checkInvitationTemplates(settings.templates);
}

const greeting = (client: StoredClient): { name: string; fullName: string } =>
  client.kind === 'individual'
    ? { name: client.firstName, fullName: `${client.firstName} ${client.lastName}` }
    : { name: client.contactName ?? client.name, fullName: client.name };

/**
 * Invites one stored client to the portal and sends the invitation e-mail, at most once per client whatever happens:
 * the portal is idempotent by client id, the e-mail carries an idempotency key, and the shared journal remembers
 * what was done. Never throws for a port failure: the outcome says `failed` with the reason.
 * @internal
 */
export async function ensureInvitation(
  client: StoredClient,
  ports: InvitationPorts,
  settings: InvitationSettings,
  locale: Locale,
  now: () => Date,
): Promise<InvitationOutcome> {
  const outcome = <R extends ClientMessageCode>(status: InvitationStatus, reason?: R, params?: MessageParamsFor<R>, extra: Partial<InvitationOutcome> = {}): InvitationOutcome => ({
    status,
    ...(reason === undefined ? {} : { reason, message: renderMessage<ClientMessageCode>(reason, params ?? {}, locale), params: params ?? {} }),
    ...extra,
  });
  const email = client.email?.trim();
  if (email === undefined || email === '') return outcome('not_invited', 'no_email');

  const { store, portal, mailer } = ports;
  const journal = (step: string, status: JournalEntry['status'], ref?: string): Promise<void> =>
    store.appendJournal([{ applyId: INVITATIONS_JOURNAL, itemKey: client.id, step, status, clientId: client.id, ...(ref === undefined ? {} : { ref }), at: now().toISOString() }]);

  let previous: JournalEntry | undefined;
  try {
    const entries = await store.readJournal(INVITATIONS_JOURNAL, client.id);
    previous = entries.filter((e) => e.step === 'email').at(-1);
  } catch (error) {
    return outcome('failed', 'invitation_failed', { detail: describeError(error) });
  }
  if (previous?.status === 'done') return outcome('already_sent', undefined, {}, previous.ref === undefined ? {} : { messageId: previous.ref });

  const language: ClientLanguage = client.language ?? settings.defaultLanguage ?? 'fr';
  const names = greeting(client);
  let user;
  try {
    ({ user } = await portal.inviteClient({
      clientId: client.id,
      email,
      language,
      name: names.fullName,
      ...(client.accountManager === undefined ? {} : { accountManager: client.accountManager }),
    }));
  } catch (error) {
    return outcome('failed', 'invitation_failed', { detail: describeError(error) });
  }
  const portalUserId = { portalUserId: user.id };

  try {
    if (portal.capabilities.sendsInvitations) {
      await journal('email', 'done', user.id);
      return outcome('sent', undefined, {}, portalUserId);
    }
    if (mailer === undefined) return outcome('failed', 'email_send_failed', { detail: 'no mailer' }, portalUserId);
    // Without idempotency keys, a send cut off half-way might have left: never risk a second one.
    if (previous?.status === 'pending' && !mailer.capabilities.idempotencyKeys) return outcome('failed', 'delivery_unknown', {}, portalUserId);
    if (user.invitationUrl === undefined || user.invitationUrl === '') return outcome('failed', 'invitation_url_missing', {}, portalUserId);
    const mail = renderInvitation(
      language,
      {
        ...names,
        email: user.email,
        firmName: settings.firmName ?? DEFAULT_FIRM_NAME[language],
        accountManager: client.accountManager ?? '',
        invitationUrl: user.invitationUrl,
      },
      settings.templates,
    );
    if (!mailer.capabilities.idempotencyKeys) await journal('email', 'pending');
    let receipt;
    try {
      receipt = await mailer.send({ to: user.email, ...mail, language, idempotencyKey: `taxsync-invitation-${client.id}`, category: 'invitation' });
    } catch (error) {
      return outcome('failed', 'email_send_failed', { detail: describeError(error) }, portalUserId);
    }
    await journal('email', 'done', receipt.id);
    return outcome(receipt.duplicate ? 'already_sent' : 'sent', undefined, {}, { ...portalUserId, messageId: receipt.id });
  } catch (error) {
    return outcome('failed', 'invitation_failed', { detail: describeError(error) }, portalUserId);
  }
}

// ── The website form ────────────────────────────────────────────────────────────────────────────────────────────

/** What a website sign-up form collects. Values as typed: they are validated and normalized here. */
export interface ClientFormInput {
  /** Given name (needed to create a client). */
  readonly firstName?: string;
  /** Family name (needed to create a client). */
  readonly lastName?: string;
  /** E-mail address: the portal login. */
  readonly email: string;
  /** SIN, in any usual format (`130 692 544`). Optional. */
  readonly sin?: string;
  /** Phone number. Optional. */
  readonly phone?: string;
  /** Preferred language. */
  readonly language?: ClientLanguage;
}

/** Options of {@link inviteOrMatchClient}. */
export interface InviteOrMatchClientOptions extends InvitationSettings {
  /** Account manager assigned to a client this creates. */
  readonly accountManager?: string;
  /** Also invite a client that was found (idempotent: a client already invited is not invited again). Default `true`. */
  readonly inviteMatched?: boolean;
  /** Language of messages. Default `'en'`. */
  readonly locale?: Locale;
  /** Clock. */
  readonly now?: () => Date;
}

/** Result of {@link inviteOrMatchClient}. */
export type InviteOrMatchResult =
  | {
      /** `matched`: an existing client; `created`: a new one. */
      readonly status: 'matched' | 'created';
      /** The client. */
      readonly client: StoredClient;
      /** How an existing client was found. */
      readonly by?: 'sin' | 'email';
      /** Its invitation. */
      readonly invitation: InvitationOutcome;
    }
  | {
      /** Nothing was created or sent: the e-mail and SIN point at different clients, or several clients fit. */
      readonly status: 'conflict';
      /** `identity_conflict` or `ambiguous_match`. */
      readonly reason: 'identity_conflict' | 'ambiguous_match';
      /** Ids of the clients involved. */
      readonly ids: readonly string[];
      /** What to do, in `options.locale`. */
      readonly message: string;
    };

/**
 * The website-form case: someone fills in a "become a client" or "get portal access" form. Finds the existing
 * client by SIN or e-mail, or creates one (assigned to `options.accountManager`), then makes sure the client is
 * invited to the portal. Idempotent: submitting the same form twice (or retrying after a crash) creates no second
 * client and sends no second invitation.
 *
 * Security: a form is anonymous, so a client found by SIN is never changed, and the invitation goes to the e-mail
 * *stored* for that client, not to the one typed in the form.
 *
 * @throws {@link InvalidArgumentError} `form_invalid` for an unusable e-mail or SIN, or missing names for a new client.
 *
 * @example
 * ```ts
 * const result = await inviteOrMatchClient({ firstName: 'Zoé', lastName: 'Gagnon', email: 'zoe@exemple.ca' }, { store, portal, mailer });
 * if (result.status !== 'conflict') console.log(result.status, result.invitation.status); // 'created' 'sent'
 * ```
 */
export async function inviteOrMatchClient(form: ClientFormInput, ports: InvitationPorts, options: InviteOrMatchClientOptions = {}): Promise<InviteOrMatchResult> {
  const locale = options.locale ?? 'en';
  const now = options.now ?? (() => new Date());
  const invalid = (field: string, detail: string): InvalidArgumentError => new InvalidArgumentError('form_invalid', { field, detail }, { locale });
  const email = validateEmail(form.email ?? '', { locale });
  if (!email.ok) throw invalid('email', email.message);
  let sin: string | undefined;
  if (form.sin !== undefined && form.sin.trim() !== '') {
    const r = validateSin(form.sin, { locale });
    if (!r.ok) throw invalid('sin', r.message);
    sin = r.value;
  }
  checkInvitationSetup(ports, options);
  const settings: InvitationSettings = { ...options, defaultLanguage: form.language ?? options.defaultLanguage ?? 'fr' };

  const lowerEmail = email.value.toLowerCase();
  const found = await ports.store.find(sin === undefined ? { email: email.value } : { email: email.value, sin });
  const bySin = sin === undefined ? [] : found.filter((c) => c.kind === 'individual' && c.sin === sin);
  let byEmail = found.filter((c) => c.email?.trim().toLowerCase() === lowerEmail);
  const conflict = <R extends 'identity_conflict' | 'ambiguous_match'>(reason: R, ids: readonly string[], params?: MessageParamsFor<R>): InviteOrMatchResult => ({
    status: 'conflict',
    reason,
    ids,
    message: renderMessage<'identity_conflict' | 'ambiguous_match'>(reason, params ?? {}, locale),
  });

  let match: { client: StoredClient; by: 'sin' | 'email' } | undefined;
  const [sinClient] = bySin;
  if (sinClient !== undefined) {
    if (byEmail.some((c) => c.id !== sinClient.id)) return conflict('identity_conflict', [sinClient.id, ...byEmail.filter((c) => c.id !== sinClient.id).map((c) => c.id)]);
    match = { client: sinClient, by: 'sin' };
  } else if (byEmail.length > 0) {
    // A family may share one address: the names decide between them.
    if (byEmail.length > 1 && form.firstName !== undefined && form.lastName !== undefined) {
      const first = foldName(form.firstName);
      const last = foldName(form.lastName);
      const named = byEmail.filter((c) => c.kind === 'individual' && foldName(c.firstName) === first && foldName(c.lastName) === last);
      if (named.length > 0) byEmail = named;
    }
    const [only] = byEmail;
    if (byEmail.length > 1 || only === undefined) {
      return conflict('ambiguous_match', byEmail.map((c) => c.id), { count: byEmail.length, by: 'email' });
    }
    // A SIN typed in the form that disagrees with the one stored for this e-mail is someone else.
    if (sin !== undefined && only.kind === 'individual' && only.sin !== undefined && only.sin !== sin) return conflict('identity_conflict', [only.id]);
    match = { client: only, by: 'email' };
  }

  if (match !== undefined) {
    const invitation =
      options.inviteMatched === false
        ? { status: 'not_invited' as const }
        : await ensureInvitation(match.client, ports, settings, locale, now);
    return { status: 'matched', client: match.client, by: match.by, invitation };
  }

  const firstName = form.firstName?.normalize('NFC').trim().replace(/\s+/g, ' ') ?? '';
  const lastName = form.lastName?.normalize('NFC').trim().replace(/\s+/g, ' ') ?? '';
  if (firstName === '') throw invalid('firstName', NEW_CLIENT_NEEDS.firstName[locale]);
  if (lastName === '') throw invalid('lastName', NEW_CLIENT_NEEDS.lastName[locale]);
  const phone = form.phone === undefined || form.phone.trim() === '' ? undefined : validatePhone(form.phone);
  const record: IndividualRecord = {
    kind: 'individual',
    ...(sin === undefined ? {} : { sin }),
    firstName,
    lastName,
    email: email.value,
    ...(phone?.ok === true ? { phone: phone.value } : {}),
    ...(form.language === undefined ? {} : { language: form.language }),
  };
  const { client } = await ports.store.create({
    record,
    ...(options.accountManager === undefined ? {} : { accountManager: options.accountManager }),
    idempotencyKey: `taxsync-form-${hashKey(sin === undefined ? `e:${lowerEmail}` : `s:${sin}`)}`,
  });
  const invitation = await ensureInvitation(client, ports, settings, locale, now);
  return { status: 'created', client, invitation };
}
