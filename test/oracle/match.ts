// Frozen oracle: the implementation before #13 (commit 0078d5b), for the differential tests. See README.md; never edit to make a test pass.
/**
 * `matchPdfToClient`: which client a printed PDF belongs to, from its file name alone. Printed forms mask the first
 * five SIN digits, so the file name is the key. When in doubt the answer is never a client: it is a reason.
 */
import type { ClientKind, ClientRecord } from '../../src/model/client.js';
import { InvalidArgumentError } from '../../src/errors/invalid-argument.js';
import { luhnValid } from '../../src/model/identifiers.js';
import { maskBusinessNumber, maskSin, maskText } from '../../src/model/mask.js';
import { renderMessage, type Locale, type MessageParams, type MessageParamsFor, type ParamsOf } from '../../src/messages/catalogue.js';
import { asciiDigits, FILE_KEY_SEPARATOR_CLASS } from '../../src/internal/separators.js';
import { createClientIndex, isClientIndex, type ClientIndex } from './client-index.js';
import { nameAgrees, nameEquals, nameWords } from './names.js';
import { compileNamingPattern, readWithPattern, type NamingPattern } from '../../src/matching/patterns.js';

/** How a match was made. */
export type MatchedBy = 'sin' | 'businessNumber' | 'clientNumber' | 'name';

/** Why a file was not matched. Stable codes. */
export type MatchReason =
  | 'no_key'
  | 'pattern_mismatch'
  | 'invalid_key'
  | 'unknown_key'
  | 'several_keys'
  | 'duplicate_client_key'
  | 'name_mismatch'
  | 'name_not_unique'
  | 'name_unknown'
  | 'unknown_client_number'
  | 'client_number_shared'
  | 'year_mismatch'
  | 'wrong_client_kind'
  | 'placeholder_key';

/** What the file name said besides the client. */
export interface FileNameFacts {
  /** Tax year (`{year}`, `<YYYY>`). */
  readonly year?: number;
  /** Sequence number (`<SEQ>`). */
  readonly seq?: string;
  /** Document part (`{doc}`). */
  readonly doc?: string;
}

/** A file matched to exactly one client. */
export interface PdfMatched<C extends ClientRecord> {
  readonly status: 'matched';
  /** The client, as the host passed it. */
  readonly client: C;
  /** What identified the client. */
  readonly by: MatchedBy;
  /** True when a name in the file name was checked against the client and agreed. */
  readonly nameChecked: boolean;
  /** Other facts read from the file name. */
  readonly facts: FileNameFacts;
  /** How it was matched, in `options.locale` (identifiers masked). */
  readonly message: string;
}

/** A file held for a person to decide. */
export interface PdfNotMatched<C extends ClientRecord> {
  /**
   * `unmatched`: nobody fits. `ambiguous`: several could. `mismatch`: the number and the name (or the year, or the kind
   * of client) disagree.
   */
  readonly status: 'unmatched' | 'ambiguous' | 'mismatch';
  /** Stable reason code. */
  readonly reason: MatchReason;
  /** What is wrong and what to do, in `options.locale`; never a full SIN. */
  readonly message: string;
  /** The values in `message` (masked), to render it in the other language. */
  readonly params: MessageParams;
  /** The clients that came into question, for a person to choose from. */
  readonly candidates?: readonly C[];
}

/** Result of {@link matchPdfToClient}: narrow on `status`. */
export type PdfMatch<C extends ClientRecord = ClientRecord> = PdfMatched<C> | PdfNotMatched<C>;

/** Options of {@link matchPdfToClient}. */
export interface MatchPdfToClientOptions {
  /**
   * The firm's naming pattern, e.g. `'{sin} - {name}.pdf'` or DT Max's `'<NNNN><ID><SEQ>'` (see
   * `compileNamingPattern`). Without one, every 9-digit run of the name is tried, its digits separated or not by what
   * `validateSin` accepts (spaces of any kind, dots, dashes) or underscores; full-width digits count as digits.
   */
  readonly pattern?: string | NamingPattern;
  /** The tax year of the batch: a file name that says another year is held. */
  readonly year?: number;
  /** Only clients of this kind may receive the document (T183CORP: corporations). */
  readonly kind?: ClientKind;
  /** Language of messages. Default `'fr'` (DEFAULT_LOCALE since #10). */
  readonly locale?: Locale;
}

// Words of file names that are not names: document types, their parts, program-account letters, name particles.
const NOISE = /* @__PURE__ */ new Set([
  'pdf', 't', 'tp', 'te', 'co', 'trust', 'auth', 'corp', 't183', 'signature', 'signed', 'signe', 'sign', 'autorisation',
  'authorization', 'formulaire', 'form', 'copie', 'copy', 'final', 'draft', 'brouillon', 'et', 'and', 'de', 'du', 'des',
  'la', 'le', 'les', 'd', 'l', 'rc', 'rt', 'rp', 'rm', 'rr', 'rz', 'rd', 're', 'efile', 'teledeclaration',
]);

// Digits are removed first so that letters glued to numbers (DT Max's PROV271845935001) stay a word.
const significantWords = (text: string): string[] => nameWords(text.replace(/\d+/g, ' ')).filter((w) => !NOISE.has(w));

const maskKey = (digits: string): string => maskSin(digits);

// A number in a file name: digits joined by any run of the separators `validateSin` accepts (spaces of every kind,
// dots, dashes) and underscores. Compiled once: matching runs once per file of a batch.
const DIGIT_RUN = /* @__PURE__ */ (() => new RegExp(String.raw`\d(?:${FILE_KEY_SEPARATOR_CLASS}*\d)*`, 'g'))();
const KEY_SEPARATORS = /* @__PURE__ */ (() => new RegExp(FILE_KEY_SEPARATOR_CLASS, 'g'))();
const DIGIT_GROUPS = /\d+/g;

/**
 * Every nine-digit number a file name could be read as: each run of exactly nine digits, and each sequence of whole
 * digit groups of a longer run that adds up to nine digits (`2025 - 130 692 544` holds `130 692 544`).
 */
function nineDigitNumbers(text: string): string[] {
  const found: string[] = [];
  for (const run of text.match(DIGIT_RUN) ?? []) {
    const groups = run.match(DIGIT_GROUPS) ?? [];
    for (let i = 0; i < groups.length; i++) {
      let digits = '';
      for (let j = i; j < groups.length && digits.length < 9; j++) {
        digits += groups[j];
        if (digits.length === 9) found.push(digits);
      }
    }
  }
  return found;
}

/**
 * Finds the one client a PDF belongs to from its file name, or says why it cannot.
 *
 * Rules: a SIN or BN in the name identifies the client and, when the name also holds a name, every word of it must
 * belong to that client's name with the surname among them (accents, case, order, hyphens, apostrophes and suffixes
 * such as inc. or ltée ignored; DT Max's uppercase and first-four-letter forms accepted). A name alone matches only
 * when exactly one client has exactly that name, and never while the file name also holds a valid nine-digit number
 * (however its digits are separated) that is not that client's (`name_mismatch`). `000 000 000`, and a number no SIN starts with (0 or 8) that is no
 * client's business number, is never a key, and a name beside it never matches a client who has a number
 * (`placeholder_key`). A number with a bad check digit, a
 * valid number no client has, two different numbers, or a number whose name disagrees: held, never a guess.
 *
 * @param fileName - the PDF's name; folders before it are ignored.
 * @param clients - the host's clients, or an index from {@link createClientIndex} (faster for a batch).
 *
 * @example
 * ```ts
 * const match = matchPdfToClient('130 692 544 - Simon Provencher.pdf', clients, { pattern: '{sin} - {name}.pdf' });
 * switch (match.status) {
 *   case 'matched': send(match.client); break;
 *   default: holdForReview(match.reason, match.message);
 * }
 * ```
 */
export function matchPdfToClient<C extends ClientRecord>(
  fileName: string,
  clients: readonly C[] | ClientIndex<C>,
  options: MatchPdfToClientOptions = {},
): PdfMatch<C> {
  if (typeof fileName !== 'string') throw new InvalidArgumentError('invalid_input', { detail: 'matchPdfToClient expects the file name as a string' });
  if (typeof options !== 'object' || options === null) throw new InvalidArgumentError('invalid_input', { detail: 'matchPdfToClient options must be an object' });
  const index = isClientIndex(clients) ? clients : createClientIndex(clients);
  const locale = options.locale ?? 'fr';
  const base = asciiDigits((fileName.split(/[\\/]/).pop() ?? fileName).normalize('NFC'));
  const hold = <R extends MatchReason>(status: PdfNotMatched<C>['status'], reason: R, raw: MessageParamsFor<R>, candidates?: readonly C[]): PdfNotMatched<C> => {
    // Words of the file name (the name part) may hold an e-mail address or a number the key search did not take.
    const params = Object.fromEntries(Object.entries(raw).map(([key, value]) => [key, typeof value === 'string' ? maskText(value) : value]));
    return {
      status,
      reason,
      message: renderMessage<MatchReason>(reason, params, locale),
      params,
      ...(candidates === undefined || candidates.length === 0 ? {} : { candidates }),
    };
  };

  // Any nine-digit number of the file name with a valid check digit that is not the client's own. Without a pattern,
  // every run of exactly nine digits is a key already: only the digit groups of longer runs remain to be looked at.
  let numbers: string[] | undefined;
  const netText: string[] = [];
  const otherNumber = (client: C): string | undefined => {
    if (netText.length === 0) return undefined;
    numbers ??= netText.flatMap(nineDigitNumbers).filter((n) => luhnValid(n) && !isPlaceholder(n));
    const own = ownNumbers(client);
    return numbers.find((n) => !own.includes(n));
  };

  const keys: { digits: string; token: 'sin' | 'bn' | 'id' }[] = [];
  // `000 000 000` (the programs' "no SIN"), or a number no SIN ever starts with (0, 8) that is no client's business
  // number: never a key, and never a licence to match the name to a client who has a number.
  const placeholders: string[] = [];
  const isPlaceholder = (digits: string): boolean =>
    /^0+$/.test(digits) || ((digits[0] === '0' || digits[0] === '8') && index.byBusinessNumber(digits).length === 0);
  let invalid: string[] = [];
  let windowHits: string[] = [];
  let sawLongNumber = false;
  let fileWords: string[];
  // The name as written, for messages; only built when a file is held.
  let shownName: () => string;
  let clientNumber: string | undefined;
  let facts: FileNameFacts = {};

  if (options.pattern !== undefined) {
    const pattern = typeof options.pattern === 'string' ? compileNamingPattern(options.pattern) : options.pattern;
    netText.push(base);
    const capture = readWithPattern(pattern, base);
    if (capture === undefined) return hold('unmatched', 'pattern_mismatch', { pattern: pattern.source });
    for (const key of capture.keys) {
      const digits = key.text.replace(KEY_SEPARATORS, '').slice(0, 9);
      if (isPlaceholder(digits)) {
        placeholders.push(digits);
        continue;
      }
      if (!luhnValid(digits)) invalid.push(digits);
      else if (!keys.some((k) => k.digits === digits)) keys.push({ digits, token: key.token });
    }
    fileWords = [...capture.names.flatMap(significantWords), ...(capture.nnnn === undefined ? [] : nameWords(capture.nnnn))];
    const names = [capture.nnnn, ...capture.names];
    shownName = () => names.filter((n) => n !== undefined).join(' ');
    clientNumber = capture.clientNumber;
    facts = {
      ...(capture.year === undefined ? {} : { year: capture.year }),
      ...(capture.seq === undefined ? {} : { seq: capture.seq }),
      ...(capture.doc === undefined ? {} : { doc: capture.doc }),
    };
  } else {
    const stem = base.replace(/\.pdf\s*$/i, '');
    for (const run of stem.match(DIGIT_RUN) ?? []) {
      const digits = run.replace(KEY_SEPARATORS, '');
      if (digits.length === 9) {
        if (isPlaceholder(digits)) {
          placeholders.push(digits);
          continue;
        }
        if (!luhnValid(digits)) invalid.push(digits);
        else if (!keys.some((k) => k.digits === digits)) keys.push({ digits, token: 'id' });
      } else if (digits.length > 9) {
        sawLongNumber = true;
        if (run.length > digits.length) netText.push(run);
        // DT Max's default glues the ID to a sequence (PROV271845935001): try every 9-digit window, keep known ones.
        for (let i = 0; i + 9 <= digits.length; i++) {
          const window = digits.slice(i, i + 9);
          if (!luhnValid(window) || isPlaceholder(window)) continue;
          if (index.bySin(window).length > 0 || index.byBusinessNumber(window).length > 0) windowHits.push(window);
        }
      }
    }
    if (windowHits.length > 0) windowHits = [...new Set(windowHits)].filter((w) => !keys.some((k) => k.digits === w));
    fileWords = significantWords(stem);
    shownName = () =>
      stem
      .replace(DIGIT_RUN, ' ')
      .replace(/_/g, ' ')
      .replace(/(?:^|\s)[-–—]+(?=\s|$)/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
  }
  if (invalid.length > 1) invalid = [...new Set(invalid)];
  if (options.year !== undefined && facts.year !== undefined && facts.year !== options.year) {
    return hold('mismatch', 'year_mismatch', { found: facts.year, expected: options.year });
  }

  if (invalid.length > 0) return hold('unmatched', 'invalid_key', { key: invalid.map(maskKey).join(', ') });
  const allKeys = windowHits.length === 0 ? keys.map((k) => k.digits) : [...keys.map((k) => k.digits), ...windowHits];
  if (allKeys.length > 1) {
    const candidates = allKeys.flatMap((k) => [...index.bySin(k), ...index.byBusinessNumber(k)]);
    return hold('ambiguous', 'several_keys', { keys: allKeys.map(maskKey).join(', ') }, candidates);
  }

  const key = allKeys[0];
  if (key !== undefined) {
    const token = keys[0]?.token ?? 'id';
    const bySin = token === 'bn' ? [] : index.bySin(key);
    const byBn = token === 'sin' ? [] : index.byBusinessNumber(key);
    const found = [...bySin, ...byBn];
    const shownKey = bySin.length > 0 ? maskSin(key) : maskBusinessNumber(key);
    if (found.length === 0) return hold('unmatched', 'unknown_key', { key: maskKey(key) });
    if (found.length > 1) return hold('ambiguous', 'duplicate_client_key', { key: shownKey, count: found.length }, found);
    const client = found[0] as C;
    if (options.kind !== undefined && client.kind !== options.kind) {
      return hold('mismatch', 'wrong_client_kind', { key: shownKey, actual: client.kind, expected: options.kind }, found);
    }
    const checked = fileWords.length > 0;
    if (checked && nameAgrees(fileWords, index.profile(client)) !== 'agrees') {
      return hold('mismatch', 'name_mismatch', { name: shownName(), key: shownKey }, found);
    }
    const other = otherNumber(client);
    if (other !== undefined) return hold('ambiguous', 'several_keys', { keys: [shownKey, maskKey(other)].join(', ') }, [client, ...index.bySin(other), ...index.byBusinessNumber(other)]);
    const by: MatchedBy = client.kind === 'individual' ? 'sin' : 'businessNumber';
    return matched(client, by, checked, facts, { by, key: shownKey, nameChecked: checked ? 'yes' : 'no' }, locale);
  }
  if (sawLongNumber) return hold('unmatched', 'unknown_key', {});

  const ofKind = (list: readonly C[]): C[] => list.filter((c) => options.kind === undefined || c.kind === options.kind);
  // A placeholder: the file says the person has no number, so only a client without one may be found by name.
  const placeholder = placeholders[0] === undefined ? undefined : maskKey(placeholders[0]);
  const numbered = (list: readonly C[]): PdfNotMatched<C> | undefined => {
    const found = placeholder === undefined ? [] : list.filter(hasNumber);
    return found.length === 0 || placeholder === undefined ? undefined : hold('mismatch', 'placeholder_key', { key: placeholder, name: shownName() }, found);
  };
  // Safety net: a client found by its name or client number while the file name also holds a valid number that is not
  // that client's (however its digits are separated) is held, never sent on the name.
  const strayNumber = (client: C): PdfNotMatched<C> | undefined => {
    const other = otherNumber(client);
    return other === undefined ? undefined : hold('mismatch', 'name_mismatch', { name: shownName(), key: maskKey(other) }, [client, ...index.bySin(other), ...index.byBusinessNumber(other)]);
  };
  if (placeholder !== undefined && clientNumber === undefined && fileWords.length === 0) return hold('unmatched', 'placeholder_key', { key: placeholder });

  if (clientNumber !== undefined) {
    const family = ofKind(index.byClientNumber(clientNumber));
    if (family.length === 0) return hold('unmatched', 'unknown_client_number', { clientNumber });
    const agreeing = fileWords.length === 0 ? family : family.filter((c) => nameAgrees(fileWords, index.profile(c)) === 'agrees');
    const refused = numbered(agreeing);
    if (refused !== undefined) return refused;
    if (agreeing.length === 1) {
      const client = agreeing[0] as C;
      const stray = strayNumber(client);
      if (stray !== undefined) return stray;
      return matched(client, 'clientNumber', fileWords.length > 0, facts, { by: 'clientNumber', key: clientNumber, nameChecked: fileWords.length > 0 ? 'yes' : 'no' }, locale);
    }
    if (agreeing.length === 0) return hold('mismatch', 'name_mismatch', { name: shownName(), key: clientNumber }, family);
    return hold('ambiguous', 'client_number_shared', { clientNumber, count: agreeing.length }, agreeing);
  }

  if (fileWords.length === 0) return hold('unmatched', 'no_key', {});
  const named = ofKind(index.byExactName(fileWords)).filter((c) => nameEquals(fileWords, index.profile(c)));
  const refused = numbered(named);
  if (refused !== undefined) return refused;
  if (named.length === 1) {
    const stray = strayNumber(named[0] as C);
    if (stray !== undefined) return stray;
    return matched(named[0] as C, 'name', true, facts, { by: 'name', nameChecked: 'no' }, locale);
  }
  if (named.length > 1) return hold('ambiguous', 'name_not_unique', { name: shownName(), count: named.length }, named);
  return hold('unmatched', 'name_unknown', { name: shownName() });
}

/** The client's SIN and business number, digits only (a BN without its program account). */
const ownNumbers = (client: ClientRecord): string[] =>
  [client.kind === 'individual' ? client.sin : client.businessNumber]
    .filter((n): n is string => typeof n === 'string')
    .map((n) => n.replace(/\D/g, '').slice(0, 9));

/** Whether the client has the number that identifies its kind (a SIN, a business number). */
const hasNumber = (client: ClientRecord): boolean =>
  client.kind === 'individual' ? client.sin !== undefined && client.sin !== '' : client.businessNumber !== undefined && client.businessNumber !== '';

function matched<C extends ClientRecord>(client: C, by: MatchedBy, nameChecked: boolean, facts: FileNameFacts, params: ParamsOf<'matched'>, locale: Locale): PdfMatched<C> {
  return { status: 'matched', client, by, nameChecked, facts, message: renderMessage('matched', params, locale) };
}


/**
 * Masks a file name for logs and screens with {@link maskText}: every number of nine digits or more, whatever
 * separates its digits (spaces, non-breaking spaces, dots, dashes, underscores, slashes, commas, middle dots; full-width
 * digits too), and every e-mail address: `*** *** 544 - Simon.pdf`.
 *
 * @throws {@link InvalidArgumentError} `invalid_input` when `fileName` is not a string.
 */
export function maskFileName(fileName: string): string {
  if (typeof fileName !== 'string') throw new InvalidArgumentError('invalid_input', { detail: 'maskFileName expects the file name as a string' });
  return maskText(fileName);
}
