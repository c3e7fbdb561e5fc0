/**
 * The filesystem {@link DocumentStore} (`taxsync/fs`, Node only): one file per document, named by its SHA-256, in
 * two levels of folders (`ab/cd/abcd…`), written atomically and checked again on every read.
 */
import { createHash, randomUUID } from 'node:crypto';
import { link, mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DocumentStoreError } from '../errors/document.js';
import { InvalidArgumentError } from '../errors/invalid-argument.js';
import type { DocumentStore, PutDocumentResult } from '../ports.js';
import { checkDocumentBytes, checkDocumentKey } from './memory-documents.js';

/** Options of {@link createFileDocumentStore}. */
export interface FileDocumentStoreOptions {
  /**
   * Flush each new file and its folder to the disk before `put` resolves (`fsync`), so a document reported stored
   * survives a power cut. Default `true`; turn it off only for throwaway stores (tests on a slow disk).
   */
  readonly fsync?: boolean;
}

/** A {@link DocumentStore} in a folder, with where it keeps its files. */
export interface FileDocumentStore extends DocumentStore {
  /** The folder, as an absolute path. */
  readonly dir: string;
  /** The path of the file that holds (or would hold) the document `sha256`. @throws like {@link DocumentStore.get}. */
  pathOf(sha256: string): string;
}

const sha256Of = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

const code = (error: unknown): unknown => (error as { code?: unknown } | null)?.code;

/** Flushes a folder's entry list; some systems cannot open a folder for that, and lose nothing by skipping it. */
async function syncDir(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (error) {
    if (!['EISDIR', 'EINVAL', 'EPERM', 'EACCES', 'ENOTSUP'].includes(String(code(error)))) throw error;
  } finally {
    await handle?.close();
  }
}

/**
 * A {@link DocumentStore} in a folder of the filesystem: each document is one file named by its SHA-256, under two
 * levels of folders (`3f/7a/3f7a9c…`, so no folder grows past a few thousand entries).
 *
 * - **Atomic**: a document is written to a temporary file beside its place, flushed (`fsync`), then linked into
 *   place in one step — a reader never sees half a file, and a crash leaves at most a temporary file behind.
 * - **Idempotent**: the same bytes put again (or put by several processes at once) are stored once; exactly one
 *   `put` says `created: true`.
 * - **Checked**: `get` hashes the file again and throws {@link DocumentStoreError} (`document_corrupted`) when it is
 *   not the document any more — the damaged bytes are never returned; putting the original again repairs it.
 * - **Keys validated**: a key is 64 lower-case hex digits, so no key can name a path outside the folder.
 *
 * @param dir The folder (created when missing). Give each firm or environment its own.
 *
 * @example
 * ```ts
 * import { createFileDocumentStore } from 'taxsync/fs';
 * const documents = createFileDocumentStore('/var/lib/cabinet/documents');
 * const log = await syncSignatures({ clientFileIds }, { store, portal, documents });
 * ```
 */
export function createFileDocumentStore(dir: string, options: FileDocumentStoreOptions = {}): FileDocumentStore {
  if (typeof dir !== 'string' || dir.trim() === '') throw new InvalidArgumentError('invalid_input', { detail: 'createFileDocumentStore needs the path of a folder' });
  const root = resolve(dir);
  const flush = options.fsync ?? true;
  const pathOf = (sha256: string): string => {
    checkDocumentKey(sha256);
    return join(root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  };

  /** The stored bytes of `sha256`, checked; `undefined` when absent. */
  const read = async (sha256: string): Promise<Uint8Array | undefined> => {
    let bytes: Buffer;
    try {
      bytes = await readFile(pathOf(sha256));
    } catch (error) {
      if (code(error) === 'ENOENT') return undefined;
      throw error;
    }
    if (sha256Of(bytes) !== sha256) throw new DocumentStoreError('document_corrupted', { sha256: sha256.slice(0, 8) });
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  };

  /** Writes `bytes` to a new temporary file in `folder`, flushed; returns its path. */
  const writeTemp = async (folder: string, sha256: string, bytes: Uint8Array): Promise<string> => {
    const temp = join(folder, `.${sha256}.${randomUUID()}.tmp`);
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(bytes);
      if (flush) await handle.sync();
    } catch (error) {
      await handle.close().catch(() => undefined);
      await unlink(temp).catch(() => undefined);
      throw error;
    }
    await handle.close();
    return temp;
  };

  return {
    dir: root,
    pathOf,
    async put(bytes): Promise<PutDocumentResult> {
      checkDocumentBytes(bytes);
      const copy = bytes.slice();
      const sha256 = sha256Of(copy);
      const target = pathOf(sha256);
      const folder = join(root, sha256.slice(0, 2), sha256.slice(2, 4));
      await mkdir(folder, { recursive: true });
      const temp = await writeTemp(folder, sha256, copy);
      try {
        // link() never replaces: of concurrent puts of the same bytes exactly one creates the file.
        await link(temp, target);
      } catch (error) {
        if (code(error) !== 'EEXIST') throw error;
        const present = await read(sha256).then(
          () => true,
          (failure: unknown) => (DocumentStoreError.isInstance(failure) ? false : Promise.reject(failure)),
        );
        if (present) return { sha256, created: false };
        // The stored copy is damaged: the good bytes replace it, in one step.
        await rename(temp, target);
        if (flush) await syncDir(folder);
        return { sha256, created: true };
      } finally {
        await unlink(temp).catch(() => undefined);
      }
      if (flush) await syncDir(folder);
      return { sha256, created: true };
    },
    get: read,
    async has(sha256) {
      try {
        return (await stat(pathOf(sha256))).isFile();
      } catch (error) {
        if (code(error) === 'ENOENT') return false;
        throw error;
      }
    },
  };
}
