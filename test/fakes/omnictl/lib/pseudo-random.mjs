// Deterministic pseudo-random bytes from a string (FNV-1a seed, splitmix32 stream): stable IDs,
// addresses and keys for generated machines without loading node:crypto on every invocation.

/** @param {string} seed @param {number} length @returns {Buffer} */
export function pseudoRandomBytes(seed, length) {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    h ^= seed.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i += 4) {
    h = (h + 0x9e3779b9) >>> 0;
    let z = h;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    z = (z ^ (z >>> 16)) >>> 0;
    for (let k = 0; k < 4 && i + k < length; k++) out[i + k] = (z >>> (8 * k)) & 0xff;
  }
  return out;
}
