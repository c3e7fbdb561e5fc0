/**
 * The client files (dossiers) an import writes: each row's client goes into the file its row names, with its role
 * (principal, spouse, dependant), so that signature sync works on what the import wrote. Internal.
 */
import type { ClientFile, ClientFileTaxpayer, TaxpayerRole } from '../../model/signing.js';
import type { ClientStore } from '../../ports.js';
import { describeErrorParams } from '../../internal/describe-error.js';
import { hashKey } from '../../internal/hash.js';
import { canonicalJson } from '../../workflow/plan-document.js';
import type { WorkflowContext } from '../../workflow/context.js';
import type { ClientImportFileOutcome } from './types.js';

/** A client the apply placed: which file, as what. */
export interface FileMember {
  readonly fileId: string;
  readonly taxpayerId: string;
  readonly role: TaxpayerRole;
  readonly name: string;
  /** A file the client left (its row's `clientFile` changed from it). */
  readonly leftFile?: string;
}

const RANK: Readonly<Record<TaxpayerRole, number>> = { principal: 0, spouse: 1, dependant: 2 };

/** Principal first, then spouse, then dependants; by name, then id: the same order whatever order the rows came in. */
const byRole = (a: ClientFileTaxpayer, b: ClientFileTaxpayer): number =>
  RANK[a.role] - RANK[b.role] || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) || (a.taxpayerId < b.taxpayerId ? -1 : a.taxpayerId > b.taxpayerId ? 1 : 0);

/**
 * Creates or updates the files of `members` (read, merge, write when different): a taxpayer is listed once, in the
 * file its row names; one that moved leaves its old file. Taxpayers the import does not know are kept. The forms
 * a host set on a taxpayer are kept. Never throws: a file the store refuses is reported `failed`.
 */
export async function writeClientFiles(store: ClientStore, members: readonly FileMember[], context: WorkflowContext): Promise<ClientImportFileOutcome[]> {
  const getClientFile = store.getClientFile?.bind(store);
  const putClientFile = store.putClientFile?.bind(store);
  if (store.capabilities.signatures !== true || getClientFile === undefined || putClientFile === undefined) return [];
  const joining = new Map<string, FileMember[]>();
  const leaving = new Map<string, Set<string>>();
  for (const member of members) {
    const list = joining.get(member.fileId);
    if (list === undefined) joining.set(member.fileId, [member]);
    else list.push(member);
    if (member.leftFile !== undefined && member.leftFile !== member.fileId) {
      const gone = leaving.get(member.leftFile);
      if (gone === undefined) leaving.set(member.leftFile, new Set([member.taxpayerId]));
      else gone.add(member.taxpayerId);
    }
  }
  const outcomes: ClientImportFileOutcome[] = [];
  const ids = [...new Set([...joining.keys(), ...leaving.keys()])].sort();
  for (const id of ids) {
    const started = Date.now();
    const join = joining.get(id) ?? [];
    const leave = leaving.get(id) ?? new Set<string>();
    let outcome: ClientImportFileOutcome;
    try {
      const current = await getClientFile(id);
      if (current === undefined && join.length === 0) continue;
      const kept = new Map((current?.taxpayers ?? []).map((t) => [t.taxpayerId, t]));
      for (const gone of leave) if (!join.some((m) => m.taxpayerId === gone)) kept.delete(gone);
      for (const m of join) {
        const before = kept.get(m.taxpayerId);
        kept.set(m.taxpayerId, { taxpayerId: m.taxpayerId, role: m.role, name: m.name, ...(before?.forms === undefined ? {} : { forms: before.forms }) });
      }
      const next: ClientFile = { ...(current ?? {}), id, taxpayers: [...kept.values()].sort(byRole) };
      if (current !== undefined && canonicalJson(current) === canonicalJson(next)) outcome = { id, status: 'unchanged', taxpayers: next.taxpayers.length };
      else {
        await putClientFile(next);
        outcome = { id, status: current === undefined ? 'created' : 'updated', taxpayers: next.taxpayers.length };
      }
    } catch (error) {
      outcome = { id, status: 'failed', taxpayers: join.length, code: 'client_file_failed', params: { file: id, ...describeErrorParams(error) } };
    }
    // The file's id often holds a family name: the log gets a hash of it, never the name.
    context.log({ event: 'step', step: 'client_file', item: `file-${hashKey(id)}`, outcome: outcome.status, ms: Date.now() - started });
    outcomes.push(outcome);
  }
  return outcomes;
}
