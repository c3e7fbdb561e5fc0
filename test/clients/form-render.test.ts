import { describe, expect, it } from 'vitest';
import { CLIENT_FORM_FIELDS, CLIENT_FORM_TEXTS, isTaxsyncError, renderClientForm } from '../../src/index.js';

const attributes = (tag: string): Record<string, string> =>
  Object.fromEntries([...tag.matchAll(/([a-z-]+)(?:="([^"]*)")?/g)].slice(1).map((m) => [m[1] ?? '', m[2] ?? '']));

describe('renderClientForm', () => {
  it('labels every visible field, says which are required in words, and sets autocomplete tokens', () => {
    const html = renderClientForm({ action: 'https://api.cabinet-exemple.ca/client-form', lang: 'fr', fields: ['sin', 'phone', 'language'], token: 'v1.abc' });
    const inputs = [...html.matchAll(/<(?:input|select)\b[^>]*>/g)].map((m) => attributes(m[0]));
    const visible = inputs.filter((a) => a.type !== 'hidden');
    for (const input of visible) expect(html).toContain(`<label for="${input.id}">`);
    expect(Object.fromEntries(visible.map((a) => [a.name, a.autocomplete]))).toEqual({
      firstName: 'given-name',
      lastName: 'family-name',
      email: 'email',
      sin: 'off',
      phone: 'tel',
      lang: undefined,
      website: 'off',
    });
    expect(visible.filter((a) => 'required' in a).map((a) => a.name)).toEqual(['firstName', 'lastName', 'email']);
    expect(html).toContain('Prénom <span class="taxsync-form-required">(obligatoire)</span>');
    expect(html).toContain('<form class="taxsync-client-form" action="https://api.cabinet-exemple.ca/client-form" method="post" accept-charset="UTF-8" lang="fr">');
    expect(html).toContain('<input type="hidden" name="formToken" value="v1.abc">');
    expect(html).not.toMatch(/<script|\son[a-z]+=/i);
    // The names the handler reads.
    expect(new Set(inputs.map((a) => a.name))).toEqual(new Set([...Object.values(CLIENT_FORM_FIELDS), 'website']));
  });

  it('escapes values and messages, never puts a SIN back, and ties errors to their field', () => {
    const html = renderClientForm({
      action: '/form?a=1&b="2"',
      lang: 'en',
      fields: ['sin'],
      values: { firstName: '"><script>alert(1)</script>', lastName: "O'Brien & fils", email: 'x@y.ca' },
      errors: { firstName: 'Bad <name>', sin: 'Bad SIN' },
      message: 'Fix <these>',
    });
    expect(html).toContain('action="/form?a=1&amp;b=&quot;2&quot;"');
    expect(html).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(html).toContain('value="O&#39;Brien &amp; fils"');
    expect(html).toContain('<strong class="taxsync-form-error" id="taxsync-form-firstName-error">Bad &lt;name&gt;</strong>');
    expect(html).toContain('aria-describedby="taxsync-form-sin-hint taxsync-form-sin-error" aria-invalid="true"');
    expect(html).toContain('<p>Fix &lt;these&gt;</p>');
    expect(html).not.toContain('<script');
    expect(html).toContain('<input type="hidden" name="lang" value="en">');
  });

  it('refuses what cannot make a working form', () => {
    const fails = (options: Parameters<typeof renderClientForm>[0]): boolean => {
      try {
        renderClientForm(options);
        return false;
      } catch (error) {
        return isTaxsyncError(error) && error.code === 'invalid_input';
      }
    };
    expect(fails({ action: '' })).toBe(true);
    expect(fails({ action: '/f', lang: 'de' as 'fr' })).toBe(true);
    expect(fails({ action: '/f', fields: ['birthDate' as 'sin'] })).toBe(true);
    expect(fails({ action: '/f', honeypotField: 'email' })).toBe(true);
    expect(fails({ action: '/f', idPrefix: '"><x' })).toBe(true);
  });

  it('has every text in both languages, and they differ', () => {
    expect(Object.keys(CLIENT_FORM_TEXTS.fr).sort()).toEqual(Object.keys(CLIENT_FORM_TEXTS.en).sort());
    for (const key of Object.keys(CLIENT_FORM_TEXTS.fr) as (keyof typeof CLIENT_FORM_TEXTS.fr)[]) {
      if (key === 'languages') continue;
      expect(CLIENT_FORM_TEXTS.fr[key]).not.toBe('');
      expect(CLIENT_FORM_TEXTS.fr[key]).not.toBe(CLIENT_FORM_TEXTS.en[key]);
    }
  });
});
