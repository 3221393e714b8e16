// The fraud types the national statistics report most, and how each one behaves: whom it
// targets, how it makes contact, how many people pay, how much and how often.

export const FRAUD_TYPES = [
  'order_brushing',
  'fake_investment',
  'fake_loan',
  'fake_customer_service',
  'impersonate_police',
  'money_recovery',
] as const;
export type FraudType = (typeof FRAUD_TYPES)[number];

export interface FraudProfile {
  readonly type: FraudType;
  /** Share of campaigns of this type. */
  readonly weight: number;
  /** Share of targets in each age band (18-29, 30-44, 45-59, 60-74, 75+). */
  readonly ages: readonly number[];
  /** Share of first contacts that are text messages (the rest are calls). */
  readonly sms: number;
  /** Multiplies `--pay-rate` for this type. */
  readonly payFactor: number;
  /** Weights of paying 1, 2, 3... times. */
  readonly payments: readonly number[];
  /** First payment in CNY: log-normal median and sigma. */
  readonly firstMedian: number;
  readonly firstSigma: number;
  /** Each next payment is this many times the previous one (uniform in [lo, hi]). */
  readonly rise: readonly [number, number];
  /** Hours from first contact to first payment, log-uniform, times `--time-scale`. */
  readonly firstDelay: readonly [number, number];
  /** Hours between payments, log-uniform, times `--time-scale`. */
  readonly gap: readonly [number, number];
  /** Caller number kinds: virtual, spoofed, international. */
  readonly callers: readonly [number, number, number];
  /** Share of payments made through a payment wallet (QR code) rather than a bank transfer. */
  readonly wallet: number;
  /** Upper bound of one victim's total payments, CNY. */
  readonly cap: number;
}

export const PROFILES: Readonly<Record<FraudType, FraudProfile>> = {
  order_brushing: {
    type: 'order_brushing',
    weight: 30,
    ages: [0.45, 0.35, 0.15, 0.04, 0.01],
    sms: 0.8,
    payFactor: 1.6,
    payments: [20, 25, 22, 15, 10, 8],
    firstMedian: 300,
    firstSigma: 0.7,
    rise: [1.5, 3],
    firstDelay: [0.2, 3],
    gap: [0.2, 30],
    callers: [0.6, 0.1, 0.3],
    wallet: 0.5,
    cap: 500_000,
  },
  fake_investment: {
    type: 'fake_investment',
    weight: 20,
    ages: [0.1, 0.33, 0.37, 0.17, 0.03],
    sms: 0.6,
    payFactor: 0.9,
    payments: [20, 24, 22, 16, 10, 8],
    firstMedian: 10_000,
    firstSigma: 0.9,
    rise: [1.2, 2],
    firstDelay: [24, 168],
    gap: [12, 120],
    callers: [0.5, 0.1, 0.4],
    wallet: 0.1,
    cap: 2_000_000,
  },
  fake_loan: {
    type: 'fake_loan',
    weight: 17,
    ages: [0.35, 0.45, 0.15, 0.04, 0.01],
    sms: 0.85,
    payFactor: 1.3,
    payments: [40, 35, 17, 8],
    firstMedian: 1_500,
    firstSigma: 0.7,
    rise: [1.2, 2.2],
    firstDelay: [0.2, 4],
    gap: [0.5, 24],
    callers: [0.7, 0.1, 0.2],
    wallet: 0.4,
    cap: 200_000,
  },
  fake_customer_service: {
    type: 'fake_customer_service',
    weight: 15,
    ages: [0.28, 0.35, 0.22, 0.12, 0.03],
    sms: 0.3,
    payFactor: 1.0,
    payments: [60, 30, 10],
    firstMedian: 8_000,
    firstSigma: 1.0,
    rise: [1, 1.8],
    firstDelay: [0.1, 1],
    gap: [0.2, 6],
    callers: [0.3, 0.5, 0.2],
    wallet: 0.2,
    cap: 1_000_000,
  },
  impersonate_police: {
    type: 'impersonate_police',
    weight: 10,
    ages: [0.08, 0.15, 0.25, 0.35, 0.17],
    sms: 0.15,
    payFactor: 0.8,
    payments: [45, 30, 15, 10],
    firstMedian: 50_000,
    firstSigma: 1.0,
    rise: [1, 2],
    firstDelay: [0.3, 6],
    gap: [2, 48],
    callers: [0.1, 0.7, 0.2],
    wallet: 0,
    cap: 5_000_000,
  },
  money_recovery: {
    type: 'money_recovery',
    weight: 8,
    ages: [0.2, 0.3, 0.3, 0.15, 0.05],
    sms: 0.6,
    payFactor: 1.0,
    payments: [55, 35, 10],
    firstMedian: 3_000,
    firstSigma: 0.8,
    rise: [1.2, 2],
    firstDelay: [1, 48],
    gap: [2, 48],
    callers: [0.5, 0.2, 0.3],
    wallet: 0.3,
    cap: 300_000,
  },
};

/** Earlier victims are this many times likelier to pay a money-recovery scam. */
export const REPEAT_VICTIM_FACTOR = 12;
/** A protected person who is reached pays this many times more often (and an elderly one 1.2). */
export const PROTECTED_PAY_FACTOR = 1.8;
export const ELDERLY_PAY_FACTOR = 1.2;
/** No campaign converts more than this share of the people it reaches. */
export const MAX_PAY_PROBABILITY = 0.9;
/**
 * Campaigns starting per 30 days. Gangs work nationwide, so a sample of the population sees
 * about as many campaigns whatever its size, each reaching its share of the sample.
 */
export const CAMPAIGNS_PER_30_DAYS = 12;
/** Fewer campaigns when each would reach fewer people than this. */
export const MIN_CONTACTS_PER_CAMPAIGN = 100;
