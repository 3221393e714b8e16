// Planning the fraud campaigns of a run: how many (from the fraud rate), of which type, when,
// how hard each one pushes, which numbers and domains it uses and which mule network launders
// its money (a new one, or with `--mule-reuse` one that other campaigns use too).
import { DAY } from './calendar.js';
import {
  CAMPAIGNS_PER_30_DAYS,
  FRAUD_TYPES,
  type FraudProfile,
  type FraudType,
  MIN_CONTACTS_PER_CAMPAIGN,
  PROFILES,
} from './fraud-types.js';
import { type CallerKind, type CallerRoute, fraudNumber, routeOf } from './ids.js';
import type { SimulateOptions } from './options.js';
import type { Rng } from './random.js';
import type { MuleNetworks } from './rings.js';
import { campaignDomains } from './texts.js';

export interface Caller {
  readonly number: string;
  readonly kind: CallerKind;
  readonly route: CallerRoute;
}

export interface CampaignStats {
  targets: number;
  victims: number;
  payments: number;
  /** Minor units. */
  lost: number;
}

export interface Campaign {
  readonly index: number;
  readonly type: FraudType;
  readonly profile: FraudProfile;
  /** First and last-plus-one simulated day (the end may lie beyond the run). */
  readonly startDay: number;
  readonly endDay: number;
  /** Expected people contacted per day while it runs. */
  readonly perDay: number;
  readonly ring: number;
  readonly callers: readonly Caller[];
  readonly domains: readonly string[];
  /** The brand (or city) its scripts name. */
  readonly brand: number;
  readonly stats: CampaignStats;
}

const CALLER_KINDS: readonly CallerKind[] = ['virtual', 'spoofed', 'international'];

/** The order of types: every type once (shuffled) when there are enough campaigns, then by weight. */
function typeSequence(n: number, rng: Rng): FraudType[] {
  const out: FraudType[] = [];
  if (n >= FRAUD_TYPES.length) {
    const all = [...FRAUD_TYPES];
    for (let i = all.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [all[i], all[j]] = [all[j]!, all[i]!];
    }
    out.push(...all);
  }
  const weights = FRAUD_TYPES.map((t) => PROFILES[t].weight);
  while (out.length < n) out.push(FRAUD_TYPES[rng.weighted(weights)]!);
  return out;
}

export function planCampaigns(options: SimulateOptions, rings: MuleNetworks, rng: Rng): Campaign[] {
  const days = options.days;
  const contacts = (options.people * options.fraudRate * days) / 30;
  if (contacts <= 0) return [];
  const n = Math.max(
    1,
    Math.min(
      Math.round((CAMPAIGNS_PER_30_DAYS * days) / 30),
      Math.floor(contacts / MIN_CONTACTS_PER_CAMPAIGN),
    ),
  );
  const types = typeSequence(n, rng);
  const drafts = types.map((type, index) => {
    const length = Math.max(1, Math.round(rng.logNormal(10, 0.5) * options.timeScale));
    // money-recovery scams need earlier victims: they start once others have been running
    const earliest = type === 'money_recovery' ? Math.min(days - 1, Math.floor(days / 4)) : 0;
    const startDay = earliest + rng.int(days - earliest);
    return { type, index, startDay, endDay: startDay + length, weight: rng.logNormal(1, 0.5) };
  });
  const totalWeight = drafts.reduce((s, d) => s + d.weight, 0);
  return drafts.map((d) => {
    const profile = PROFILES[d.type];
    const ring =
      rings.rings.length > 0 && rng.chance(options.muleReuse)
        ? rng.int(rings.rings.length)
        : rings.create();
    const callers = Array.from({ length: 3 + rng.int(10) }, (_, i) => {
      const kind = CALLER_KINDS[rng.weighted(profile.callers)]!;
      return { number: fraudNumber(kind, d.index * 16 + i), kind, route: routeOf(kind) };
    });
    const inWindow = Math.min(d.endDay, days) - d.startDay;
    return {
      index: d.index,
      type: d.type,
      profile,
      startDay: d.startDay,
      endDay: d.endDay,
      perDay: (contacts * d.weight) / totalWeight / inWindow,
      ring,
      callers,
      domains: campaignDomains(d.type, d.index, rng),
      brand: rng.int(8),
      stats: { targets: 0, victims: 0, payments: 0, lost: 0 },
    };
  });
}

/** Start of a campaign's first day, in epoch seconds. */
export const campaignStart = (c: Campaign, start: number): number => start + c.startDay * DAY;
