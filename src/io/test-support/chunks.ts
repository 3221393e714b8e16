// Splitting bytes into chunks at arbitrary points, for tests of readers that take a stream.

/** Cuts bytes at the given fractions of their length (0..1; repeats and ends allowed). */
export function cutAt(bytes: Uint8Array, at: readonly number[]): Uint8Array[] {
  const points = [...new Set(at.map((f) => Math.floor(f * bytes.length)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let from = 0;
  for (const p of points) {
    out.push(bytes.subarray(from, p));
    from = p;
  }
  out.push(bytes.subarray(from));
  return out;
}
