#!/usr/bin/env node
/**
 * `taxsync`: the library on a real export, a zip of prints or a T183 print, without writing a program. Imports the
 * package's public entries only (`../index.js`, `../xlsx.js`, `../pdf.js`), which the build keeps as imports of the
 * built entries; arguments are read with Node's own `util.parseArgs` (no dependency) and the progress bar is one
 * line on stderr, shown only on a terminal.
 *
 * Exit codes: 0 fine, 1 issues found, 2 cannot read or wrong usage.
 */
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, extname } from 'node:path';
import { parseArgs } from 'node:util';
import type { ClientRecord, Locale, ParseResult } from '../index.js';
import { CLI_TEXTS, type CliTexts } from '../messages/cli.js';

/** The library's main entry, loaded once a command runs (`--help` starts as fast as Node). */
const library = (): Promise<typeof import('../index.js')> => import('../index.js');

/** Exit codes, as documented in `--help` and the README. */
const EXIT = { ok: 0, issues: 1, unreadable: 2 } as const;

/** A failure that ends the command with exit code 2 and a message already in the user's language. */
class CliFailure extends Error {}

const OPTIONS = {
  clients: { type: 'string' },
  pattern: { type: 'string' },
  form: { type: 'string' },
  year: { type: 'string' },
  out: { type: 'string' },
  lang: { type: 'string' },
  json: { type: 'boolean', default: false },
  'no-progress': { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', short: 'v', default: false },
} as const;

interface Io {
  readonly out: (text: string) => void;
  readonly err: NodeJS.WriteStream;
}

function defaultLocale(): Locale {
  const lang = process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG || '';
  return lang.toLowerCase().startsWith('en') ? 'en' : 'fr';
}

async function readInput(path: string, t: CliTexts): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new CliFailure(`${t.cannotRead} ${path}${t.colon}${code === 'ENOENT' ? t.notFound : String(code ?? error)}`);
  }
}

const isWorkbook = (path: string, bytes: Uint8Array): boolean =>
  extname(path).toLowerCase() === '.xlsx' || (bytes[0] === 0x50 && bytes[1] === 0x4b && extname(path).toLowerCase() !== '.csv');

/** Reads a client list the way the library does: DT Max CSV or Taxprep XLSX, by its extension and first bytes. */
async function readClients(path: string, locale: Locale, t: CliTexts): Promise<ParseResult> {
  const bytes = await readInput(path, t);
  if (!isWorkbook(path, bytes)) return (await library()).parseDtmaxCsv(bytes, { locale });
  // Loaded when needed, so that the command starts fast.
  const { parseTaxprepXlsx } = await import('../xlsx.js');
  return parseTaxprepXlsx(bytes, { locale });
}

/** A client as the command shows it: the name the file gives, the identifier masked. */
function describeClient(client: ClientRecord, { maskSin, maskBusinessNumber }: typeof import('../index.js')): { readonly name: string; readonly id?: string } {
  if (client.kind === 'individual') {
    const name = `${client.firstName} ${client.lastName}`.trim();
    return client.sin === undefined ? { name } : { name, id: maskSin(client.sin) };
  }
  return client.businessNumber === undefined ? { name: client.name } : { name: client.name, id: maskBusinessNumber(client.businessNumber) };
}

/** One line on stderr, redrawn in place: `Reading [#######.....] 120/400`. Only on a terminal. */
function progressBar(io: Io, label: string, total: number, enabled: boolean): { tick(done: number): void; end(): void } {
  const shown = enabled && io.err.isTTY === true && total >= 20;
  let last = -1;
  return {
    tick(done) {
      if (!shown) return;
      const width = 30;
      const filled = Math.round((done / total) * width);
      if (filled === last && done !== total) return;
      last = filled;
      io.err.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
    },
    end() {
      if (shown) io.err.write('\n');
    },
  };
}

async function inspect(file: string, locale: Locale, json: boolean, io: Io, t: CliTexts): Promise<number> {
  const result = await readClients(file, locale, t);
  const { meta, issues } = result;
  const code = meta.counts.errors > 0 || meta.counts.rejected > 0 ? EXIT.issues : EXIT.ok;
  if (json) {
    io.out(JSON.stringify({
      file: basename(file),
      format: meta.format,
      kind: meta.kind,
      ...(meta.encoding === undefined ? {} : { encoding: meta.encoding }),
      ...(meta.delimiter === undefined ? {} : { delimiter: meta.delimiter }),
      ...(meta.sheet === undefined ? {} : { sheet: meta.sheet }),
      headerRow: meta.headerRow,
      columns: meta.columns.map((c) => ({ header: c.header, field: c.field })),
      unknownColumns: meta.unknownColumns,
      counts: meta.counts,
      issues: issues.map((i) => ({ row: i.row, ...(i.field === undefined ? {} : { field: i.field }), ...(i.column === undefined ? {} : { column: i.column }), code: i.code, severity: i.severity, message: i.message })),
    }, null, 2));
    return code;
  }
  const where = meta.format === 'csv'
    ? `CSV · ${t.encoding} ${meta.encoding ?? '?'} · ${t.delimiter} ${meta.delimiter === '\t' ? 'TAB' : (meta.delimiter ?? '?')}`
    : `XLSX · ${t.sheet} ${meta.sheet ?? '?'}`;
  const lines = [
    `${t.file}${t.colon} ${basename(file)}`,
    `${t.format}${t.colon} ${where}`,
    `${t.kind}${t.colon} ${t[meta.kind]}`,
    `${t.headerRow}${t.colon} ${meta.headerRow}`,
    `${t.columns}${t.colon}`,
    ...meta.columns.map((c) => `  ${c.header} → ${c.field}`),
  ];
  if (meta.unknownColumns.length > 0) lines.push(`${t.unknownColumns}${t.colon} ${meta.unknownColumns.join(', ')}`);
  lines.push(t.counts(meta.counts.rows, meta.counts.records, meta.counts.rejected, meta.counts.blank));
  if (issues.length === 0) lines.push(t.noIssues);
  else {
    lines.push(t.issues(meta.counts.errors, meta.counts.warnings));
    for (const issue of issues) {
      lines.push(`  ${t.row} ${issue.row}${issue.column === undefined ? '' : ` · ${issue.column}`} · ${issue.severity === 'error' ? t.error : t.warning} · ${issue.message}`);
    }
  }
  io.out(lines.join('\n'));
  return code;
}

async function match(archive: string, clientsFile: string, pattern: string | undefined, year: number | undefined, locale: Locale, json: boolean, progress: boolean, io: Io, t: CliTexts): Promise<number> {
  const [zip, parsed] = await Promise.all([readInput(archive, t), readClients(clientsFile, locale, t)]);
  const lib = await library();
  const { createClientIndex, maskFileName, matchPdfToClient, renderMessage } = lib;
  const entries = await lib.readZip(zip, { locale });
  const index = createClientIndex(parsed.records);
  const bar = progressBar(io, t.reading, entries.length, progress);
  const lines = entries.map((entry, i) => {
    bar.tick(i + 1);
    const base = { index: i, file: maskFileName(entry.path) };
    if (entry.status !== 'pdf') return { ...base, status: entry.status, reason: entry.reason, message: renderMessage(entry.reason, {}, locale) };
    const found = matchPdfToClient(entry.name, index, { ...(pattern === undefined ? {} : { pattern }), ...(year === undefined ? {} : { year }), locale });
    if (found.status === 'matched') return { ...base, status: 'matched' as const, by: found.by, client: describeClient(found.client, lib), message: found.message };
    return { ...base, status: 'held' as const, reason: found.reason, message: found.message };
  });
  bar.end();
  const count = (status: string): number => lines.filter((l) => l.status === status).length;
  const summary = { entries: lines.length, matched: count('matched'), held: count('held'), rejected: count('rejected'), skipped: count('skipped') };
  const code = summary.held > 0 || summary.rejected > 0 ? EXIT.issues : EXIT.ok;
  if (json) {
    io.out(JSON.stringify({ archive: basename(archive), clients: { file: basename(clientsFile), records: parsed.records.length }, summary, lines }, null, 2));
    return code;
  }
  const out = [`${t.archive}${t.colon} ${basename(archive)}`, `${t.clientsFile}${t.colon} ${basename(clientsFile)} (${parsed.records.length})`];
  for (const line of lines) {
    const client = 'client' in line && line.client !== undefined ? ` → ${line.client.name}${line.client.id === undefined ? '' : ` (${line.client.id})`} · ${t.by} ${line.by}` : '';
    const why = line.status === 'matched' ? '' : ` · ${line.message}`;
    out.push(`  [${t[line.status]}] ${line.file}${client}${why}`);
  }
  out.push(t.matchSummary(summary.entries, summary.matched, summary.held, summary.rejected, summary.skipped));
  io.out(out.join('\n'));
  return code;
}

/** Draws the preview's page `page` into a PNG with poppler's pdftoppm, when it is installed. */
function toPng(pdfPath: string, page: number): Promise<string | undefined> {
  const base = pdfPath.replace(/\.pdf$/i, '');
  return new Promise((resolve) => {
    execFile('pdftoppm', ['-png', '-r', '96', '-f', String(page), '-l', String(page), '-singlefile', pdfPath, base], (error) => resolve(error ? undefined : `${base}.png`));
  });
}

async function layout(file: string, form: string, year: number, out: string | undefined, locale: Locale, json: boolean, io: Io, t: CliTexts): Promise<number> {
  const pdf = await readInput(file, t);
  const { resolveSignatureFields, renderLayoutPreview } = await import('../pdf.js');
  const chosen = (await library()).signatureLayoutFor(year, form);
  const result = await resolveSignatureFields(pdf, chosen);
  let preview: string | undefined;
  let png: string | undefined;
  if (result.status === 'resolved' && out !== undefined) {
    await writeFile(out, await renderLayoutPreview(pdf, result.fields));
    preview = out;
    png = await toPng(out, result.fields[0]?.page ?? 1);
  }
  if (json) {
    const body = result.status === 'resolved'
      ? { status: result.status, copies: result.copies, fields: result.fields.map((f) => ({ name: f.name, signer: f.signer, type: f.type, page: f.page, x: f.x, y: f.y, width: f.width, height: f.height, placedBy: f.placedBy, copy: f.copy })), unplaced: result.unplaced }
      : { status: result.status, reason: result.reason, message: result.message[locale] };
    io.out(JSON.stringify({ file: basename(file), form, year, ...body, pages: result.pages, ...(preview === undefined ? {} : { preview }), ...(png === undefined ? {} : { png }) }, null, 2));
    return result.status === 'resolved' && result.unplaced.length === 0 ? EXIT.ok : EXIT.issues;
  }
  const lines = [`${t.file}${t.colon} ${basename(file)}`, `${t.form}${t.colon} ${chosen.title[locale]} (${form} ${year})`];
  if (result.status === 'held') {
    lines.push(`${t.heldBecause} (${result.reason})${t.colon}${result.message[locale]}`);
    io.out(lines.join('\n'));
    return EXIT.issues;
  }
  lines.push(t.resolved(result.fields.length, result.copies));
  const round = (n: number): string => n.toFixed(1);
  for (const f of result.fields) {
    lines.push(`  ${f.name} · ${t.page} ${f.page} · x ${round(f.x)} y ${round(f.y)} · ${round(f.width)}×${round(f.height)} pt · ${f.placedBy}`);
  }
  if (result.unplaced.length > 0) lines.push(`${t.unplaced}${t.colon} ${result.unplaced.map((u) => u.name).join(', ')}`);
  if (preview !== undefined) lines.push(`${t.preview}${t.colon} ${preview}`, png === undefined ? t.noPng : `${t.png}${t.colon} ${png}`);
  io.out(lines.join('\n'));
  return result.unplaced.length === 0 ? EXIT.ok : EXIT.issues;
}

function version(): string {
  const require = createRequire(import.meta.url);
  for (const path of ['../package.json', '../../package.json']) {
    try {
      return (require(path) as { version: string }).version;
    } catch {
      // try the next layout (dist/ or src/cli/)
    }
  }
  return 'unknown';
}

/** Runs the command line with `argv` (without `node` and the script) and returns the exit code. */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  let locale = defaultLocale();
  let t = CLI_TEXTS[locale];
  const usage = (why: string): number => {
    io.err.write(`${t.usageError}${t.colon}${why}\n${t.seeHelp}\n`);
    return EXIT.unreadable;
  };
  let parsed: ReturnType<typeof parseArgs<{ args: string[]; options: typeof OPTIONS; allowPositionals: true; strict: true }>>;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    return usage(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.lang !== undefined) {
    if (values.lang !== 'fr' && values.lang !== 'en') return usage(t.badLang);
    locale = values.lang;
    t = CLI_TEXTS[locale];
  }
  if (values.version) {
    io.out(version());
    return EXIT.ok;
  }
  const [command, file, ...rest] = positionals;
  if (values.help || command === undefined || command === 'help') {
    io.out(t.usage);
    return command === undefined && !values.help ? EXIT.unreadable : EXIT.ok;
  }
  if (command !== 'inspect' && command !== 'match' && command !== 'layout') return usage(t.unknownCommand(command));
  if (file === undefined) return usage(t.missingFile);
  if (rest.length > 0) return usage(t.unknownCommand(rest.join(' ')));
  const year = values.year === undefined ? undefined : Number(values.year);
  if (year !== undefined && !Number.isInteger(year)) return usage(t.badYear);
  try {
    switch (command) {
      case 'inspect':
        return await inspect(file, locale, values.json, io, t);
      case 'match':
        if (values.clients === undefined) return usage(t.missingOption('clients'));
        return await match(file, values.clients, values.pattern, year, locale, values.json, !values['no-progress'], io, t);
      case 'layout':
        if (values.form === undefined) return usage(t.missingOption('form'));
        if (year === undefined) return usage(t.missingOption('year'));
        return await layout(file, values.form, year, values.out, locale, values.json, io, t);
    }
  } catch (error) {
    if (error instanceof CliFailure) io.err.write(`${error.message}\n`);
    else if ((await library()).isTaxsyncError(error)) io.err.write(`${t.cannotRead} ${basename(file)}${t.colon}${error.messageIn(locale)}\n`);
    else throw error;
    return EXIT.unreadable;
  }
}

const io: Io = { out: (text) => process.stdout.write(`${text}\n`), err: process.stderr };
run(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // A bug, not a bad file: the stack helps the report; it carries no file content.
    console.error(error);
    process.exitCode = EXIT.unreadable;
  },
);
