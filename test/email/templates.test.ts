/**
 * The invitation and the document notice share one template engine: the same escaping, the same one-line subject,
 * the same override rules and the same variable check — each with its own variables. Checked through the public
 * template functions only.
 */
import { describe, expect, it } from 'vitest';
import {
  checkDocumentEmailTemplates,
  checkInvitationTemplates,
  DEFAULT_DOCUMENT_EMAIL_TEMPLATES,
  DEFAULT_INVITATION_TEMPLATES,
  documentEmailTemplateFor,
  invitationTemplateFor,
  InvalidArgumentError,
  renderDocumentEmail,
  renderInvitation,
  type DocumentEmailVariables,
  type InvitationVariables,
} from '../../src/index.js';

const hostile = 'Zoé <b>"Gagnon"</b> & l’Œuvre\r\nBcc: tous@exemple.ca';

const invitation: InvitationVariables = {
  name: hostile,
  fullName: 'Zoé Gagnon-Tremblay',
  email: 'zoe.gt@exemple.ca',
  firmName: 'Cabinet Lœuillet & Associés',
  accountManager: 'Julie Tremblay',
  invitationUrl: 'https://portail.exemple.ca/i/abc?x=1&y=2',
};

const notice: DocumentEmailVariables = {
  name: hostile,
  fullName: 'Zoé Gagnon-Tremblay',
  firmName: 'Cabinet Lœuillet & Associés',
  year: '2025',
  count: '2',
  documents: '- T183\n- TP-1000.TE',
  documentsHtml: '<ul><li>T183</li><li>TP-1000.TE</li></ul>',
  portalUrl: 'https://portail.exemple.ca/?a=1&b=2',
  action: 'à signer',
};

const renders = [
  ['invitation', (templates: Parameters<typeof renderInvitation>[2]) => renderInvitation('fr', invitation, templates)],
  ['document notice', (templates: Parameters<typeof renderDocumentEmail>[2]) => renderDocumentEmail('fr', notice, templates)],
] as const;

const escaped = 'Zoé &lt;b&gt;&quot;Gagnon&quot;&lt;/b&gt; &amp; l’Œuvre\r\nBcc: tous@exemple.ca';

describe('the e-mail templates', () => {
  it.each(renders)('%s: values as they are in the text, escaped in the HTML', (_, render) => {
    const mail = render({ fr: { text: 'Bonjour {{name}},', html: '<p>Bonjour {{name}},</p>' } });
    expect(mail.text).toBe(`Bonjour ${hostile},`);
    expect(mail.html).toBe(`<p>Bonjour ${escaped},</p>`);
  });

  it.each(renders)('%s: the subject stays on one line, whatever the values say', (_, render) => {
    const mail = render({ fr: { subject: '{{firmName}} — {{name}}' } });
    expect(mail.subject).toBe('Cabinet Lœuillet & Associés — Zoé <b>"Gagnon"</b> & l’Œuvre Bcc: tous@exemple.ca');
    expect(mail.subject).not.toMatch(/[\r\n]/);
  });

  it('escapes the defaults’ attribute values too, and inserts the prebuilt documentsHtml as it is', () => {
    expect(renderInvitation('fr', invitation).html).toContain('<a href="https://portail.exemple.ca/i/abc?x=1&amp;y=2">Créer mon mot de passe</a>');
    const mail = renderDocumentEmail('en', notice);
    expect(mail.html).toContain('<ul><li>T183</li><li>TP-1000.TE</li></ul>');
    expect(mail.html).toContain('<a href="https://portail.exemple.ca/?a=1&amp;b=2">Open the portal</a>');
    expect(mail.text).toContain('- T183\n- TP-1000.TE');
  });

  it('takes host overrides part by part, per language; the rest comes from the defaults', () => {
    const templates = { fr: { subject: 'Votre accès — {{firmName}}' } };
    const fr = invitationTemplateFor('fr', templates);
    expect(fr).toEqual({ ...DEFAULT_INVITATION_TEMPLATES.fr, subject: 'Votre accès — {{firmName}}' });
    expect(invitationTemplateFor('en', templates)).toEqual(DEFAULT_INVITATION_TEMPLATES.en);
    expect(renderInvitation('fr', invitation, templates).subject).toBe('Votre accès — Cabinet Lœuillet & Associés');
    const en = documentEmailTemplateFor('en', { en: { html: '<p>{{count}} document(s)</p>' } });
    expect(en).toEqual({ ...DEFAULT_DOCUMENT_EMAIL_TEMPLATES.en, html: '<p>{{count}} document(s)</p>' });
  });

  it('checks each template against its own variables, in both languages, before anything is sent', () => {
    const refusal = (check: () => void): unknown => {
      try {
        check();
      } catch (error) {
        return error;
      }
      return undefined;
    };
    // The portal link of one is unknown to the other: one engine, two sets of variables.
    const noticeRefusal = refusal(() => checkDocumentEmailTemplates({ en: { text: 'Set your password: {{invitationUrl}}' } }));
    expect(noticeRefusal).toBeInstanceOf(InvalidArgumentError);
    expect(noticeRefusal).toMatchObject({ code: 'template_variable_unknown', params: { language: 'en', variable: 'invitationUrl' } });
    const invite = refusal(() => checkInvitationTemplates({ fr: { html: '<a href="{{ portalUrl }}">Portail</a>' } }));
    expect(invite).toMatchObject({ code: 'template_variable_unknown', params: { language: 'fr', variable: 'portalUrl' } });
    expect((invite as InvalidArgumentError).messageIn('fr')).toContain('portalUrl');
    expect(refusal(() => checkInvitationTemplates({ en: { subject: '{{firmName}}: {{name}}' } }))).toBeUndefined();
    expect(refusal(() => checkDocumentEmailTemplates({ fr: { subject: '{{count}} document(s) {{action}} — {{year}}' } }))).toBeUndefined();
  });

  it.each(renders)('%s: a template with an unknown variable is refused, never sent with the placeholder showing', (_, render) => {
    expect(() => render({ fr: { text: 'Bonjour {{prenom}},' } })).toThrow(InvalidArgumentError);
  });
});
