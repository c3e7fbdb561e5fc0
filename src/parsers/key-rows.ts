/**
 * The row on which each key (a SIN or a BN) was first seen, for the duplicate warning, in two typed arrays: 8 bytes
 * a key at most half full, however long the file — a Map of `sin:123456789` strings cost ~100 bytes a row and made
 * a streamed million-row list grow to 240 MB. A key is nine digits (< 2^30), so it fits in 32 bits.
 */

/** Bit set on business numbers, so that a SIN and a BN with the same digits stay two keys. */
const BN_BIT = 0x4000_0000;

export class KeyRows {
  /** Key + 1 (0: free slot). */
  private keys = new Uint32Array(1024);
  private rows = new Uint32Array(1024);
  private size = 0;

  /**
   * The row `key` was first seen on, or undefined when it is new (then `row` is kept as its first row).
   * @param key - Nine digits.
   */
  firstRow(key: string, row: number, kind: 'sin' | 'bn' = 'sin'): number | undefined {
    const stored = ((Number(key) | (kind === 'bn' ? BN_BIT : 0)) >>> 0) + 1;
    const found = this.find(stored);
    if (this.keys[found] === stored) return this.rows[found];
    this.keys[found] = stored;
    this.rows[found] = row;
    if (++this.size * 2 > this.keys.length) this.grow();
    return undefined;
  }

  /** The slot holding `stored`, or the free slot where it goes (open addressing, linear probing). */
  private find(stored: number): number {
    const mask = this.keys.length - 1;
    // Fibonacci hashing spreads consecutive SINs (the check digit aside, exports are often sorted) over the table.
    let slot = Math.imul(stored, 0x9e3779b1) >>> 0;
    slot &= mask;
    for (;;) {
      const k = this.keys[slot];
      if (k === 0 || k === stored) return slot;
      slot = (slot + 1) & mask;
    }
  }

  private grow(): void {
    const { keys, rows } = this;
    this.keys = new Uint32Array(keys.length * 2);
    this.rows = new Uint32Array(keys.length * 2);
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i] ?? 0;
      if (k === 0) continue;
      const slot = this.find(k);
      this.keys[slot] = k;
      this.rows[slot] = rows[i] ?? 0;
    }
  }
}
