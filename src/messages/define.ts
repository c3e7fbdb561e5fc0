/**
 * The pieces every area of the catalogue is written with: the locale, the shape of one message, and the few
 * formatting helpers several areas share.
 */

/** Language of the messages people read. */
export type Locale = 'fr' | 'en';

/**
 * The language every function of taxsync uses when none is given: French, the language of the firms taxsync was
 * first built for (a Quebec firm's clients are French-speaking unless their record says otherwise). Pass
 * `locale: 'en'` (or `'en'` to a `format…`/`describe…` function, `messageIn('en')` on an error) for English.
 */
export const DEFAULT_LOCALE: Locale = 'fr';

/** Values substituted into a message. Never a full SIN, business number or birth date. */
export type MessageParams = Readonly<Record<string, string | number>>;

/** A value a template prints: text, or a number it formats itself. */
export type Text = string | number;

/**
 * One message of the catalogue: its text in each language, from the same typed parameters.
 *
 * @typeParam P - The parameters the message reads; a missing or misspelt one is a compile error at the call site.
 */
export interface MessageEntry<P> {
  /** The English text. */
  readonly en: (params: P) => string;
  /** The French text. */
  readonly fr: (params: P) => string;
}

/**
 * Declares one message with its parameters, so both languages read the same ones (`msg<{ value: Text }>({ … })`).
 * A message without parameters takes `{}`.
 */
export const msg = <P extends Readonly<Record<string, Text>> = Record<never, never>>(entry: MessageEntry<P>): MessageEntry<P> => entry;

/** A parameter as text; an absent optional one is nothing (templates branch on them, so this never shows a gap). */
export const s = (value: Text | undefined): string => (value === undefined ? '' : String(value));

/**
 * The `value` of a limit for people: a byte limit (`limit` ending in `Bytes`) in KiB, MiB or GiB — a ten-digit byte
 * count would read like an identifier and trip every log scrubber —, any other value as it is.
 */
export const limitValue = (p: { readonly value: Text; readonly limit: Text }, locale: Locale): string => {
  const value = Number(p.value);
  if (!s(p.limit).endsWith('Bytes') || !Number.isFinite(value) || value < 0) return s(p.value);
  const units = locale === 'fr' ? ['o', 'Kio', 'Mio', 'Gio', 'Tio'] : ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let amount = value;
  let unit = 0;
  while (amount >= 1024 && unit < units.length - 1) {
    amount /= 1024;
    unit++;
  }
  const shown = Number.isInteger(amount) ? String(amount) : amount.toFixed(1);
  return `${locale === 'fr' ? shown.replace('.', ',') : shown} ${units[unit] ?? ''}`;
};
