/**
 * Inviting a client to the portal exactly once, and the website-form case: `inviteOrMatchClient`.
 */
import type { ClientLanguage, IndividualRecord } from '../model/client.js';
import { InvalidArgumentError } from '../errors/invalid-argument.js';
import { validateEmail, validatePhone, validateSin } from '../model/identifiers.js';
import { renderMessage, type ClientMessageCode, type Locale, type MessageParams, type MessageParamsFor } from '../messages/catalogue.js';
import { NEW_CLIENT_NEEDS } from '../messages/words.js';
import type { ClientStore, JournalEntry, Mailer, Portal, PortalUser, StoredClient } from '../ports.js';
import { runEffect, type EffectStep } from './effect.js';
import { createWorkflowContext, type WorkflowContext, type WorkflowRunOptions } from './context.js';
import { foldName } from '../model/fold.js';
import { DEFAULT_FIRM_NAME, checkInvitationTemplates, renderInvitation, type InvitationTemplates } from '../email/invitation.js';
import { describeErrorParams } from '../internal/describe-error.js';
import { hashKey } from '../internal/hash.js';
import { guardPorts } from './ports-guard.js';
import { DEFAULT_LOCALE } from '../messages/define.js';

/** Journal scope of invitations: shared by every import and form, keyed by client id, so nobody is invited twice. */
export const INVITATIONS_JOURNAL = 'taxsync:invitations';

/** What happened to a client's invitation. */
export type InvitationStatus = 'sent' | 'already_sent' | 'not_invited' | 'held' | 'failed';

/** Outcome of inviting one client. */
export interface InvitationOutcome {
  /**
   * `sent`: the portal user exists and the e-mail left now. `already_sent`: done before (nothing repeated), or
   * nothing to send because the client's portal account is already active (`reason` `portal_account_active`).
   * `not_invited`: on purpose (no e-mail address, e-mail shared with another client). `held`: another apply is
   * inviting this client right now (`step_in_progress`). `failed`: see `reason` — with `delivery_unknown`, the
   * e-mail may have left: a person decides.
   */
  readonly status: InvitationStatus;
  /**
   * Why, for `not_invited`, `held` and `failed`: `no_email`, `email_in_use`, `step_in_progress`, `invitation_failed`,
   * `email_send_failed`, `delivery_unknown`, `invitation_url_missing`. For `already_sent`: `portal_account_active`
   * when this run found the account active and sent nothing; absent when an earlier run settled the invitation.
   */
  readonly reason?: ClientMessageCode | 'step_in_progress';
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
  /** Language for clients whose record has none. Default: `DEFAULT_LOCALE` ('fr'). */
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
 * Invites one stored client to the portal and sends the invitation e-mail, at most once per client whatever happens —
 * crashes, retries, two applies or a form and an apply at the same time. Two steps of the shared invitations journal
 * (`invite`, then `email`), each run through the kernel's {@link runEffect}: claimed before, recorded after. The state
 * comes from that journal, never from "the portal user exists": a client whose portal user was created but whose
 * e-mail never left still gets it — unless that user is `active`: the client already uses the portal (an account
 * opened by hand, or in an earlier season), so no e-mail is sent, the `email` step is recorded `done` (as for a portal
 * that sends its own invitations) and the outcome is `already_sent` with `portal_account_active`. Never throws for a
 * port failure: the outcome says why. `fresh`: the caller has just created `client` (a new id, so no journal of its
 * own yet): the history read is skipped.
 * @internal
 */
export async function ensureInvitation(
  client: StoredClient,
  ports: InvitationPorts,
  settings: InvitationSettings,
  locale: Locale,
  context: WorkflowContext,
  fresh = false,
): Promise<InvitationOutcome> {
  const outcome = <R extends ClientMessageCode | 'step_in_progress'>(status: InvitationStatus, reason?: R, params?: MessageParamsFor<R>, extra: Partial<InvitationOutcome> = {}): InvitationOutcome => ({
    status,
    ...(reason === undefined ? {} : { reason, message: renderMessage<ClientMessageCode | 'step_in_progress'>(reason, params ?? {}, locale), params: params ?? {} }),
    ...extra,
  });
  const email = client.email?.trim();
  if (email === undefined || email === '') return outcome('not_invited', 'no_email');

  const { store, portal, mailer } = ports;
  const step = (name: string): EffectStep => ({ applyId: INVITATIONS_JOURNAL, itemKey: client.id, step: name, clientId: client.id });
  const started = Date.now();
  const logged = (result: InvitationOutcome): InvitationOutcome => {
    context.log({ event: 'step', step: 'invitation', item: client.id, outcome: result.reason ?? result.status, ms: Date.now() - started });
    return result;
  };

  // An e-mail step already settled decides (older journals have no `invite` step). A client the caller has just
  // created has no history to read: its two steps are claimed all the same, so a form racing the apply is kept apart.
  let history: readonly JournalEntry[] = [];
  if (!fresh) {
    try {
      history = await store.readJournal(INVITATIONS_JOURNAL, client.id);
    } catch (error) {
      return logged(outcome('failed', 'invitation_failed', describeErrorParams(error)));
    }
  }
  const previous = history.filter((e) => e.step === 'email').at(-1);
  if (previous?.status === 'done') {
    // Settled without taxsync's mailer (an active account, a portal that invites itself): its ref is the portal
    // user's, the `invite` step's, not an e-mail's.
    const ref = previous.ref;
    const byPortal = ref !== undefined && history.some((e) => e.step === 'invite' && e.status === 'done' && e.ref === ref);
    return logged(outcome('already_sent', undefined, {}, ref === undefined ? {} : byPortal ? { portalUserId: ref } : { messageId: ref }));
  }
  if (previous?.status === 'unknown') return logged(outcome('failed', 'delivery_unknown'));

  const language: ClientLanguage = client.language ?? settings.defaultLanguage ?? DEFAULT_LOCALE;
  const names = greeting(client);
  const invite = await runEffect(context, step('invite'), {
    idempotent: true,
    run: async () => {
      const result = await portal.inviteClient({
        clientId: client.id,
        email,
        language,
        name: names.fullName,
        ...(client.accountManager === undefined ? {} : { accountManager: client.accountManager }),
      });
      return { ref: result.user.id, value: result };
    },
  });
  if (invite.status === 'held') return logged(outcome('held', 'step_in_progress'));
  if (invite.status === 'failed') return logged(outcome('failed', 'invitation_failed', describeErrorParams(invite.error)));
  if (invite.status === 'unknown') return logged(outcome('failed', 'delivery_unknown'));
  let user: PortalUser | undefined;
  // Whether this run's inviteClient made the user (a portal that sends its own invitations sent one now).
  let createdNow = false;
  if (invite.status === 'done') {
    user = invite.value.user;
    createdNow = invite.value.created;
  }
  else {
    // Invited by an earlier run: the portal keeps the user (read, never re-created).
    try {
      user = await portal.getUser(client.id);
    } catch (error) {
      return logged(outcome('failed', 'invitation_failed', describeErrorParams(error)));
    }
    if (user === undefined) return logged(outcome('failed', 'invitation_failed', { detail: 'the portal no longer has the user it created for this client' }));
  }
  const portalUserId = { portalUserId: user.id };

  // The e-mail step settled without taxsync's mailer: recorded `done`, with the portal user as its ref, so that no
  // later run sends the e-mail.
  const settle = async (userId: string): Promise<void> => {
    try {
      await store.appendJournal([{ applyId: INVITATIONS_JOURNAL, itemKey: client.id, step: 'email', status: 'done', clientId: client.id, ref: userId, at: context.now().toISOString() }]);
    } catch {
      // The `invite` step is done: the next run reads it and completes this entry.
    }
  };
  if (user.status === 'active') {
    // The client already uses the portal (an account opened by hand, or in an earlier season): an e-mail to create a
    // password would only confuse them, and an active account may have no invitation link left to send.
    await settle(user.id);
    return logged(outcome('already_sent', 'portal_account_active', {}, portalUserId));
  }
  if (portal.capabilities.sendsInvitations) {
    // The portal's invitation is the e-mail.
    await settle(user.id);
    // The portal's invitation is sent when it makes the user: one it already had (created by hand, or by an earlier
    // run) got its invitation then.
    return logged(outcome(createdNow ? 'sent' : 'already_sent', undefined, {}, portalUserId));
  }
  if (mailer === undefined) return logged(outcome('failed', 'email_send_failed', { detail: 'no mailer' }, portalUserId));
  if (user.invitationUrl === undefined || user.invitationUrl === '') return logged(outcome('failed', 'invitation_url_missing', {}, portalUserId));
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
  const to = user.email;
  const sent = await runEffect(context, step('email'), {
    idempotent: mailer.capabilities.idempotencyKeys,
    run: async () => {
      const receipt = await mailer.send({ to, ...mail, language, idempotencyKey: `taxsync-invitation-${client.id}`, category: 'invitation' });
      return { ref: receipt.id, value: receipt };
    },
  });
  switch (sent.status) {
    case 'done':
      return logged(outcome(sent.value.duplicate ? 'already_sent' : 'sent', undefined, {}, { ...portalUserId, messageId: sent.value.id }));
    case 'finished':
      return logged(outcome('already_sent', undefined, {}, { ...portalUserId, ...(sent.entry.ref === undefined ? {} : { messageId: sent.entry.ref }) }));
    case 'held':
      return logged(outcome('held', 'step_in_progress', {}, portalUserId));
    case 'unknown':
      return logged(outcome('failed', 'delivery_unknown', {}, portalUserId));
    case 'failed':
      return logged(outcome('failed', 'email_send_failed', describeErrorParams(sent.error), portalUserId));
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
export interface InviteOrMatchClientOptions extends InvitationSettings, WorkflowRunOptions {
  /** Account manager assigned to a client this creates. */
  readonly accountManager?: string;
  /** Also invite a client that was found (idempotent: a client already invited is not invited again). Default `true`. */
  readonly inviteMatched?: boolean;
  /** Language of messages. Default: `DEFAULT_LOCALE` ('fr'). */
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
  const locale = options.locale ?? DEFAULT_LOCALE;
  const invalid = (field: string, detail: string): InvalidArgumentError => new InvalidArgumentError('form_invalid', { field, detail }, { locale });
  ports = guardPorts(ports, options);
  const email = validateEmail(form.email ?? '', { locale });
  if (!email.ok) throw invalid('email', email.message);
  let sin: string | undefined;
  if (form.sin !== undefined && form.sin.trim() !== '') {
    const r = validateSin(form.sin, { locale });
    if (!r.ok) throw invalid('sin', r.message);
    sin = r.value;
  }
  checkInvitationSetup(ports, options);
  const context = createWorkflowContext('invitation', INVITATIONS_JOURNAL, ports.store, options);
  const settings: InvitationSettings = { ...options, defaultLanguage: form.language ?? options.defaultLanguage ?? DEFAULT_LOCALE };

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
        : await ensureInvitation(match.client, ports, settings, locale, context);
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
  const invitation = await ensureInvitation(client, ports, settings, locale, context);
  return { status: 'created', client, invitation };
}
