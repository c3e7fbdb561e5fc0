/**
 * Writes the sample archives of PDFs the demo dispatches (samples/t183-2025-*.zip): T183 forms as a tax program
 * prints them, named the ways firms name them, in the three kinds of zip files firms send — one made by a modern
 * tool (UTF-8 names), one by an old Windows tool (CP437 names, no UTF-8 flag) and one by macOS (decomposed accents,
 * __MACOSX metadata). Run: `npx tsx scripts/make-sample-zips.ts`.
 */
import { writeFileSync } from 'node:fs';
import { zipSync } from 'fflate';
import { PDFDocument, StandardFonts } from '@cantoo/pdf-lib';
import { t183 } from '../test/fixtures/forms.js';
import { makePdf } from '../test/fixtures/pdfs.js';
import { buildZip, cp437 } from '../test/fixtures/zip.js';

const out = (name: string): URL => new URL(`../samples/${name}`, import.meta.url);
// Each return's T183 carries its taxpayer's name (as the programs print it), so no two PDFs are the same file.
async function named(bytes: Uint8Array, who: string): Promise<Uint8Array> {
  const doc = await PDFDocument.load(bytes);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.getPage(0);
  page.drawText(who.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^\x20-\x7e]/g, ''), { x: 40, y: page.getHeight() - 30, size: 9, font });
  return doc.save({ useObjectStreams: false });
}
const fr = async (who: string): Promise<Uint8Array> => named((await t183({ language: 'fr' })).bytes, who);
const en = async (who: string): Promise<Uint8Array> => named((await t183({ language: 'en' })).bytes, who);

// A modern zip: our naming, DT Max's default naming (<NNNN><ID><SEQ>), names that must be held, a stray note.
writeFileSync(
  out('t183-2025-cabinet.zip'),
  zipSync({
    'T183 2025/271845935 - Marie-Ève Côté.pdf': await fr('Marie-Ève Côté'),
    'T183 2025/GAGN631478526001.pdf': await fr('Zoé Gagnon-Tremblay'),
    'T183 2025/412589632 - Sean OBrien.pdf': await en('Seán O’Brien'),
    'T183 2025/130692544 - Simon Provencher.pdf': await fr('Simon Provencher'),
    'T183 2025/271845935 - Benoît Lœuillet.pdf': await fr('Benoît Lœuillet'),
    'T183 2025/715935789 - Chloé Lavoie.pdf': await fr('Chloé Lavoie'),
    'T183 2025/Léa Provencher.pdf': await fr('Léa Provencher'),
    'T183 2025/notes.pdf': new TextEncoder().encode('Rappeler Simon pour son T183 — lundi'),
  }),
);

// An old Windows zip tool: CP437 names without the UTF-8 flag.
const zoe = '631478526 - Zoé Gagnon-Tremblay.pdf';
writeFileSync(out('t183-2025-windows.zip'), buildZip([{ name: zoe, nameBytes: cp437(zoe), data: await fr('Zoé Gagnon-Tremblay (copie)'), flags: 0 }]));

// macOS's Archive Utility: decomposed accents and __MACOSX resource forks.
const benoit = '523698744 - Benoît Lœuillet.pdf'.normalize('NFD');
writeFileSync(
  out('t183-2025-macos.zip'),
  buildZip([
    { name: `T183/${benoit}`, data: await fr('Benoît Lœuillet') },
    { name: `__MACOSX/T183/._${benoit}`, data: new Uint8Array([0, 5, 22, 7, 0, 2, 0, 0]) },
    { name: 'T183/.DS_Store', data: new Uint8Array(64) },
    { name: 'T183/912345675 - Rahul Sharma.pdf', data: await makePdf('Scanned T183 without text') },
  ]),
);
console.log('samples/t183-2025-cabinet.zip, samples/t183-2025-windows.zip, samples/t183-2025-macos.zip written');
