/**
 * The new conformance tests (client files, signature records, signature completions) must fail adapters that break
 * those contracts.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryClientStore, createMemoryPortal, type ClientStore, type Portal, type SignatureCompletion } from '../../src/index.js';
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
    const record = (p: ReturnType<typeof createMemoryPortal>, c: SignatureCompletion): void => p.recordCompletion(c);
    const boastful = (): Portal => {
      const inner = createMemoryPortal();
      return { capabilities: inner.capabilities, inviteClient: (i) => inner.inviteClient(i), getUser: (id) => inner.getUser(id), sendDocument: (d) => inner.sendDocument(d) };
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
});
