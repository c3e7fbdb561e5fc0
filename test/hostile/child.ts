/**
 * Runs one hostile input through one public function, in a process of its own, and prints what happened as one JSON
 * line: the outcome (a summary of the result, or the error's class and code), the growth of peak memory (RSS) from
 * just before the call, and the time the call took. Started by hostile.test.ts: `node --import tsx child.ts SPEC`.
 */
import { readFileSync } from 'node:fs';
import { resourceUsage } from 'node:process';
import { isTaxsyncError, signatureLayoutFor, type ClientRecord } from '../../src/index.js';
import type { Call } from './corpus.js';

const spec = JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')) as Call & { input: string };
const input = new Uint8Array(readFileSync(spec.input));

const CLIENTS: ClientRecord[] = [
  { kind: 'individual', sin: '130692544', firstName: 'Simon', lastName: 'Provencher', email: 'simon.provencher@exemple.ca', language: 'fr' },
  { kind: 'individual', sin: '271845935', firstName: 'Marie-Ève', lastName: 'Côté', email: 'marie-eve.cote@exemple.ca', language: 'fr' },
];

/** The outcome of the call, as plain data. */
async function call(): Promise<unknown> {
  switch (spec.fn) {
    case 'readZip': {
      const { readZip } = await import('../../src/index.js');
      return (await readZip(input)).map((e) => (e.status === 'pdf' ? `pdf ${e.path}` : `${e.status} ${e.reason}`));
    }
    case 'parseDtmaxCsv':
    case 'parseTaxprepXlsx': {
      const parse = spec.fn === 'parseDtmaxCsv' ? (await import('../../src/index.js')).parseDtmaxCsv : (await import('../../src/xlsx.js')).parseTaxprepXlsx;
      const result = await parse(input, spec.kind === undefined ? {} : { kind: spec.kind });
      return { records: result.records.length, issues: result.issues.map((i) => `${i.row} ${i.code} ${i.severity}`) };
    }
    case 'resolveSignatureFields': {
      const { resolveSignatureFields } = await import('../../src/pdf.js');
      const result = await resolveSignatureFields(input, signatureLayoutFor(2025, 'T183'), spec.textReader === undefined ? {} : { textReader: spec.textReader });
      return result.status === 'held' ? `held ${result.reason}` : `resolved ${result.fields.length}`;
    }
    case 'prepareForSignature': {
      const { prepareForSignature } = await import('../../src/pdf.js');
      const out = await prepareForSignature(input, [{ name: 'taxpayer_signature', signer: 'taxpayer', type: 'signature', page: 1, x: 72, y: 72, width: 200, height: 30 }]);
      return `prepared ${out.length > input.length ? 'bigger' : 'smaller'}`;
    }
    case 'dispatch': {
      const { createMemoryClientStore, previewDocumentDispatch } = await import('../../src/index.js');
      const store = createMemoryClientStore();
      for (const record of CLIENTS) await store.create({ record });
      const plan = await previewDocumentDispatch({ zip: input, documentType: 'T183', year: 2025, purpose: spec.purpose ?? 'consult' }, { store }, { locale: 'en' });
      return plan.lines.map((l) => (l.status === 'ready' ? 'ready' : `${l.status} ${l.code}`));
    }
    case 'match': {
      const { matchPdfToClient } = await import('../../src/index.js');
      const m = matchPdfToClient(new TextDecoder().decode(input), CLIENTS);
      return m.status === 'matched' ? `matched ${m.by}` : `${m.status} ${m.reason}`;
    }
  }
}

// pdfjs-dist holds ~300 MB once loaded, whatever it reads: for a case that reaches it, it is loaded before the
// baseline, so that the bound measures what the input costs, not the library.
if (spec.reachesPdfjs === true) {
  const { makePdf } = await import('../fixtures/pdfs.js');
  const { resolveSignatureFields } = await import('../../src/pdf.js');
  await resolveSignatureFields(await makePdf('warm-up'), signatureLayoutFor(2025, 'T183'), { textReader: 'pdfjs' });
}

const before = resourceUsage().maxRSS;
const started = performance.now();
let outcome: unknown;
try {
  outcome = { ok: await call() };
} catch (error) {
  outcome = isTaxsyncError(error)
    ? { error: `${error.name} ${error.code}`, message: error.message }
    : { untyped: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
}
const ms = Math.round(performance.now() - started);
const rssGrowthMb = Math.round((resourceUsage().maxRSS - before) / 1024);
process.stdout.write(`${JSON.stringify({ outcome, ms, rssGrowthMb })}\n`);
