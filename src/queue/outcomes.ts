/**
 * Which outcomes of a chunk another attempt may change: an item held because another apply holds its claim right now
 * (`step_in_progress`), or refused by a port (`failed`). Everything else is final for the queue: done, skipped, held
 * for a person (`step_unknown`, `delivery_unknown`, a client who changed…).
 */
import type { TaxsyncJobResult } from './jobs.js';

interface Outcome {
  readonly status: string;
  readonly code?: string;
}

/** A port refused it, or another apply was on it: a later attempt may finish it. */
const open = (o: Outcome | undefined): boolean => o !== undefined && (o.status === 'failed' || o.code === 'step_in_progress');

/** How many outcomes of a chunk's result a new attempt may still finish. */
export function openOutcomes(result: TaxsyncJobResult): number {
  const outcomes: (Outcome | undefined)[] = [];
  switch (result.job) {
    case 'document-dispatch':
      outcomes.push(...result.report.items, ...result.report.emails);
      break;
    case 'client-import':
      for (const item of result.report.items) outcomes.push(item, 'invitation' in item ? item.invitation : undefined);
      outcomes.push(...result.report.files);
      break;
    case 'signature-sync':
      // A file that cannot be read (or whose port failed) is worth another attempt; a taxpayer's own failures are
      // about the signature (declined, signed after transmission…) except when the portal or the store failed.
      for (const file of result.log.files) {
        outcomes.push(file.status === 'failed' && file.code === 'client_file_not_found' ? undefined : file);
        for (const t of file.taxpayers) outcomes.push(t.status === 'failed' && (t.code === 'portal_error' || t.code === 'store_error' || t.code === 'document_store_error') ? t : undefined);
      }
      break;
  }
  return outcomes.filter(open).length;
}
