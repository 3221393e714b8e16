// Slow, literal implementations of restitution.md in BigInt rationals, to check the fast
// code against. Straight from the text: no shortcuts, no typed arrays.
import type { Claim, FrozenAccount } from '../model.js';

interface Frac {
  n: bigint;
  d: bigint;
}

/** Largest remainder with the normative ties, for exact shares num_i / den that sum to an integer. */
export function hamilton(
  claims: readonly Claim[],
  shares: readonly (Frac | undefined)[],
): bigint[] {
  const out = shares.map((s) => (s === undefined ? 0n : s.n / s.d));
  let target: Frac = { n: 0n, d: 1n };
  for (const s of shares)
    if (s !== undefined) target = { n: target.n * s.d + s.n * target.d, d: target.d * s.d };
  if (target.n % target.d !== 0n) throw new Error('shares do not add up to whole units');
  let left = target.n / target.d - out.reduce((a, b) => a + b, 0n);
  const net = (c: Claim) => BigInt(Math.max(0, c.loss - c.recovered));
  const order = claims
    .map((_, i) => i)
    .filter((i) => shares[i] !== undefined)
    .sort((a, b) => {
      const sa = shares[a]!;
      const sb = shares[b]!;
      const ra = (sa.n % sa.d) * sb.d;
      const rb = (sb.n % sb.d) * sa.d;
      if (ra !== rb) return ra > rb ? -1 : 1;
      const na = net(claims[a]!);
      const nb = net(claims[b]!);
      if (na !== nb) return na > nb ? -1 : 1;
      return claims[a]!.victim < claims[b]!.victim ? -1 : 1;
    });
  for (const i of order) {
    if (left <= 0n) break;
    out[i]! += 1n;
    left--;
  }
  return out;
}

export function referenceProRata(
  claims: readonly Claim[],
  pool: number,
): { amounts: bigint[]; unallocated: bigint } {
  const nets = claims.map((c) => BigInt(Math.max(0, c.loss - c.recovered)));
  const total = nets.reduce((a, b) => a + b, 0n);
  const P = BigInt(pool);
  if (P >= total) return { amounts: nets, unallocated: P - total };
  const amounts = hamilton(
    claims,
    nets.map((n) => (n > 0n ? { n: P * n, d: total } : undefined)),
  );
  return { amounts, unallocated: 0n };
}

export function referenceRisingTide(
  claims: readonly Claim[],
  pool: number,
): { amounts: bigint[]; unallocated: bigint } {
  const P = BigInt(pool);
  let S = claims.map((_, i) => i);
  let L: Frac = { n: 1n, d: 1n };
  for (;;) {
    if (S.length === 0) break;
    const W = S.reduce((a, i) => a + BigInt(claims[i]!.recovered), 0n);
    const C = S.reduce((a, i) => a + BigInt(claims[i]!.loss), 0n);
    L = P + W >= C ? { n: 1n, d: 1n } : { n: P + W, d: C };
    const kept = S.filter(
      (i) => BigInt(claims[i]!.recovered) * L.d < L.n * BigInt(claims[i]!.loss),
    );
    if (kept.length === S.length) break;
    S = kept;
  }
  const shares = claims.map((c, i) =>
    S.includes(i) ? { n: L.n * BigInt(c.loss) - BigInt(c.recovered) * L.d, d: L.d } : undefined,
  );
  const amounts = hamilton(claims, shares);
  return { amounts, unallocated: P - amounts.reduce((a, b) => a + b, 0n) };
}

/** Pro rata on `weight` with caps, what caps leave shared again: the capped split of traced_first. */
export function referenceCapped(
  claims: readonly Claim[],
  pool: bigint,
  weight: readonly bigint[],
  cap: readonly bigint[],
): { amounts: bigint[]; unallocated: bigint } {
  let U = claims.map((_, i) => i).filter((i) => weight[i]! > 0n);
  const capped = new Set<number>();
  let rest = pool;
  for (;;) {
    const W = U.reduce((a, i) => a + weight[i]!, 0n);
    if (U.length === 0) break;
    const hit = U.filter((i) => cap[i]! * W <= rest * weight[i]!);
    if (hit.length === 0) break;
    for (const i of hit) {
      capped.add(i);
      rest -= cap[i]!;
    }
    U = U.filter((i) => !capped.has(i));
  }
  const W = U.reduce((a, i) => a + weight[i]!, 0n);
  const shares = claims.map((_, i) => (U.includes(i) ? { n: rest * weight[i]!, d: W } : undefined));
  const amounts = hamilton(claims, shares).map((a, i) => (capped.has(i) ? cap[i]! : a));
  return { amounts, unallocated: U.length === 0 ? rest : 0n };
}

/** traced_first from the text: per account (scaled when short), capped at net loss, the rest capped pro rata. */
export function referenceTracedFirst(
  claims: readonly Claim[],
  accounts: readonly FrozenAccount[],
): { amounts: bigint[]; unallocated: bigint } {
  const idx = new Map(claims.map((c, i) => [c.victim, i]));
  const net = claims.map((c) => BigInt(Math.max(0, c.loss - c.recovered)));
  const traced = claims.map(() => 0n);
  let shared = 0n;
  for (const a of accounts) {
    const F = BigInt(a.frozen);
    const parts = a.traced ?? [];
    const T = parts.reduce((s, t) => s + BigInt(t.amount), 0n);
    if (T === 0n) {
      shared += F;
      continue;
    }
    if (F >= T) {
      for (const t of parts) traced[idx.get(t.victim)!]! += BigInt(t.amount);
      shared += F - T;
      continue;
    }
    const shares: (Frac | undefined)[] = claims.map(() => undefined);
    for (const t of parts) shares[idx.get(t.victim)!] = { n: F * BigInt(t.amount), d: T };
    hamilton(claims, shares).forEach((x, i) => {
      traced[i]! += x;
    });
  }
  // biome-ignore lint/complexity/useMathMinMax: bigints
  const returned = traced.map((t, i) => (t < net[i]! ? t : net[i]!));
  shared += traced.reduce((s, t, i) => s + t - returned[i]!, 0n);
  const split = referenceCapped(
    claims,
    shared,
    net,
    net.map((n, i) => n - returned[i]!),
  );
  return { amounts: returned.map((r, i) => r + split.amounts[i]!), unallocated: split.unallocated };
}
