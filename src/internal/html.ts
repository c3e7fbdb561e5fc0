/** HTML escaping for every piece of HTML taxsync writes: the e-mail templates and the website form. */

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

const SPECIAL = /[&<>"']/;

/** Escapes text for HTML content and attribute values (quoted with `"` or `'`). */
export function escapeHtml(value: string): string {
  // Most values (names, years, URLs) have nothing to escape: a test is far cheaper than a replace with a callback.
  return SPECIAL.test(value) ? value.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c) : value;
}
