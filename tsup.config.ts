import { fileURLToPath } from 'node:url';
import { defineConfig, type Options } from 'tsup';

type EsbuildPlugin = NonNullable<Options['esbuildPlugins']>[number];

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

/**
 * The browser build (`dist/browser/`, chosen by the `browser` export condition): the same sources with Node's zlib
 * and stream swapped for fflate-based stand-ins, the zip reader's engine swapped for its fflate one, and the dispatch's default field placer and PDF decrypter (Node-only:
 * they read PDFs with Buffer and zlib) swapped for ones that hold each document to sign with `pdf_needs_node`.
 */
const browserSwaps: EsbuildPlugin = {
  name: 'taxsync-browser-swaps',
  setup(build) {
    build.onResolve({ filter: /^(node:)?zlib$/ }, () => ({ path: here('src/runtime/zlib.browser.ts') }));
    build.onResolve({ filter: /^(node:)?stream$/ }, () => ({ path: here('src/runtime/stream.browser.ts') }));
    // readZip's engine: fflate and a JavaScript CRC-32 instead of Node's zlib (the same answers: test/zip/differential).
    build.onResolve({ filter: /\/inflate-entry\.js$/ }, (args) => (/[\\/]zip[\\/]archive\.ts$/.test(args.importer) ? { path: here('src/zip/inflate-fflate.ts') } : undefined));
    build.onResolve({ filter: /\/signatures\/pdf\/(resolve|decrypt)\.js$/ }, (args) =>
      /[\\/]dispatch[\\/]preview\.ts$/.test(args.importer) ? { path: here(`src/runtime/${args.path.endsWith('decrypt.js') ? 'decrypt' : 'resolve'}.browser.ts`) } : undefined,
    );
    build.onResolve({ filter: /^node:/ }, (args) => ({ errors: [{ text: `${args.path} reached from ${args.importer} in the browser build` }] }));
  },
};

/**
 * The command line imports the package's public entries only; in the build they stay imports of the built entries
 * (`./index.js`, `./xlsx.js`, `./pdf.js`), so `dist/cli.js` holds the command line alone and starts fast.
 */
const publicEntries: EsbuildPlugin = {
  name: 'taxsync-cli-public-entries',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/(index|xlsx|pdf)\.js$/ }, (args) => ({ path: `./${args.path.slice(3)}`, external: true }));
    // The one exception: the CLI's own texts, pure data kept with every other bilingual text in src/messages/
    // (issue #11) and bundled into dist/cli.js — they import nothing but types, so the CLI stays small.
    build.onResolve({ filter: /^\.\.?\// }, (args) =>
      args.importer.includes('/src/cli/') && args.path.startsWith('../') && args.path !== '../messages/cli.js'
        ? { errors: [{ text: `the CLI imports ${args.path}: only the public entries` }] }
        : undefined,
    );
  },
};

export default defineConfig([
  {
    entry: {
      index: 'src/index.ts',
      xlsx: 'src/xlsx.ts',
      testing: 'src/testing/index.ts',
      pdf: 'src/pdf.ts',
      http: 'src/http.ts',
      postgres: 'src/postgres.ts',
      smtp: 'src/smtp.ts',
      fs: 'src/fs.ts',
      schemas: 'src/schemas.ts',
      bullmq: 'src/bullmq.ts',
    },
    format: ['esm', 'cjs'],
    // TypeScript 6 deprecates baseUrl, which tsup's dts build still sets (TOOLCHAIN gotcha 3).
    dts: { compilerOptions: { ignoreDeprecations: '6.0' } },
    sourcemap: true,
    treeshake: true,
    target: 'node20',
    platform: 'neutral',
    splitting: true,
  },
  {
    entry: { index: 'src/index.ts', xlsx: 'src/xlsx.ts' },
    outDir: 'dist/browser',
    format: ['esm'],
    dts: false,
    sourcemap: true,
    treeshake: true,
    target: 'es2022',
    platform: 'browser',
    splitting: true,
    esbuildPlugins: [browserSwaps],
    // Otherwise tsup strips `node:` and marks every built-in external before the swaps see them.
    removeNodeProtocol: false,
  },
  {
    entry: { cli: 'src/cli/main.ts' },
    format: ['esm'],
    dts: false,
    sourcemap: false,
    treeshake: true,
    target: 'node20',
    platform: 'node',
    splitting: false,
    esbuildPlugins: [publicEntries],
  },
]);
