// Deterministic garbage for the hostile-input tests, in Node (core's tests, and as source text in their worker
// threads, so it uses nothing but its arguments) and in Chromium (the elements' tests).

/** Deterministic bytes (xorshift32), so every run feeds the same garbage. */
export function seededBytes(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length);
  const words = new Uint32Array(bytes.buffer, 0, length >>> 2);
  let state = seed >>> 0 || 1;
  for (let index = 0; index < words.length; index += 1) {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    words[index] = state;
  }
  for (let index = words.length * 4; index < length; index += 1) bytes[index] = (index * 131 + seed) & 0xff;
  return bytes;
}
