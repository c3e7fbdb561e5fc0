/**
 * The API report: for each entry point of the package, the names it exports, one line each with its kind, read with
 * the TypeScript compiler from the entry's source (what `tsup` turns into the published `.d.ts`). The reports are
 * checked in under `etc/api/`, so a reviewer sees every name that appears or disappears; test/architecture/api.test.ts
 * fails when the exports and the reports differ.
 *
 * Update the reports after a deliberate change: `npm run api:update` (this file, run with `--update`).
 *
 * The same pass checks the rules of an entry: named re-exports only (no `export *`, which would publish whatever a
 * module adds), nothing marked `@internal`, and a doc comment on every export.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = fileURLToPath(new URL('../', import.meta.url));

/** The package's entry points: the import specifier a host writes, and its source. */
export const API_ENTRIES = [
  { name: 'taxsync', source: 'src/index.ts', report: 'etc/api/taxsync.api.md' },
  { name: 'taxsync/xlsx', source: 'src/xlsx.ts', report: 'etc/api/taxsync-xlsx.api.md' },
  { name: 'taxsync/pdf', source: 'src/pdf.ts', report: 'etc/api/taxsync-pdf.api.md' },
  { name: 'taxsync/http', source: 'src/http.ts', report: 'etc/api/taxsync-http.api.md' },
  { name: 'taxsync/postgres', source: 'src/postgres.ts', report: 'etc/api/taxsync-postgres.api.md' },
  { name: 'taxsync/smtp', source: 'src/smtp.ts', report: 'etc/api/taxsync-smtp.api.md' },
  { name: 'taxsync/fs', source: 'src/fs.ts', report: 'etc/api/taxsync-fs.api.md' },
  { name: 'taxsync/schemas', source: 'src/schemas.ts', report: 'etc/api/taxsync-schemas.api.md' },
  { name: 'taxsync/bullmq', source: 'src/bullmq.ts', report: 'etc/api/taxsync-bullmq.api.md' },
  { name: 'taxsync/testing', source: 'src/testing/index.ts', report: 'etc/api/taxsync-testing.api.md' },
] as const;

/** One exported name: whether a host can use it at run time (`value`) or only in types (`type`), and what it is. */
export interface ApiExport {
  readonly name: string;
  readonly space: 'value' | 'type';
  readonly kind: 'class' | 'function' | 'const' | 'let' | 'enum' | 'interface' | 'type' | 'namespace';
}

/** What one entry exports, and what breaks its rules. */
export interface EntryApi {
  readonly entry: (typeof API_ENTRIES)[number];
  readonly exports: readonly ApiExport[];
  /** Rule breaks (`export *`, an `@internal` export, an undocumented export), one line each. */
  readonly problems: readonly string[];
}

function kindOf(symbol: ts.Symbol): ApiExport['kind'] {
  const f = symbol.flags;
  if (f & ts.SymbolFlags.Class) return 'class';
  if (f & ts.SymbolFlags.Function) return 'function';
  if (f & ts.SymbolFlags.Enum) return 'enum';
  if (f & ts.SymbolFlags.Variable) {
    const decl = symbol.valueDeclaration;
    return decl !== undefined && ts.isVariableDeclaration(decl) && (ts.getCombinedNodeFlags(decl) & ts.NodeFlags.Const) === 0 ? 'let' : 'const';
  }
  if (f & ts.SymbolFlags.Interface) return 'interface';
  if (f & ts.SymbolFlags.TypeAlias) return 'type';
  return 'namespace';
}

/** True when an alias on the way from the entry to the declaration is `export type { … }`. */
function typeOnly(checker: ts.TypeChecker, symbol: ts.Symbol): boolean {
  let current: ts.Symbol | undefined = symbol;
  for (let hops = 0; current !== undefined && current.flags & ts.SymbolFlags.Alias && hops < 32; hops++) {
    for (const decl of current.declarations ?? []) {
      if (ts.isExportSpecifier(decl) && (decl.isTypeOnly || decl.parent.parent.isTypeOnly)) return true;
      if (ts.isImportSpecifier(decl) && (decl.isTypeOnly || decl.parent.parent.isTypeOnly)) return true;
      if (ts.isImportClause(decl) && decl.isTypeOnly) return true;
    }
    current = checker.getImmediateAliasedSymbol(current);
  }
  return false;
}

function isDocumented(decl: ts.Declaration): boolean {
  const holder = ts.isVariableDeclaration(decl) ? decl.parent.parent : decl;
  return ts.getJSDocCommentsAndTags(holder).some((doc) => ts.isJSDoc(doc) && (doc.comment !== undefined || (doc.tags?.length ?? 0) > 0));
}

function isInternal(decl: ts.Declaration): boolean {
  const holder = ts.isVariableDeclaration(decl) ? decl.parent.parent : decl;
  return ts.getJSDocTags(holder).some((tag) => tag.tagName.text === 'internal');
}

/** Reads every entry's exports with one TypeScript program over the sources. */
export function readApi(): EntryApi[] {
  const config = ts.getParsedCommandLineOfConfigFile(`${root}tsconfig.json`, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  const program = ts.createProgram(
    API_ENTRIES.map((e) => `${root}${e.source}`),
    { ...(config?.options ?? {}), noEmit: true },
  );
  const checker = program.getTypeChecker();
  return API_ENTRIES.map((entry) => {
    const file = program.getSourceFile(`${root}${entry.source}`);
    if (file === undefined) throw new Error(`${entry.source} is not in the program`);
    const problems: string[] = [];
    for (const statement of file.statements) {
      if (ts.isExportDeclaration(statement) && (statement.exportClause === undefined || ts.isNamespaceExport(statement.exportClause))) {
        problems.push(`${entry.source}: \`${statement.getText(file).split('\n')[0]}\` — name each export instead`);
      }
    }
    const moduleSymbol = checker.getSymbolAtLocation(file);
    const symbols = moduleSymbol === undefined ? [] : checker.getExportsOfModule(moduleSymbol);
    const exports = symbols.map((symbol): ApiExport => {
      const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      const decls = target.declarations ?? [];
      if (decls.some(isInternal)) problems.push(`${entry.name}: ${symbol.name} is marked @internal`);
      if (!decls.some(isDocumented)) problems.push(`${entry.name}: ${symbol.name} has no doc comment`);
      const hasValue = (target.flags & ts.SymbolFlags.Value) !== 0 && !typeOnly(checker, symbol);
      const kind = kindOf(target);
      return { name: symbol.name, space: hasValue ? 'value' : 'type', kind: hasValue || kind !== 'class' ? kind : 'type' };
    });
    exports.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return { entry, exports, problems };
  });
}

/** The checked-in text of an entry's report. */
export function formatReport(api: EntryApi): string {
  const values = api.exports.filter((e) => e.space === 'value');
  const types = api.exports.filter((e) => e.space === 'type');
  const line = (e: ApiExport): string => `- ${e.kind.padEnd(9)} ${e.name}`;
  return [
    `# \`${api.entry.name}\` (${api.entry.source})`,
    '',
    'The names this entry exports. Generated by `npm run api:update`; test/architecture/api.test.ts fails when the',
    'exports and this file differ, so that every name that appears or disappears shows in review.',
    '',
    `## Values (${values.length})`,
    '',
    ...values.map(line),
    '',
    `## Types (${types.length})`,
    '',
    ...types.map(line),
    '',
  ].join('\n');
}

/** The report as checked in, or `undefined` when there is none yet. */
export function checkedInReport(entry: (typeof API_ENTRIES)[number]): string | undefined {
  try {
    return readFileSync(`${root}${entry.report}`, 'utf8');
  } catch {
    return undefined;
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const update = process.argv.includes('--update');
  let stale = 0;
  for (const api of readApi()) {
    for (const problem of api.problems) console.error(problem);
    const text = formatReport(api);
    if (checkedInReport(api.entry) === text) continue;
    stale++;
    if (update) {
      writeFileSync(`${root}${api.entry.report}`, text);
      console.log(`updated ${api.entry.report}`);
    } else console.log(`${api.entry.report} differs from the exports (run npm run api:update)`);
  }
  if (!update && stale > 0) process.exitCode = 1;
}
