// The institutions accounts are held at: banks (with card BINs, service short codes and their
// share of accounts), crypto OTC desks, foreign banks, third-party payment companies.

export interface Bank {
  readonly code: string;
  readonly name: string;
  /** Chinese short name, used in message texts. */
  readonly zh: string;
  readonly bin: string;
  /** SMS short code the bank's notices come from. */
  readonly shortCode: string;
  /** Share of ordinary accounts. */
  readonly weight: number;
  /** Share of accounts bought or rented as mule cards (small banks are over-represented). */
  readonly muleWeight: number;
}

export const BANKS: readonly Bank[] = [
  {
    code: 'ICBC',
    name: 'ICBC',
    zh: '工商银行',
    bin: '622202',
    shortCode: '95588',
    weight: 20,
    muleWeight: 10,
  },
  {
    code: 'CCB',
    name: 'CCB',
    zh: '建设银行',
    bin: '621700',
    shortCode: '95533',
    weight: 17,
    muleWeight: 9,
  },
  {
    code: 'ABC',
    name: 'ABC',
    zh: '农业银行',
    bin: '622848',
    shortCode: '95599',
    weight: 15,
    muleWeight: 12,
  },
  {
    code: 'BOC',
    name: 'BOC',
    zh: '中国银行',
    bin: '621661',
    shortCode: '95566',
    weight: 12,
    muleWeight: 6,
  },
  {
    code: 'CMB',
    name: 'CMB',
    zh: '招商银行',
    bin: '622588',
    shortCode: '95555',
    weight: 10,
    muleWeight: 5,
  },
  {
    code: 'BOCOM',
    name: 'BOCOM',
    zh: '交通银行',
    bin: '622260',
    shortCode: '95559',
    weight: 7,
    muleWeight: 5,
  },
  {
    code: 'PSBC',
    name: 'PSBC',
    zh: '邮储银行',
    bin: '621799',
    shortCode: '95580',
    weight: 7,
    muleWeight: 14,
  },
  {
    code: 'CIB',
    name: 'CIB',
    zh: '兴业银行',
    bin: '622909',
    shortCode: '95561',
    weight: 4,
    muleWeight: 6,
  },
  {
    code: 'SPDB',
    name: 'SPDB',
    zh: '浦发银行',
    bin: '622521',
    shortCode: '95528',
    weight: 4,
    muleWeight: 5,
  },
  {
    code: 'CITIC',
    name: 'CITIC',
    zh: '中信银行',
    bin: '622690',
    shortCode: '95558',
    weight: 4,
    muleWeight: 6,
  },
  {
    code: 'RCB',
    name: 'Rural Commercial Bank',
    zh: '农商银行',
    bin: '623668',
    shortCode: '96068',
    weight: 3,
    muleWeight: 22,
  },
];

export const BANK_WEIGHTS = BANKS.map((b) => b.weight);
export const MULE_BANK_WEIGHTS = BANKS.map((b) => b.muleWeight);

export interface ForeignBank {
  readonly country: string;
  readonly name: string;
  /** Where scam proceeds are wired (true) or where families pay tuition and support (false). */
  readonly scamHub: boolean;
}

export const FOREIGN_BANKS: readonly ForeignBank[] = [
  { country: 'KH', name: 'ABA Bank (KH)', scamHub: true },
  { country: 'MM', name: 'KBZ Bank (MM)', scamHub: true },
  { country: 'PH', name: 'BDO Unibank (PH)', scamHub: true },
  { country: 'LA', name: 'BCEL (LA)', scamHub: true },
  { country: 'HK', name: 'HSBC (HK)', scamHub: true },
  { country: 'US', name: 'Bank of America (US)', scamHub: false },
  { country: 'GB', name: 'Barclays (GB)', scamHub: false },
  { country: 'AU', name: 'Commonwealth Bank (AU)', scamHub: false },
  { country: 'CA', name: 'RBC (CA)', scamHub: false },
  { country: 'SG', name: 'DBS (SG)', scamHub: false },
];

export interface Wallet {
  readonly code: string;
  readonly name: string;
  readonly zh: string;
  /** Share of ordinary wallet top-ups and withdrawals. */
  readonly weight: number;
}

export const WALLETS: readonly Wallet[] = [
  { code: 'ALIPAY', name: 'Alipay', zh: '支付宝', weight: 50 },
  { code: 'WECHATPAY', name: 'WeChat Pay', zh: '微信支付', weight: 42 },
  { code: 'UNIONPAY', name: 'UnionPay QuickPass', zh: '云闪付', weight: 6 },
  // game credit and gift cards: a classic way to move stolen money
  { code: 'GAMECARD', name: 'Game Card Platform', zh: '游戏点卡平台', weight: 2 },
];

export const CRYPTO_DESKS: readonly string[] = [
  'USDT OTC desk A',
  'USDT OTC desk B',
  'Crypto exchange C (offshore)',
  'Crypto exchange D (offshore)',
];
