/**
 * The new conformance tests (client files, signature records, signature completions) must fail adapters that break
 * those contracts.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryClientStore, createMemoryPortal, type ClientStore, type MemoryPortal, type MemoryPortalSignedFiles, type Portal, type SignatureCompletion } from '../../src/index.js';
import { clientStoreTestSuite, portalTestSuite } from '../../src/testing/index.js';
import { failuresOf } from '../fixtures/conformance.js';
import { wrapStore } from '../fixtures/wrap-store.js';

describe('the signature conformance tests catch broken adapters', () => {
  it('fail a store that ignores expected versions of signature records', async () => {
    const careless = (): ClientStore => {
      const inner = createMemoryClientStore();
      return wrapStore(inner, { putSignatureRecord: ({ expectedVersion: _ignored, ...input }) => inner.putSignatureRecord(input) });
    };
    const failures = await failuresOf((api) => clientStoreTestSuite(api, careless));
    expect([...failures.keys()].sort()).toEqual([
      'concurrent signature writes from the same version: exactly one wins',
      'putSignatureRecord creates, replaces by taxpayer, year and form, and changes the version',
    ]);
  });

  it('fail a store that declares signatures without the members, or loses accents', async () => {
    const boastful = (): ClientStore => {
      const { getClientFile: _a, putClientFile: _b, listSignatureRecords: _c, putSignatureRecord: _d, ...inner } = createMemoryClientStore();
      return inner as ClientStore;
    };
    expect([...(await failuresOf((api) => clientStoreTestSuite(api, boastful))).keys()]).toContain('declares whether it keeps signatures, and implements the signature members when it does');
    const ascii = (): ClientStore => {
      const inner = createMemoryClientStore();
      return wrapStore(inner, {
        listSignatureRecords: async (ids, year) =>
          (await inner.listSignatureRecords(ids, year)).map((r) => (r.signature === undefined ? r : { ...r, signature: { ...r.signature, signerName: r.signature.signerName.normalize('NFD').replace(/[\u0300-\u036f]/g, '') } })),
      });
    };
    expect([...(await failuresOf((api) => clientStoreTestSuite(api, ascii))).keys()]).toEqual(['listSignatureRecords filters by taxpayers and tax year']);
  });

  it('fail a portal that declares signatures it cannot list, drops the time zone, ignores filters or repeats a page', async () => {
    const record = (p: MemoryPortal, c: SignatureCompletion, files?: MemoryPortalSignedFiles): void => p.recordCompletion(c, files);
    const boastful = (): Portal => {
      const inner = createMemoryPortal();
      return { capabilities: inner.capabilities, inviteClient: (i) => inner.inviteClient(i), getUser: (id) => inner.getUser(id), sendDocument: (d) => inner.sendDocument(d), downloadSignedDocument: (id) => inner.downloadSignedDocument(id) };
    };
    expect([...(await failuresOf((api) => portalTestSuite(api, boastful))).keys()]).toEqual(['declares whether it lists signature completions, and implements it when it does']);

    const lossy = () => {
      const inner = createMemoryPortal();
      return {
        ...inner,
        async *listSignatureCompletions() {
          // Ignores every criterion and forgets the signer's time zone.
          for await (const c of inner.listSignatureCompletions()) yield { ...c, signers: c.signers.map(({ timeZone: _tz, ...s }) => s) };
        },
      };
    };
    const lossyFailures = await failuresOf((api) => portalTestSuite(api, lossy, { recordCompletion: record }));
    expect([...lossyFailures.keys()]).toEqual(['listSignatureCompletions returns every state with its fields, filtered by client, document and time']);
    expect(lossyFailures.get('listSignatureCompletions returns every state with its fields, filtered by client, document and time')).toContain('time zone');

    const repeating = () => {
      const inner = createMemoryPortal();
      return {
        ...inner,
        async *listSignatureCompletions(query?: Parameters<typeof inner.listSignatureCompletions>[0]) {
          const all: SignatureCompletion[] = [];
          for await (const c of inner.listSignatureCompletions(query)) all.push(c);
          // A page boundary computed wrongly: the 100th item comes again at the top of the next page.
          for (let i = 0; i < all.length; i++) {
            yield all[i] as SignatureCompletion;
            if (i === 99) yield all[i] as SignatureCompletion;
          }
        },
      };
    };
    expect([...(await failuresOf((api) => portalTestSuite(api, repeating, { recordCompletion: record }))).keys()]).toEqual(['listSignatureCompletions pages through many completions, each once']);
  });

  it('fail a portal that declares signed documents it cannot give, mixes up their files, or calls a JSON certificate a PDF', async () => {
    const recordWithFiles = (p: MemoryPortal, c: SignatureCompletion, files?: MemoryPortalSignedFiles): void => p.recordCompletion(c, files);
    const title = 'downloadSignedDocument returns the signed PDF and the certificate byte for byte, or undefined';
    const boastful = (): Portal => {
      const { downloadSignedDocument: _d, ...inner } = createMemoryPortal();
      return inner;
    };
    expect([...(await failuresOf((api) => portalTestSuite(api, boastful))).keys()]).toEqual([
      'declares whether it gives signed documents, and implements downloadSignedDocument when it does',
    ]);
    const mixedUp = () => {
      const inner = createMemoryPortal();
      // Always serves the files of the first completion recorded with files.
      let first: string | undefined;
      return {
        ...inner,
        recordCompletion(c: SignatureCompletion, files?: MemoryPortalSignedFiles) {
          if (files !== undefined) first ??= c.id;
          inner.recordCompletion(c, files);
        },
        downloadSignedDocument: async (id: string) => {
          const found = await inner.downloadSignedDocument(first ?? id);
          return found === undefined ? undefined : { ...found, completionId: id };
        },
      };
    };
    expect([...(await failuresOf((api) => portalTestSuite(api, mixedUp, { recordCompletion: recordWithFiles }))).keys()]).toEqual([title]);
    const pdfOnly = () => {
      const inner = createMemoryPortal();
      return {
        ...inner,
        downloadSignedDocument: async (id: string) => {
          const found = await inner.downloadSignedDocument(id);
          return found === undefined ? undefined : { ...found, certificate: { ...found.certificate, mediaType: 'application/pdf' as const } };
        },
      };
    };
    const pdfOnlyFailures = await failuresOf((api) => portalTestSuite(api, pdfOnly, { recordCompletion: recordWithFiles }));
    expect([...pdfOnlyFailures.keys()]).toEqual([title]);
    expect(pdfOnlyFailures.get(title)).toContain('JSON certificate');
    const careless = () => {
      const inner = createMemoryPortal();
      // Gives files for completions that are not completed (a request still waiting for its signer).
      return { ...inner, downloadSignedDocument: async (id: string) => (await inner.downloadSignedDocument(id)) ?? { completionId: id, signedPdf: new Uint8Array([0x25]), certificate: { bytes: new Uint8Array([0x7b]), mediaType: 'application/json' as const } } };
    };
    expect([...(await failuresOf((api) => portalTestSuite(api, careless, { recordCompletion: recordWithFiles }))).keys()]).toEqual([title]);
  });
});
