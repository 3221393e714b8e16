// What fraudsters say, per fraud type, in Simplified Chinese and English: the first text
// message, the opening of the first call (as a transcript), and the follow-ups that ask for
// the next, larger payment. Placeholders in braces are filled by texts.ts.
import type { FraudType } from './fraud-types.js';

export interface Script {
  readonly sms: readonly string[];
  readonly call: readonly string[];
  readonly follow: readonly string[];
}

export interface FraudTexts {
  readonly zh: Script;
  readonly en: Script;
  /** Brand or organisation names the scripts impersonate. */
  readonly brands: { readonly zh: readonly string[]; readonly en: readonly string[] };
  /** Domains for links: lookalikes and throwaways (`{n}` becomes a number). */
  readonly domains: readonly string[];
}

export const FRAUD_TEXTS: Readonly<Record<FraudType, FraudTexts>> = {
  order_brushing: {
    zh: {
      sms: [
        '【兼职招聘】在家动动手指日赚300-800元，点赞关注即可领佣金，当日结算。详询：{link}',
        '您好，我们是{brand}商家，招聘线上刷单员，垫付{amount}元返佣金15%，秒返。下载APP：{link}',
        '宝妈学生党福利：手机做任务，一单一结，日入500+。加QQ {qq} 或点击 {link}',
        '【{brand}】您已被选为体验官，完成3单任务即可获得{amount}元返利，立即参与 {link}',
      ],
      call: [
        '你好，我们这边是{brand}的招聘专员，现在有个线上兼职，帮商家刷单提升销量，每单返佣金，你有兴趣了解一下吗？',
        '您好，看到您在网上投递了兼职简历，我们这边做点赞任务，一单三块钱，做多少结多少。',
      ],
      follow: [
        '亲，您的任务单卡单了，需要再完成一组联单{amount}元才能一起提现哦，系统规定。',
        '老师提醒：第三单为连环任务，需垫付{amount}元，完成后本金加佣金一次性返还。',
        '您操作超时，账户已被冻结，需充值{amount}元激活账户才能提现。',
      ],
    },
    en: {
      sms: [
        '[Part-time job] Earn 300-800 a day from your phone: like and follow products, paid the same day. Start here: {link}',
        'Hi! {brand} is hiring online order reviewers. Advance {amount} and get a 15% commission back instantly. App: {link}',
        'You were selected as a {brand} product tester. Complete 3 tasks to receive a {amount} rebate: {link}',
      ],
      call: [
        'Hello, I am a recruiter for {brand}. We have an online part-time job boosting shop sales, paid per order. Are you interested?',
        'Hi, we saw your CV on a job site. The job is simple tasks on your phone, three yuan per task, paid daily.',
      ],
      follow: [
        'Your task is stuck in a combo order. Complete one more order of {amount} to withdraw everything, system rule.',
        'Reminder from your mentor: task 3 requires an advance of {amount}; principal and commission are returned together.',
      ],
    },
    brands: { zh: ['淘宝', '拼多多', '抖音', '京东'], en: ['Taobao', 'Pinduoduo', 'Douyin', 'JD'] },
    domains: ['tb-task{n}.top', 'pdd-fanli{n}.xyz', 'dy-dianzan{n}.cc', 'jd-jianzhi{n}.vip'],
  },
  fake_investment: {
    zh: {
      sms: [
        '【{brand}】内部牛股群开放，导师每日推荐涨停股，本周已盈利37%，限时免费入群：{link}',
        '您好，我是{brand}的投资顾问，平台推出高收益理财，年化收益28%，保本保息，详情{link}',
        '数字货币量化交易，AI自动套利，日收益2%-5%，注册即送体验金：{link}',
      ],
      call: [
        '您好，我是{brand}的分析师，我们有一个股票交流群，老师每天免费讲课，带大家抓涨停板，我拉您进群吧？',
        '您好，我们平台现在有一个内部理财名额，收益稳定，很多会员已经翻倍了，您要不要先投一点试试？',
      ],
      follow: [
        '恭喜您的账户已盈利{amount}元！提现前需缴纳20%个人所得税，请转入指定账户。',
        '导师通知：今晚有大行情，建议加仓{amount}元，错过再等一年。',
        '您的账户因操作异常被冻结，需缴纳{amount}元保证金解冻。',
      ],
    },
    en: {
      sms: [
        '[{brand}] Our private stock club is open: daily picks from our mentor, +37% this week. Join free: {link}',
        'Hello, {brand} investment adviser here. Guaranteed 28% a year, capital protected. Details: {link}',
        'AI crypto arbitrage, 2%-5% a day. Register now and get a bonus: {link}',
      ],
      call: [
        "Hello, I'm an analyst with {brand}. Our mentor teaches a free stock class every day and picks winners. Shall I add you to the group?",
        'We have a few places left in an internal wealth product with steady high returns. Would you like to try with a small amount first?',
      ],
      follow: [
        'Congratulations, your account has earned {amount}! Before withdrawal you must pay 20% income tax to the designated account.',
        'Your account was frozen for irregular trading. Pay a {amount} deposit to unfreeze it.',
      ],
    },
    brands: {
      zh: ['鑫盛财富', '华金证券', '国泰优选', '中金量化'],
      en: ['Xinsheng Wealth', 'Huajin Securities', 'Guotai Select', 'CICC Quant Club'],
    },
    domains: ['hjzq-vip{n}.com', 'gt-youxuan{n}.top', 'quant-ai{n}.io', 'xinsheng{n}.vip'],
  },
  fake_loan: {
    zh: {
      sms: [
        '【{brand}】您有一笔{amount}元的贷款额度待领取，无抵押、不查征信、当天放款，点击申请：{link}',
        '急用钱？{brand}秒批秒到，最高20万，日息低至0.02%，申请链接：{link}',
        '尊敬的用户，您的信用良好，已获得{amount}元预授信额度，回复1或点击{link}领取。',
      ],
      call: [
        '您好，这边是{brand}贷款中心，看到您之前有借款需求，我们这边不看征信，最快半小时到账，您需要多少？',
        '您好，您申请的贷款已经审批通过了，需要先验证一下您的还款能力。',
      ],
      follow: [
        '您的银行卡号填写错误导致资金冻结，需缴纳{amount}元解冻金，解冻后连同贷款一并退还。',
        '放款前需缴纳{amount}元保险费/保证金，证明您有还款能力。',
      ],
    },
    en: {
      sms: [
        '[{brand}] A loan of {amount} is waiting for you: no collateral, no credit check, same-day payout. Apply: {link}',
        'Need cash fast? {brand} approves in seconds, up to 200,000. Apply here: {link}',
      ],
      call: [
        "Hello, this is the {brand} loan centre. We don't check credit and pay within thirty minutes. How much do you need?",
        'Hello, your loan application has been approved. We first need to verify that you can repay.',
      ],
      follow: [
        'Your card number was entered incorrectly and the loan is frozen. Pay an unfreezing fee of {amount}; it will be refunded with the loan.',
        'Before payout you must pay a {amount} insurance deposit to prove you can repay.',
      ],
    },
    brands: {
      zh: ['京东金条', '微粒贷', '360借条', '速贷通'],
      en: ['JD Credit', 'WeLoan', '360 Loan', 'QuickLoan'],
    },
    domains: ['jdjt-loan{n}.cc', 'weilidai{n}.top', '360jt-app{n}.com', 'sudai{n}.xyz'],
  },
  fake_customer_service: {
    zh: {
      sms: [
        '【{brand}】您购买的商品因质检不合格已被召回，我们将为您办理三倍理赔，请联系客服{phone}。',
        '【{brand}】您的快递在运输中丢失，为您办理理赔{amount}元，请点击{link}填写信息。',
        '尊敬的会员，您开通的{brand}百万保障服务即将扣费，如需取消请致电{phone}。',
      ],
      call: [
        '您好，我是{brand}客服，您之前开通了会员服务，如果不取消每个月会自动扣费800元，影响征信，我来帮您取消。',
        '您好，这里是{brand}物流理赔中心，您的包裹丢失了，我们给您双倍赔偿，需要您配合操作一下。',
      ],
      follow: [
        '请您按照操作把钱转到我们的安全核验账户，核验完成后{amount}元会原路退回。',
        '系统显示您的操作未成功，需要再转入{amount}元进行二次核验。',
      ],
    },
    en: {
      sms: [
        '[{brand}] An item you bought failed a quality check and was recalled. We will refund three times its price: call {phone}.',
        '[{brand}] Your parcel was lost in transit. Claim your {amount} compensation: {link}',
      ],
      call: [
        'Hello, this is {brand} customer service. You signed up for a membership that will charge 800 a month and hurt your credit score unless cancelled. I can cancel it for you.',
        'Hello, {brand} claims centre here. Your parcel was lost and we will compensate you double; I just need you to follow a few steps.',
      ],
      follow: [
        'Please transfer the money to our verification account as instructed; the {amount} will be returned after verification.',
        'The system shows the operation failed. Please transfer {amount} again for a second verification.',
      ],
    },
    brands: {
      zh: ['淘宝', '京东', '顺丰速运', '抖音商城'],
      en: ['Taobao', 'JD', 'SF Express', 'Douyin Mall'],
    },
    // the second one starts with a Cyrillic "а": a mixed-script lookalike
    domains: [
      'taobao-refund{n}.help',
      'tаobao-service{n}.com',
      'sf-lipei{n}.com',
      'jd-kefu{n}.cn.com',
    ],
  },
  impersonate_police: {
    zh: {
      sms: [
        '【{city}市公安局】您涉嫌一起洗钱案件（案号{case}），请立即联系办案民警{phone}，逾期将冻结您名下所有账户。',
        '您的身份证信息被冒用开户，涉嫌非法集资，请查看通缉令 {link} 并配合调查。',
      ],
      call: [
        '你好，这里是{city}市公安局刑侦支队，你名下的一张银行卡涉嫌一起洗钱案件，现在要对你进行调查，请不要挂电话。',
        '您好，我是{city}市检察院的工作人员，您涉嫌一宗非法集资案，需要您配合进行资金清查。',
        '这里是国家医保局，您的医保卡在外地被违规使用，现在给您转接{city}市公安局。',
      ],
      follow: [
        '为证明你的清白，需要把名下资金转入国家安全账户进行审查，审查完毕后{amount}元将全额退还，此事必须保密。',
        '你的资金清查未通过，需要再转入{amount}元保证金。',
      ],
    },
    en: {
      sms: [
        '[{city} Public Security Bureau] You are suspected in a money laundering case ({case}). Call officer {phone} now or all your accounts will be frozen.',
        'Your ID was used to open accounts for illegal fundraising. See the arrest warrant at {link} and cooperate with the investigation.',
      ],
      call: [
        'This is the criminal police of {city}. A bank card in your name is involved in a money laundering case. Do not hang up; this call is recorded.',
        'Hello, this is the {city} procuratorate. You are suspected in an illegal fundraising case and must cooperate with a review of your funds.',
      ],
      follow: [
        'To prove your innocence, move your funds to the national safe account for review. The {amount} will be returned in full after the review. Tell no one.',
        'Your funds did not pass the review. Transfer a further {amount} as a guarantee or a warrant will be issued today.',
      ],
    },
    brands: {
      zh: ['北京', '上海', '广州', '深圳', '成都', '重庆', '武汉', '杭州'],
      en: [
        'Beijing',
        'Shanghai',
        'Guangzhou',
        'Shenzhen',
        'Chengdu',
        'Chongqing',
        'Wuhan',
        'Hangzhou',
      ],
    },
    domains: ['gaj-gov-cn{n}.org', '110-anquan{n}.net', 'spp-gov{n}.cc'],
  },
  money_recovery: {
    zh: {
      sms: [
        '【反诈中心】您此前被骗的资金已追回部分，请联系{phone}办理退赔手续。',
        '专业追损团队，网络被骗资金快速追回，成功后再收费，咨询：{link}',
        '您在{brand}平台的亏损符合退赔条件，可申请退还{amount}元，请点击{link}登记。',
      ],
      call: [
        '您好，我是{city}市反诈中心的，您之前被骗的案子有进展了，追回了一部分钱，需要核实一下您的信息。',
        '您好，我们是律师事务所的，专门帮被骗的人追回损失，您的案子我们可以接。',
      ],
      follow: [
        '退赔前需要缴纳{amount}元手续费/保证金，资金将在24小时内退回您的账户。',
        '您的退赔款已到账但被银行风控拦截，需缴纳{amount}元解冻。',
      ],
    },
    en: {
      sms: [
        '[Anti-fraud Centre] Part of the money you lost has been recovered. Call {phone} to claim your refund.',
        'Lost money to an online scam? Our recovery team gets it back, pay only on success: {link}',
      ],
      call: [
        "Hello, I'm calling from the {city} anti-fraud centre. There is progress on your case; we recovered part of your money and need to verify your details.",
        'Hello, we are a law firm that helps scam victims get their money back. We can take your case.',
      ],
      follow: [
        'Before the refund you must pay a {amount} handling fee; the money will reach your account within 24 hours.',
        'Your refund arrived but was stopped by the bank risk check. Pay {amount} to release it.',
      ],
    },
    brands: {
      zh: ['鑫盛财富', '速贷通', '华金证券'],
      en: ['Xinsheng Wealth', 'QuickLoan', 'Huajin Securities'],
    },
    domains: ['fzzx-help{n}.com', 'zhuisun{n}.top', 'recover-fund{n}.org'],
  },
};

/** Cities for scripts that name one (police, recovery). */
export const CITIES = {
  zh: ['北京', '上海', '广州', '深圳', '成都', '重庆', '武汉', '杭州'],
  en: ['Beijing', 'Shanghai', 'Guangzhou', 'Shenzhen', 'Chengdu', 'Chongqing', 'Wuhan', 'Hangzhou'],
};
