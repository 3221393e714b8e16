// Ordinary traffic, in Simplified Chinese and English: verification codes, delivery notices,
// bank notices, family messages and calls, and shop marketing (spam, but not fraud).

export interface Service {
  readonly zh: string;
  readonly en: string;
  /** Short code the service's messages come from. */
  readonly code: string;
}

export const VERIFY_SERVICES: readonly Service[] = [
  { zh: '淘宝', en: 'Taobao', code: '106575160001' },
  { zh: '微信', en: 'WeChat', code: '106575000201' },
  { zh: '支付宝', en: 'Alipay', code: '106980095188' },
  { zh: '美团', en: 'Meituan', code: '106906151110' },
  { zh: '京东', en: 'JD', code: '106927995118' },
  { zh: '铁路12306', en: '12306 Rail', code: '12306' },
  { zh: '滴滴出行', en: 'DiDi', code: '106915022110' },
];

export const VERIFY = {
  zh: [
    '【{service}】验证码{code}，5分钟内有效，请勿泄露给他人。',
    '【{service}】您正在登录，验证码{code}。如非本人操作，请忽略本短信。',
    '【{service}】您的验证码是{code}，用于身份验证，切勿告诉他人。',
  ],
  en: [
    '[{service}] Your verification code is {code}. Valid for 5 minutes. Do not share it.',
    '[{service}] {code} is your login code. If this was not you, ignore this message.',
  ],
};

export const CARRIERS: readonly (Service & { readonly domain: string })[] = [
  { zh: '顺丰速运', en: 'SF Express', code: '95338', domain: 'www.sf-express.com' },
  { zh: '菜鸟驿站', en: 'Cainiao', code: '106550101955', domain: 'm.cainiao.com' },
  { zh: '京东物流', en: 'JD Logistics', code: '950616', domain: 'www.jdl.com' },
  { zh: '中通快递', en: 'ZTO Express', code: '95311', domain: 'www.zto.com' },
];

export const DELIVERY = {
  zh: [
    '【{service}】您的快件{tracking}已到达{place}，凭取件码{code}取件。',
    '【{service}】您的包裹正在派送中，快递员将于今天送达，查看详情 {link}',
    '【{service}】您有包裹已放入{place}，取件码{code}，请及时领取。',
  ],
  en: [
    '[{service}] Parcel {tracking} has arrived at {place}. Pickup code {code}.',
    '[{service}] Your parcel is out for delivery today. Track it at {link}',
  ],
};

export const PLACES = {
  zh: ['小区东门驿站', '3号楼快递柜', '学校菜鸟驿站', '公司前台', '丰巢快递柜'],
  en: [
    'the east gate parcel point',
    'locker 3',
    'the campus parcel point',
    'reception',
    'the parcel locker',
  ],
};

export const BANK_NOTICE = {
  zh: '【{bank}】您尾号{last4}的账户{date}{dir}人民币{amount}元。',
  en: '[{bank}] Your account ending {last4}: {dir} CNY {amount} on {date}.',
  credit: { zh: '收入(工资)', en: 'salary credited' },
  debit: { zh: '支出(转账)', en: 'transfer out' },
};

export const FAMILY_SMS = {
  zh: [
    '妈，我周末回家吃饭。',
    '爸，钱收到了，别太省着花。',
    '记得按时吃药，天冷多穿点。',
    '晚上几点到家？给你留饭了。',
    '孩子的学费我转过去了，查收一下。',
    '到家了，放心吧。',
  ],
  en: [
    "Mum, I'll come home for dinner this weekend.",
    'Got the money, thanks Dad.',
    'Remember to take your medicine and dress warmly.',
    'What time will you be home tonight?',
    'Home safe, no need to worry.',
  ],
};

export const FAMILY_CALL = {
  zh: ['喂，妈，吃饭了吗？', '爸，我下周回去看你们。', '喂，到家了没有？', '最近身体怎么样？'],
  en: [
    'Hi Mum, have you eaten?',
    "Dad, I'll visit next week.",
    'Hey, are you home yet?',
    'How are you feeling these days?',
  ],
};

export const SHOPS: readonly (Service & { readonly domain: string })[] = [
  { zh: '某东商城', en: 'JD Mall', code: '10690088', domain: 'u.jd.com' },
  { zh: '天猫超市', en: 'Tmall Supermarket', code: '10690512', domain: 'm.tb.cn' },
  { zh: '美团外卖', en: 'Meituan Delivery', code: '10690755', domain: 'dpurl.cn' },
  { zh: '中国移动', en: 'China Mobile', code: '10086', domain: 'dx.10086.cn' },
];

export const MARKETING = {
  zh: [
    '【{service}】会员专享：全场5折起，领券 {link} 退订回T',
    '【{service}】您的积分即将过期，可兑换话费和礼品，详情 {link} 拒收请回复R',
    '【{service}】周末大促，满199减100，点击 {link} 抢购。退订回T',
  ],
  en: [
    '[{service}] Members only: up to 50% off, coupons at {link}. Reply STOP to opt out.',
    '[{service}] Your points expire soon; redeem them at {link}. Reply STOP to opt out.',
  ],
};
