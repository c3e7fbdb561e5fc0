/** Hashing for ids and keys that carry no personal data in clear. Internal. */

/**
 * A 53-bit hash of a string as 14 hex digits (cyrb53): stable ids and idempotency keys that carry no personal data
 * in clear. Not a cryptographic hash.
 */
export function hashKey(value: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
}

const hex = (bytes: ArrayBuffer): string => {
  const view = new Uint8Array(bytes);
  let out = '';
  for (let i = 0; i < view.length; i++) out += (view[i] as number).toString(16).padStart(2, '0');
  return out;
};

interface NodeHash {
  update(data: Uint8Array | string): NodeHash;
  digest(encoding: 'hex'): string;
}

/**
 * Node's own hashing, when running on Node: synchronous, several times faster than WebCrypto's round trip through
 * the thread pool for the many small buffers a workflow hashes. `undefined` in browsers.
 */
const nodeCrypto = /* @__PURE__ */ (() => {
  try {
    const host = globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } };
    return host.process?.getBuiltinModule?.('node:crypto') as { createHash(algorithm: 'sha256'): NodeHash } | undefined;
  } catch {
    return undefined;
  }
})();

/** SHA-256 of bytes (or of a string's UTF-8), lower-case hex: Node's crypto on Node, WebCrypto elsewhere. */
export async function sha256Hex(data: Uint8Array | string): Promise<string> {
  if (nodeCrypto !== undefined) return nodeCrypto.createHash('sha256').update(data).digest('hex');
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  return hex(await globalThis.crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
}
