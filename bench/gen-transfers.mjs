#!/usr/bin/env node
// Synthetic transfer data for benchmarking `clawback trace`.
//
//   node bench/gen-transfers.mjs --transfers N --victims V --seed S --out DIR
//        [--accounts A] [--currency CNY] [--gzip]
//
// Writes DIR/transfers.csv, DIR/losses.csv and DIR/accounts.csv (with `.gz`
// appended under --gzip) in the formats of design/formats.md. Output is
// byte-identical for the same arguments: every random choice comes from one
// seeded sfc32 generator, and nothing depends on the clock or on Math.random.
// Memory is bounded by the number of accounts and of fraud events in flight,
// never by the number of transfers: rows are written as bytes into 4 MB buffers.
// See bench/README.md for what the data models.

import { once } from 'node:events';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { createGzip } from 'node:zlib';

const USAGE = `Usage: node bench/gen-transfers.mjs --transfers N --victims V --seed S --out DIR
                                    [--accounts A] [--currency CNY] [--gzip]

  --transfers N   rows in transfers.csv (required)
  --victims V     victims, each with 1-3 loss payments (default: N/1000)
  --seed S        any string; same arguments give byte-identical files (default: 1)
  --out DIR       output directory, created if missing (required)
  --accounts A    accounts in total: ordinary, mule and exit (default: max(1000, N/10))
  --currency C    ISO 4217 code written in every row (default: CNY)
  --gzip          write transfers.csv.gz, losses.csv.gz, accounts.csv.gz (zlib level 1)
  -h, --help      show this help
`;

// ---------------------------------------------------------------- arguments

function usageError(msg) {
  process.stderr.write(`gen-transfers: ${msg}\n\n${USAGE}`);
  process.exit(2);
}

let args;
try {
  args = parseArgs({
    options: {
      transfers: { type: 'string' },
      victims: { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string' },
      accounts: { type: 'string' },
      currency: { type: 'string' },
      gzip: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  }).values;
} catch (e) {
  usageError(e.message);
}
if (args.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}

function intArg(name, dflt, min) {
  const s = args[name];
  if (s === undefined) {
    if (dflt === undefined) usageError(`--${name} is required`);
    return dflt;
  }
  if (!/^\d+$/.test(s)) usageError(`--${name} "${s}": not a non-negative integer`);
  const n = Number(s);
  if (!Number.isSafeInteger(n) || n < min) usageError(`--${name} "${s}": must be >= ${min}`);
  return n;
}

const N = intArg('transfers', undefined, 1);
const V = intArg('victims', Math.floor(N / 1000), 0);
const A = intArg('accounts', Math.max(1000, Math.floor(N / 10)), 50);
const SEED = args.seed ?? '1';
const OUT = args.out ?? usageError('--out is required');
const CUR = args.currency ?? 'CNY';
const GZIP = args.gzip === true;
if (!/^[A-Z]{3}$/.test(CUR)) usageError(`--currency "${CUR}": not an ISO 4217 code`);
if (A >= 1e8) usageError('--accounts must be below 100000000');

// Minor digits of the currency; every amount is an integer of minor units.
const DIGITS0 = new Set(['JPY', 'KRW', 'VND', 'CLP', 'ISK', 'PYG', 'UGX', 'XAF', 'XOF', 'RWF']);
const DIGITS3 = new Set(['BHD', 'KWD', 'OMR', 'JOD', 'TND', 'LYD', 'IQD']);
const DIG = DIGITS0.has(CUR) ? 0 : DIGITS3.has(CUR) ? 3 : 2;
const F = 10 ** DIG; // minor units per major unit

// ---------------------------------------------------------------- PRNG (sfc32)

// State in a typed array: 32-bit values kept in module variables would be boxed.
const S = new Int32Array(4);

function seedFrom(str) {
  // cyrb128 string hash -> four 32-bit words
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < str.length; i++) {
    const k = str.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  S[0] = h1 ^ h2 ^ h3 ^ h4;
  S[1] = h2 ^ h1;
  S[2] = h3 ^ h1;
  S[3] = h4 ^ h1;
  for (let i = 0; i < 16; i++) rnd();
}

/** Uniform float in [0, 1). */
function rnd() {
  const a = S[0];
  const b = S[1];
  const c = S[2];
  const d = S[3];
  const t = (((a + b) | 0) + d) | 0;
  S[3] = d + 1;
  S[0] = b ^ (b >>> 9);
  S[1] = c + (c << 3);
  S[2] = ((c << 21) | (c >>> 11)) + t;
  return (t >>> 0) / 4294967296;
}

/** Uniform integer in [0, n). */
const rint = (n) => Math.floor(rnd() * n);
/** Log-uniform float in [lo, hi). */
const logUni = (lo, hi) => lo * Math.exp(rnd() * Math.log(hi / lo));
const uni = (lo, hi) => lo + rnd() * (hi - lo);

const SPARE = new Float64Array(2); // [has spare, spare]
function gauss() {
  if (SPARE[0] === 1) {
    SPARE[0] = 0;
    return SPARE[1];
  }
  let u = rnd();
  while (u === 0) u = rnd();
  const r = Math.sqrt(-2 * Math.log(u));
  const th = 2 * Math.PI * rnd();
  SPARE[1] = r * Math.sin(th);
  SPARE[0] = 1;
  return r * Math.cos(th);
}

const gcd = (a, b) => {
  while (b) [a, b] = [b, a % b];
  return a;
};
/** A random multiplier coprime to m, for the bijection k -> (k*a + c) mod m. */
function coprime(m) {
  if (m <= 2) return 1;
  let a = 1 + rint(Math.min(m - 1, 9_999_999));
  while (gcd(a, m) !== 1) a = a + 1 >= m ? 1 : a + 1;
  return a;
}

seedFrom(`clawback-gen/1\0${SEED}\0${N}\0${V}\0${A}\0${CUR}`);

// ---------------------------------------------------------------- time

const T0 = Date.UTC(2024, 1, 29, 16, 0, 0); // 2024-03-01T00:00:00+08:00
const DAY = 86_400_000;
const HOUR = 3_600_000;
const MIN = 60_000;
const SPAN = 30 * DAY;
const P_TIE = 0.004; // share of rows forced onto the previous row's instant

// Rows are written as bytes straight into large Buffers (no per-row strings,
// which would keep the garbage collector busy).
const CHUNK = 4 * 1024 * 1024;
const enc = (str) => Buffer.from(str, 'latin1');
// Writers take the buffer and a position and return the new position.
function putBytes(b, p, src) {
  const n = src.length;
  for (let k = 0; k < n; k++) b[p + k] = src[k];
  return p + n;
}
/** Non-negative integer n, zero-padded to w digits. */
function putPad(b, p, n, w) {
  let k = p + w;
  while (k > p) {
    const q = Math.floor(n / 10);
    b[--k] = 48 + n - q * 10;
    n = q;
  }
  return p + w;
}
function putUint(b, p, n) {
  let w = 1;
  for (let x = 10; n >= x; x *= 10) w++;
  return putPad(b, p, n, w);
}

// zone 0: +08:00, zone 1: Z
const ZOFF = [8 * HOUR, 0];
const ZSUF = [enc('+08:00'), enc('Z')];
const dayStart = new Float64Array([Number.NaN, Number.NaN]);
const dayPrefix = [enc(''), enc('')];

function putTime(b, p, t, zone, sec) {
  const l = t + ZOFF[zone];
  let r = l - dayStart[zone];
  if (!(r >= 0 && r < DAY)) {
    dayStart[zone] = l - (((l % DAY) + DAY) % DAY);
    dayPrefix[zone] = enc(new Date(dayStart[zone]).toISOString().slice(0, 11));
    r = l - dayStart[zone];
  }
  const h = Math.floor(r / HOUR);
  r -= h * HOUR;
  const mi = Math.floor(r / MIN);
  r -= mi * MIN;
  const s = Math.floor(r / 1000);
  p = putBytes(b, p, dayPrefix[zone]);
  p = putPad(b, p, h, 2);
  b[p++] = 58; // :
  p = putPad(b, p, mi, 2);
  b[p++] = 58;
  p = putPad(b, p, s, 2);
  if (!sec) {
    b[p++] = 46; // .
    p = putPad(b, p, r - s * 1000, 3);
  }
  return putBytes(b, p, ZSUF[zone]);
}

// ---------------------------------------------------------------- amounts

function putAmt(b, p, x) {
  if (DIG === 0) return putUint(b, p, x);
  const q = Math.floor(x / F);
  p = putUint(b, p, q);
  b[p++] = 46;
  return putPad(b, p, x - q * F, DIG);
}
const fmtAmt =
  DIG === 0
    ? (x) => String(x)
    : DIG === 2
      ? (x) => {
          const q = Math.floor(x / 100);
          return `${q}.${String(x - q * 100).padStart(2, '0')}`;
        }
      : (x) => {
          const q = Math.floor(x / 1000);
          return `${q}.${String(x - q * 1000).padStart(3, '0')}`;
        };

/** Major units -> minor units, at least 1. */
const minor = (major) => Math.max(1, Math.round(major * F));

/** Heavy-tailed everyday amount: log-normal, median `med`, in [1, 50,000] major units. */
function everyday(med, sigma) {
  let y;
  do y = med * Math.exp(sigma * gauss());
  while (y < 1 || y > 50_000);
  const r = rnd();
  if (r < 0.12 && y >= 100) return Math.round(y / 100) * 100 * F; // round hundreds
  if (r < 0.4) return Math.round(y) * F; // whole units
  return minor(y);
}

// ---------------------------------------------------------------- accounts

const BANKS = [
  // name, BIN, weight, zone (0 +08:00, 1 Z), prefers second precision
  ['ICBC', '622202', 20, 0, 0],
  ['CCB', '621700', 17, 0, 0],
  ['ABC', '622848', 15, 0, 1],
  ['BOC', '621661', 12, 1, 0],
  ['CMB', '622588', 10, 0, 0],
  ['BOCOM', '622260', 7, 0, 1],
  ['PSBC', '621799', 7, 1, 1],
  ['CIB', '622909', 4, 0, 0],
  ['SPDB', '622521', 4, 1, 0],
  ['CITIC', '622690', 4, 0, 0],
];
const BANK_ZONE = BANKS.map((b) => b[3]);
const BANK_SEC = BANKS.map((b) => b[4]);
const BANK_CUM = [];
{
  let c = 0;
  const tot = BANKS.reduce((s, b) => s + b[2], 0);
  for (const b of BANKS) {
    c += b[2];
    BANK_CUM.push(c / tot);
  }
}
function pickBank() {
  const r = rnd();
  let i = 0;
  while (r >= BANK_CUM[i]) i++;
  return i;
}

const KIND = ['bank', 'cash', 'crypto_exchange', 'foreign', 'third_party_payment', 'merchant'];
const K_BANK = 0;
const K_CASH = 1;
const K_CRYPTO = 2;
const K_FOREIGN = 3;
const K_TPP = 4;
const K_MERCHANT = 5;
const CH = ['transfer', 'card', 'atm', 'third_party_payment', 'crypto'];
const CH_TRANSFER = 0;
const CH_CARD = 1;
const CH_ATM = 2;
const CH_TPP = 3;
const CH_CRYPTO = 4;
const KIND_CH = [CH_TRANSFER, CH_ATM, CH_CRYPTO, CH_TRANSFER, CH_TPP, CH_CARD];
const ROW_TAIL = CH.map((c) => enc(`,${CUR},${c}\n`));

// Fraud network size: about one mule per 7 victims, in rings of ~14.
const nMules = V > 0 ? Math.max(3, Math.round(V / 7)) : 0;
const nCash = 8 + Math.floor(A / 50_000);
const nCrypto = 4;
const nForeign = 6;
const nTpp = 3;
const nMerchant = Math.max(5, Math.min(2000, Math.floor(A / 500)));
const nExits = nCash + nCrypto + nForeign + nTpp + nMerchant;
const B = A - nMules - nExits; // ordinary (background) accounts: [0, B)
const M0 = B; // mules: [M0, M0 + nMules)
const E0 = B + nMules; // exits: [E0, A)
if (B < Math.max(20, 2 * V)) {
  usageError(
    `--accounts ${A} is too small for ${V} victims (need about ${2 * V + nMules + nExits} or more)`,
  );
}

const ID_LEN = 19;
const ids = Buffer.alloc(A * ID_LEN); // account j is ids[19j, 19j+19)
const idOf = (j) => ids.toString('latin1', j * ID_LEN, (j + 1) * ID_LEN);
const bankOf = new Uint8Array(A);
const kindOf = new Uint8Array(A);
const open = new Float64Array(A); // true opening balance (minor units), grows when topped up
const listed = new Uint8Array(A); // 1: opening_balance written to accounts.csv
const bal = new Float64Array(A);
const instOf = new Array(A); // institution names for exits only

// Account ids: 19-digit card numbers. BIN(6) + random(12-w) + scrambled index(w) + Luhn.
// The scrambled index is a bijection, so ids are unique; mules and exits come
// from the same space as everybody else.
{
  const w = Math.max(7, String(A - 1).length);
  const mod = 10 ** w;
  let mul = 1 + 2 * rint(4_999_999);
  while (mul % 5 === 0) mul += 2;
  const add = rint(mod);
  const randW = 12 - w;
  for (let j = 0; j < A; j++) {
    const b = pickBank();
    bankOf[j] = b;
    const p = (j * mul + add) % mod;
    let body = BANKS[b][1];
    for (let k = 0; k < randW; k++) body += rint(10);
    body += String(p).padStart(w, '0');
    // Luhn check digit
    let sum = 0;
    for (let k = body.length - 1, dbl = true; k >= 0; k--, dbl = !dbl) {
      let d = body.charCodeAt(k) - 48;
      if (dbl) {
        d *= 2;
        if (d > 9) d -= 9;
      }
      sum += d;
    }
    ids.write(body + ((10 - (sum % 10)) % 10), j * ID_LEN, 'latin1');
  }
}

// Ordinary accounts: heavy-tailed opening balances; ~2% have no opening balance on file.
for (let j = 0; j < B; j++) {
  open[j] = Math.round(logUni(50, 300_000) * (j < B / 200 ? 20 : 1)) * F;
  listed[j] = rnd() < 0.98 ? 1 : 0;
  bal[j] = open[j];
}

// Exits.
{
  let j = E0;
  const add = (n, kind, name) => {
    for (let i = 0; i < n; i++, j++) {
      kindOf[j] = kind;
      instOf[j] = name(i);
      if (kind === K_TPP) {
        open[j] = 100_000_000 * F; // settlement accounts pay out too
        listed[j] = 1;
        bal[j] = open[j];
      }
    }
  };
  const L = 'ABCDEFGHIJ';
  const CC = ['HK', 'SG', 'KH', 'MY', 'PH', 'AE'];
  add(nCash, K_CASH, (i) => BANKS[bankOf[E0 + i]][0]);
  add(nCrypto, K_CRYPTO, (i) => `Exchange ${L[i]}`);
  add(nForeign, K_FOREIGN, (i) => `Overseas Bank ${CC[i % CC.length]}`);
  add(nTpp, K_TPP, (i) => `Payment Co ${L[i]}`);
  const m0 = j;
  add(nMerchant, K_MERCHANT, (i) => BANKS[bankOf[m0 + i]][0]);
}
const exitsOf = (kind) => {
  const out = [];
  for (let j = E0; j < A; j++) if (kindOf[j] === kind) out.push(j);
  return out;
};
const CASH = exitsOf(K_CASH);
const CRYPTO = exitsOf(K_CRYPTO);
const FOREIGN = exitsOf(K_FOREIGN);
const TPP = exitsOf(K_TPP);
const MERCHANT = exitsOf(K_MERCHANT);
const pick = (arr) => arr[rint(arr.length)];

// Mules: levels, rings, own money.
const muleLevel = new Uint8Array(nMules);
const muleRing = new Int32Array(nMules);
const mulePending = new Float64Array(nMules); // dirty money received, not yet scheduled onward
const muleCommitted = new Float64Array(nMules); // scheduled onward, not yet paid
const muleFwd = new Uint8Array(nMules); // a forward event is scheduled
const muleSource = new Int32Array(nMules).fill(-1); // holder's own other account

const rings = [];
if (nMules > 0) {
  const nRings = Math.max(1, Math.round(nMules / 14));
  let m = 0;
  for (let r = 0; r < nRings; r++) {
    const size = Math.floor(((r + 1) * nMules) / nRings) - Math.floor((r * nMules) / nRings);
    const n3 = Math.max(1, Math.round(size * 0.15));
    const n2 = Math.max(1, Math.round(size * 0.3));
    const n1 = Math.max(1, size - n2 - n3);
    const ring = { l1: [], l2: [], l3: [], cash: [pick(CASH), pick(CASH)] };
    ring.crypto = pick(CRYPTO);
    ring.foreign = pick(FOREIGN);
    ring.tpp = pick(TPP);
    for (let k = 0; k < size; k++, m++) {
      const lvl = k < n1 ? 1 : k < n1 + n2 ? 2 : 3;
      muleLevel[m] = lvl;
      muleRing[m] = r;
      (lvl === 1 ? ring.l1 : lvl === 2 ? ring.l2 : ring.l3).push(M0 + m);
    }
    rings.push(ring);
  }
  for (let k = 0; k < nMules; k++) {
    const j = M0 + k;
    open[j] = rnd() < 0.3 ? 0 : minor(logUni(10, 8000));
    bal[j] = open[j];
    listed[j] = rnd() < 0.95 ? 1 : 0;
    if (rnd() < 0.4) muleSource[k] = rint(B);
  }
}

/** Make sure account j can pay x, by raising its (retroactive) opening balance. */
function ensure(j, x) {
  const d = x - bal[j];
  if (d > 0) {
    const add = d + Math.round(logUni(1, 5000)) * F;
    open[j] += add;
    bal[j] += add;
  }
}

/** An ordinary account, heavy-tailed activity (low indices are busy). */
function busy() {
  const u = rnd();
  return Math.floor(B * u * u * u);
}

// ---------------------------------------------------------------- fraud events

// Event kinds. VICTIM and FWD emit no row; LOSS, PAY, OWN emit one.
const EV_VICTIM = 0;
const EV_LOSS = 1;
const EV_FWD = 2;
const EV_PAY = 3;
const EV_OWN = 4;

const heap = [];
let seq = 0;
const before = (x, y) => x.t < y.t || (x.t === y.t && x.q < y.q);
function push(t, k, a, b, x, c) {
  const e = { t, q: seq++, k, a, b, x, c };
  let i = heap.length;
  heap.push(e);
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (!before(e, heap[p])) break;
    heap[i] = heap[p];
    i = p;
  }
  heap[i] = e;
}
function pop() {
  const top = heap[0];
  const last = heap.pop();
  const n = heap.length;
  if (n > 0) {
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && before(heap[c + 1], heap[c])) c++;
      if (!before(heap[c], last)) break;
      heap[i] = heap[c];
      i = c;
    }
    heap[i] = last;
  }
  return top;
}

// Victims arrive in time order: sequential order statistics of V uniforms
// on [1%, 92%] of the span, so only the next arrival is ever queued.
const V_LO = 0.01;
const V_HI = 0.92;
let vU = 0;
function nextVictim(v) {
  vU = 1 - (1 - vU) * rnd() ** (1 / (V - v));
  push(T0 + Math.floor(SPAN * (V_LO + (V_HI - V_LO) * vU)), EV_VICTIM, v, 0, 0, 0);
}
const vWidth = Math.max(6, String(V).length);
const victimId = (v) => 'V' + String(v + 1).padStart(vWidth, '0');
// Victims are ordinary accounts (not the busiest 1%), distinct by a bijection.
const vOff = Math.floor(B / 100);
const vMod = B - vOff;
const vMul = coprime(vMod);
const vAdd = rint(vMod);
const victimAcct = (v) => vOff + ((v * vMul + vAdd) % vMod);

const THRESH = 50_000 * F - 1; // structuring: transfers kept just under 50,000
function splitUnder(x, lo, hi, roundTo) {
  const out = [];
  while (x > hi) {
    let c = lo + rint(hi - lo + 1);
    if (roundTo && rnd() < 0.5) c = Math.max(lo, Math.floor(c / roundTo) * roundTo);
    out.push(c);
    x -= c;
  }
  if (x > 0) out.push(x);
  return out;
}
/** Queue payments from account j: amounts to destinations (round robin), as a burst. */
function burst(t, j, amounts, dests, kindCh, gapLo, gapHi) {
  let tt = t + Math.floor(uni(1, 10) * MIN);
  let d = rint(dests.length);
  for (const x of amounts) {
    const to = dests[d];
    d = (d + 1) % dests.length;
    push(tt, EV_PAY, j, to, x, kindCh < 0 ? KIND_CH[kindOf[to]] : kindCh);
    tt += Math.floor(uni(gapLo, gapHi));
  }
}
const toExit = (t, j, x, e) => {
  const kind = kindOf[e];
  if (kind === K_CASH) {
    burst(t, j, splitUnder(x, 2_000 * F, 20_000 * F, 100 * F), [e], CH_ATM, 2 * MIN, 90 * MIN);
  } else {
    burst(t, j, splitUnder(x, 10_000 * F, THRESH, 100 * F), [e], -1, 20_000, 10 * MIN);
  }
};

function credit(to, x, t) {
  bal[to] += x;
  const m = to - M0;
  if (m >= 0 && m < nMules) {
    mulePending[m] += x;
    if (!muleFwd[m]) {
      muleFwd[m] = 1;
      const lvl = muleLevel[m];
      const dwell =
        lvl === 1
          ? logUni(5 * MIN, 6 * HOUR)
          : lvl === 2
            ? logUni(10 * MIN, 8 * HOUR)
            : logUni(HOUR, 3 * DAY);
      push(t + Math.floor(dwell), EV_FWD, to, 0, 0, 0);
    }
  }
}

function forward(j, t) {
  const m = j - M0;
  muleFwd[m] = 0;
  const lvl = muleLevel[m];
  const ring = rings[muleRing[m]];
  let keep = rnd() * 0.03; // the mule's cut
  if (lvl === 3 && rnd() < 0.12) keep = uni(0.2, 0.6); // collector sits on part of it
  let x = Math.floor(mulePending[m] * (1 - keep));
  mulePending[m] = 0;
  if (x <= 0) return;
  muleCommitted[m] += x;
  if (lvl === 1) {
    if (rnd() < 0.1 && x > 10_000 * F) {
      const cash = Math.floor(x * uni(0.2, 0.5));
      toExit(t, j, cash, pick(ring.cash));
      x -= cash;
    }
    // scatter: 2-4 second-level mules each take a share (they gather again at the collectors)
    const k = Math.min(ring.l2.length, 2 + rint(3));
    const dests = [];
    while (dests.length < k) {
      const d = pick(ring.l2);
      if (!dests.includes(d)) dests.push(d);
    }
    const w = dests.map(() => 0.2 + rnd());
    const tot = w.reduce((s, p) => s + p, 0);
    let rest = x;
    let tt = t;
    for (let i = 0; i < k; i++) {
      const part = i === k - 1 ? rest : Math.floor((x * w[i]) / tot);
      if (part > 0) {
        burst(
          tt,
          j,
          splitUnder(part, 10_000 * F, THRESH, 100 * F),
          [dests[i]],
          CH_TRANSFER,
          20_000,
          5 * MIN,
        );
      }
      rest -= part;
      tt += rint(10 * MIN);
    }
  } else if (lvl === 2) {
    const r = rnd();
    if (r < 0.15) {
      toExit(t, j, x, rnd() < 0.5 ? ring.crypto : ring.tpp);
    } else {
      let to;
      if (r < 0.25 && ring.l2.length > 1) {
        // one more layer: another second-level mule of the ring (chains may loop)
        do to = pick(ring.l2);
        while (to === j);
      } else if (r < 0.3 && rings.length > 1) {
        to = pick(rings[rint(rings.length)].l3); // mixing across rings
      } else {
        to = rnd() < 0.7 || ring.l3.length === 1 ? ring.l3[0] : pick(ring.l3); // fan-in
      }
      burst(t, j, splitUnder(x, 10_000 * F, THRESH, 100 * F), [to], CH_TRANSFER, 20_000, 5 * MIN);
    }
  } else {
    // collector: cash out through 1-3 kinds of exit
    const ex = [pick(ring.cash), ring.crypto, ring.foreign, ring.tpp];
    const w = [0.3, 0.3, 0.2, 0.2].map((p) => (rnd() < 0.6 ? p * rnd() : 0));
    if (w.every((p) => p === 0)) w[rint(4)] = 1;
    const tot = w.reduce((s, p) => s + p, 0);
    let rest = x;
    for (let i = 0; i < 4; i++) {
      if (w[i] === 0) continue;
      const part =
        i === 3 || w.slice(i + 1).every((p) => p === 0) ? rest : Math.floor((x * w[i]) / tot);
      if (part > 0) toExit(t + rint(2 * HOUR), j, part, ex[i]);
      rest -= part;
    }
  }
}

function scheduleOwn(m, t) {
  push(t + Math.floor(-Math.log(1 - rnd()) * 2 * DAY), EV_OWN, M0 + m, 0, 0, 0);
}

// Row being produced (set by processFraud / background), in a typed array so
// that nothing is boxed per row: from, to, amount, channel, victim (-1: none).
const ROW = new Float64Array([0, 0, 0, 0, -1]);

const stats = { background: 0, loss: 0, mule: 0, ownIn: 0, ownOut: 0, toExit: 0 };
const byLevel = [0, 0, 0, 0]; // mule payments by the payer's level
let lossesPlanned = 0;
let victimsStarted = 0;

/** Handle one due event; true if it produced the current row. */
function processFraud(e, t) {
  switch (e.k) {
    case EV_VICTIM: {
      const v = e.a;
      victimsStarted++;
      if (v + 1 < V) nextVictim(v + 1);
      const acct = victimAcct(v);
      const ring = rings[rint(rings.length)];
      const n = 1 + (rnd() < 0.4 ? 0 : rnd() < 0.58 ? 1 : 2);
      let amt = logUni(2_000, 80_000);
      let tt = e.t;
      let mule = ring.l1[Math.floor(ring.l1.length * rnd() ** 1.5)];
      let total = 0;
      for (let i = 0; i < n; i++) {
        if (i > 0) {
          if (amt >= 190_000) break; // rising amounts, at most 200,000
          amt = Math.min(200_000, amt * uni(1.3, 3));
          tt += Math.floor(logUni(10 * MIN, 3 * DAY));
          if (rnd() < 0.5) mule = pick(ring.l1);
        }
        if (tt >= T0 + SPAN * 0.97) break;
        const x = rnd() < 0.5 ? Math.round(amt / 100) * 100 * F : minor(amt);
        total += x;
        lossesPlanned++;
        push(tt, EV_LOSS, acct, mule, x, v);
      }
      ensure(acct, total); // the victim had the money: raise the opening balance if needed
      return false;
    }
    case EV_LOSS:
      ensure(e.a, e.x);
      bal[e.a] -= e.x;
      credit(e.b, e.x, t);
      ROW[0] = e.a;
      ROW[1] = e.b;
      ROW[2] = e.x;
      ROW[3] = rnd() < 0.9 ? CH_TRANSFER : CH_TPP;
      ROW[4] = e.c;
      stats.loss++;
      return true;
    case EV_FWD:
      forward(e.a, t);
      return false;
    case EV_PAY: {
      const m = e.a - M0;
      muleCommitted[m] -= e.x;
      bal[e.a] -= e.x;
      credit(e.b, e.x, t);
      ROW[0] = e.a;
      ROW[1] = e.b;
      ROW[2] = e.x;
      ROW[3] = e.c;
      stats.mule++;
      byLevel[muleLevel[m]]++;
      if (e.b >= E0) stats.toExit++;
      return true;
    }
    case EV_OWN: {
      const j = e.a;
      const m = j - M0;
      scheduleOwn(m, t);
      const own = bal[j] - mulePending[m] - muleCommitted[m];
      if (own >= 50 * F && rnd() < 0.5) {
        // the holder spends own money (under most rules it still carries taint)
        const x = Math.min(Math.floor(own * 0.9), minor(logUni(20, own / F)));
        const to = busy();
        bal[j] -= x;
        bal[to] += x;
        ROW[0] = j;
        ROW[1] = to;
        ROW[2] = x;
        ROW[3] = rnd() < 0.7 ? CH_TRANSFER : CH_TPP;
        stats.ownOut++;
        return true;
      }
      // the holder's own clean money arrives: salary, own other account, a friend
      const from = muleSource[m] >= 0 && rnd() < 0.7 ? muleSource[m] : busy();
      const x = Math.round(logUni(200, 20_000)) * F;
      ensure(from, x);
      bal[from] -= x;
      bal[j] += x;
      ROW[0] = from;
      ROW[1] = j;
      ROW[2] = x;
      ROW[3] = CH_TRANSFER;
      stats.ownIn++;
      return true;
    }
  }
  return false;
}

function background() {
  const r = rnd();
  let from;
  let to;
  let x;
  let ch = CH_TRANSFER;
  if (r < 0.05) {
    from = busy();
    to = pick(MERCHANT);
    x = everyday(80, 1.4);
    ch = CH_CARD;
  } else if (r < 0.075) {
    from = busy();
    to = pick(CASH);
    x = (1 + rint(50)) * 100 * F;
    ch = CH_ATM;
  } else if (r < 0.095) {
    from = busy();
    to = pick(TPP);
    x = everyday(150, 1.3);
    ch = CH_TPP;
  } else if (r < 0.115) {
    from = pick(TPP);
    to = busy();
    x = everyday(200, 1.4);
    ch = CH_TPP;
  } else if (r < 0.119) {
    from = busy();
    to = pick(FOREIGN);
    x = minor(logUni(1_000, 50_000));
  } else if (r < 0.121) {
    from = busy();
    to = pick(CRYPTO);
    x = minor(logUni(100, 20_000));
    ch = CH_CRYPTO;
  } else {
    from = busy();
    to = busy();
    if (to === from) to = (from + 1 + rint(B - 1)) % B;
    x = everyday(300, 1.5);
  }
  if (x > bal[from]) {
    // a payer spends what it has; now and then it turns out it had more (opening raised)
    if (bal[from] >= 100 * F && rnd() < 0.9) x = 1 + rint(bal[from]);
    else ensure(from, x);
  }
  bal[from] -= x;
  bal[to] += x;
  ROW[0] = from;
  ROW[1] = to;
  ROW[2] = x;
  ROW[3] = ch;
  ROW[4] = -1;
  stats.background++;
}

// ---------------------------------------------------------------- output

class Out {
  constructor(path, gzip) {
    this.path = gzip ? `${path}.gz` : path;
    this.file = createWriteStream(this.path);
    this.bytes = 0;
    if (gzip) {
      // big zlib chunks and buffer: compression (libuv thread) overlaps generation
      this.s = createGzip({ level: 1, chunkSize: 1 << 20, writableHighWaterMark: 2 * CHUNK });
      this.s.pipe(this.file);
      this.file.on('error', (e) => this.s.destroy(e));
    } else {
      this.s = this.file;
    }
  }
  async write(data) {
    this.bytes += data.length; // ASCII only
    if (!this.s.write(data)) await once(this.s, 'drain');
  }
  async close() {
    this.s.end();
    await finished(this.file);
  }
}

const idWidth = Math.max(9, String(N).length);
const idDig = Buffer.alloc(idWidth, 48); // transfer id digits, incremented per row
const STEP = SPAN / N;
const CLOCK = new Float64Array(2); // previous row's time, ties so far
CLOCK[0] = T0;
let lbuf = 'transfer_id,victim\n';
let fillEnd = 0;

/**
 * Write rows i, i+1, ... into b from position p until the chunk is full or all
 * N rows are written. Returns the next row index; fillEnd is the end position.
 * Synchronous, with state in typed arrays, so the hot loop allocates nothing.
 */
function fill(b, p, i) {
  let prev = CLOCK[0];
  let ties = CLOCK[1];
  for (; i < N && p < CHUNK; i++) {
    let tc = T0 + Math.floor((i + rnd()) * STEP);
    if (tc < prev || (i > 0 && rnd() < P_TIE)) tc = prev;

    let fraud = false;
    while (heap.length > 0 && heap[0].t <= tc) {
      if (processFraud(pop(), tc)) {
        fraud = true;
        break;
      }
    }
    if (!fraud) background();

    // Each bank writes its own offset; banks with second precision use it only
    // where truncating keeps the order and adds no tie (ties stay ~P_TIE).
    const from = ROW[0];
    const bk = bankOf[from];
    let t = tc;
    let sec = false;
    if (BANK_SEC[bk]) {
      const f = t - (t % 1000);
      if (f > prev || f === t) {
        t = f;
        sec = true;
      }
    }
    if (t === prev && i > 0) ties++;
    prev = t;

    let k = idWidth - 1;
    while (idDig[k] === 57) idDig[k--] = 48;
    idDig[k]++;
    b[p++] = 84; // T
    p = putBytes(b, p, idDig);
    b[p++] = 44; // ,
    p = putTime(b, p, t, BANK_ZONE[bk], sec);
    b[p++] = 44;
    for (let k = 0, o = from * ID_LEN; k < ID_LEN; k++) b[p + k] = ids[o + k];
    p += ID_LEN;
    b[p++] = 44;
    for (let k = 0, o = ROW[1] * ID_LEN; k < ID_LEN; k++) b[p + k] = ids[o + k];
    p += ID_LEN;
    b[p++] = 44;
    p = putAmt(b, p, ROW[2]);
    p = putBytes(b, p, ROW_TAIL[ROW[3]]);
    if (ROW[4] >= 0) {
      lbuf += `T${idDig.toString('latin1')},${victimId(ROW[4])}\n`;
      ROW[4] = -1;
    }
  }
  CLOCK[0] = prev;
  CLOCK[1] = ties;
  fillEnd = p;
  return i;
}

async function main() {
  const started = process.hrtime.bigint();
  mkdirSync(OUT, { recursive: true });
  const tOut = new Out(join(OUT, 'transfers.csv'), GZIP);
  const lOut = new Out(join(OUT, 'losses.csv'), GZIP);

  if (V > 0) nextVictim(0);
  for (let m = 0; m < nMules; m++) scheduleOwn(m, T0);

  let i = 0;
  let ob = Buffer.allocUnsafe(CHUNK + 1024);
  let op = putBytes(ob, 0, enc('id,ts,from,to,amount,currency,channel\n'));
  while (i < N) {
    i = fill(ob, op, i);
    // the stream keeps the Buffer until written: start a fresh one
    await tOut.write(ob.subarray(0, fillEnd));
    ob = Buffer.allocUnsafe(CHUNK + 1024);
    op = 0;
    if (lbuf.length >= CHUNK) {
      await lOut.write(lbuf);
      lbuf = '';
    }
  }
  await lOut.write(lbuf);
  const closing = [tOut.close(), lOut.close()];

  // accounts.csv, after the run: opening balances include the top-ups made on the way.
  const aOut = new Out(join(OUT, 'accounts.csv'), GZIP);
  let abuf = 'account,opening_balance,kind,institution\n';
  const pMul = coprime(A);
  const pAdd = rint(A);
  for (let k = 0; k < A; k++) {
    const j = (k * pMul + pAdd) % A; // shuffled, so mules and exits are not in a block
    const kind = kindOf[j];
    const inst = kind === K_BANK ? BANKS[bankOf[j]][0] : instOf[j];
    abuf += `${idOf(j)},${listed[j] ? fmtAmt(open[j]) : ''},${KIND[kind]},${inst}\n`;
    if (abuf.length >= CHUNK) {
      await aOut.write(abuf);
      abuf = '';
    }
  }
  await aOut.write(abuf);
  closing.push(aOut.close());
  await Promise.all(closing);

  const secs = Number(process.hrtime.bigint() - started) / 1e9;
  const fraudRows = stats.loss + stats.mule;
  const pct = (n) => ((100 * n) / N).toFixed(2);
  process.stderr.write(
    `gen-transfers: ${N} transfers (${pct(stats.background)}% background, ` +
      `${pct(fraudRows)}% fraud: ${stats.loss} losses + ${stats.mule} mule payments ` +
      `[from level 1/2/3: ${byLevel.slice(1).join('/')}; ${stats.toExit} into exits], ` +
      `${stats.ownIn + stats.ownOut} mules' own), ${victimsStarted} victims, ${nMules} mules ` +
      `in ${rings.length} rings, ${nExits} exit accounts, ${A} accounts, ${CLOCK[1]} ties; ` +
      `${(tOut.bytes / 1e6).toFixed(1)} MB of transfers in ${secs.toFixed(2)} s ` +
      `(${Math.round(N / secs)} rows/s)\n`,
  );
  if (stats.loss < lossesPlanned || victimsStarted < V) {
    process.stderr.write(
      `gen-transfers: warning: only ${stats.loss} of ${lossesPlanned} planned losses ` +
        `(${victimsStarted} of ${V} victims) fit in ${N} transfers; raise --transfers\n`,
    );
  }
}

main().catch((e) => {
  process.stderr.write(`gen-transfers: ${e?.stack ?? e}\n`);
  process.exit(1);
});
