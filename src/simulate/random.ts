// Seeded pseudo-random numbers (sfc32) and the distributions the simulator draws from. Every
// random choice goes through an Rng or a hash below, so the same seed gives the same bytes on
// every machine; nothing reads the clock or Math.random.

/** cyrb128: a string -> four 32-bit words, to seed sfc32. */
function cyrb128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  return [h1 ^ h2 ^ h3 ^ h4, h2 ^ h1, h3 ^ h1, h4 ^ h1];
}

/**
 * sfc32 (Chris Doty-Humphrey's small fast counter generator): 128 bits of state, passes
 * PractRand, and runs on 32-bit integer operations only. One Rng per stream of decisions
 * (population, normal life, fraud, comms) keeps the streams independent of each other.
 */
export class Rng {
  // Typed-array state: 32-bit values kept in plain fields would be boxed as doubles.
  private readonly s = new Int32Array(4);
  private spare = Number.NaN;

  /** `seed` and `stream` name the sequence: `new Rng('7', 'normal')`. */
  constructor(seed: string, stream: string) {
    const h = cyrb128(`clawback-simulate/1\u0000${seed}\u0000${stream}`);
    this.s[0] = h[0];
    this.s[1] = h[1];
    this.s[2] = h[2];
    this.s[3] = h[3];
    for (let i = 0; i < 16; i++) this.next();
  }

  /** Uniform in [0, 1), 32 bits of randomness. */
  next(): number {
    const s = this.s;
    const a = s[0]!;
    const b = s[1]!;
    const c = s[2]!;
    const d = s[3]!;
    const t = (((a + b) | 0) + d) | 0;
    s[3] = d + 1;
    s[0] = b ^ (b >>> 9);
    s[1] = c + (c << 3);
    s[2] = ((c << 21) | (c >>> 11)) + t;
    return (t >>> 0) / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Uniform in [lo, hi). */
  range(lo: number, hi: number): number {
    return lo + this.next() * (hi - lo);
  }

  /** Log-uniform in [lo, hi). */
  logRange(lo: number, hi: number): number {
    return lo * Math.exp(this.next() * Math.log(hi / lo));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Standard normal (Box-Muller; the second value is kept for the next call). */
  normal(): number {
    if (!Number.isNaN(this.spare)) {
      const v = this.spare;
      this.spare = Number.NaN;
      return v;
    }
    let u = this.next();
    while (u === 0) u = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    const th = 2 * Math.PI * this.next();
    this.spare = r * Math.sin(th);
    return r * Math.cos(th);
  }

  /** Log-normal with the given median: heavy-tailed amounts. */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  /** Exponential with the given mean. */
  exp(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }

  /** Poisson count (inversion below 30, a rounded normal above: exact enough for counts). */
  poisson(lambda: number): number {
    if (lambda <= 0) return 0;
    if (lambda > 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * this.normal()));
    const l = Math.exp(-lambda);
    let k = 0;
    let p = this.next();
    while (p > l) {
      k++;
      p *= this.next();
    }
    return k;
  }

  pick<T>(items: readonly T[]): T {
    const v = items[this.int(items.length)];
    if (v === undefined) throw new Error('pick from an empty list');
    return v;
  }

  /** Index drawn with probability proportional to `weights` (small lists). */
  weighted(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let r = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i]!;
      if (r < 0) return i;
    }
    return weights.length - 1;
  }
}

/**
 * A bijection on 32-bit integers (lowbias32 by C. Wellons): xor-shifts and odd multipliers are
 * invertible, so distinct inputs give distinct outputs (used for unique-looking ids).
 */
export function mix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Deterministic uniform in [0, 1) from two integers: attributes drawn per entity. */
export function unitHash(a: number, b: number): number {
  return mix32(mix32(a) ^ Math.imul(b + 0x9e3779b9, 0x85ebca6b)) / 4294967296;
}

/** A small discrete distribution with its cumulative weights precomputed (hot paths). */
export class Weighted {
  private readonly cumulative: Float64Array;

  constructor(weights: readonly number[]) {
    if (weights.length === 0) throw new Error('weighted choice among nothing');
    let total = 0;
    for (const w of weights) total += w;
    this.cumulative = new Float64Array(weights.length);
    let sum = 0;
    for (let i = 0; i < weights.length; i++) {
      sum += weights[i]!;
      this.cumulative[i] = sum / total;
    }
  }

  /** Index drawn with probability proportional to its weight. */
  pick(rng: Rng): number {
    const u = rng.next();
    const c = this.cumulative;
    const last = c.length - 1;
    let i = 0;
    while (i < last && u >= c[i]!) i++;
    return i;
  }
}

/** Walker/Vose alias table: O(1) draws from a large discrete distribution. */
export class AliasTable {
  /** Per slot, side by side (one cache line per draw): [2i] its probability, [2i + 1] its alias. */
  private readonly slots: Float64Array;
  readonly size: number;

  constructor(weights: ArrayLike<number>) {
    const n = weights.length;
    if (n === 0) throw new Error('alias table over no weights');
    this.size = n;
    const prob = new Float64Array(n);
    const alias = new Int32Array(n);
    let total = 0;
    for (let i = 0; i < n; i++) total += weights[i]!;
    const scaled = new Float64Array(n);
    for (let i = 0; i < n; i++) scaled[i] = (weights[i]! * n) / total;
    const small = new Int32Array(n);
    const large = new Int32Array(n);
    let ns = 0;
    let nl = 0;
    for (let i = 0; i < n; i++) {
      if (scaled[i]! < 1) small[ns++] = i;
      else large[nl++] = i;
    }
    while (ns > 0 && nl > 0) {
      const s = small[--ns]!;
      const l = large[nl - 1]!;
      prob[s] = scaled[s]!;
      alias[s] = l;
      scaled[l] = scaled[l]! + scaled[s]! - 1;
      if (scaled[l]! < 1) {
        nl--;
        small[ns++] = l;
      }
    }
    while (nl > 0) prob[large[--nl]!] = 1;
    while (ns > 0) prob[small[--ns]!] = 1;
    this.slots = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      this.slots[2 * i] = prob[i]!;
      this.slots[2 * i + 1] = alias[i]!;
    }
  }

  sample(rng: Rng): number {
    const u = rng.next() * this.size;
    const i = Math.floor(u);
    return u - i < this.slots[2 * i]! ? i : this.slots[2 * i + 1]!;
  }
}
