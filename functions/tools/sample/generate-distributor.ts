// Generates a realistic, fully deterministic FMCG distributor (快消品经销商): reps, shops, order lines, visits,
// coupons, complaints, plus the ground truth of which customers were planted with which churn pattern. It feeds the
// demo, the fixtures and the backtests, so the same options must always give the same records.

import {
  CATALOGUE,
  type CatalogueItem,
  COMPLAINT_REASONS,
  CUISINES,
  DISTRICTS,
  REP_NAMES,
  SHOP_TYPES,
  SHOP_WORDS,
  type SkuCategory,
  STREETS,
  SURNAMES,
} from './catalogue.ts';
import { createRandom, cumulativeWeights, mixSeed, type SeededRandom } from './random.ts';

/**
 * How every robot key the generator makes starts (`demo-r02`, `demo-s-r02` with an id prefix): the local
 * stack's WeCom receiver accepts any key starting with it, so an imported sample's robots answer too.
 */
export const SAMPLE_ROBOT_KEY_PREFIX = 'demo-';

export type SampleScenario =
  | 'steady'
  | 'decliner'
  | 'churner'
  | 'sku_narrowing'
  | 'new'
  | 'seasonal_gap'
  | 'recovered'
  | 'lapsed'
  | 'paused';

export type SampleOrderStatus = 'placed' | 'cancelled' | 'returned';

export interface GenerateDistributorOptions {
  seed: number;
  customers: number;
  months: number;
  /** YYYY-MM-DD, the last day with data. */
  endDate: string;
}

export interface SampleSku {
  sku: string;
  name: string;
  unitPriceFen: number;
}

export interface SampleRep {
  repId: string;
  name: string;
  role: 'rep' | 'manager';
  /** Empty for the manager. */
  managerId: string;
  channel: 'email' | 'wecom';
  email: string;
  /** Empty unless the channel is wecom. */
  wecomWebhook: string;
  wecomUserid: string;
  locale: 'zh-CN' | 'en';
}

export interface SampleCustomer {
  customerId: string;
  name: string;
  repId: string;
}

export interface SampleOrderLine {
  orderId: string;
  customerId: string;
  orderDate: string;
  /** unitPriceFen × quantity; negative on return documents. */
  amountFen: number;
  sku: string;
  /** Negative on return documents, so the amount stays price × quantity. */
  quantity: number;
  repId: string;
  status: SampleOrderStatus;
}

export interface SampleVisit {
  customerId: string;
  visitDate: string;
  repId: string;
}

export interface SampleCoupon {
  customerId: string;
  issuedAt: string;
  amountFen: number;
}

export interface SampleComplaint {
  customerId: string;
  complaintDate: string;
  reason: string;
}

/**
 * Ground truth. changeDate by scenario: decliner, the day the decline starts; churner, the day after which it
 * places no order (its last order is on or shortly before it); sku_narrowing, the day its range narrows; new, its
 * first order; seasonal_gap, the start of its latest Spring Festival pause; recovered, the day it ordered again
 * after its pause; lapsed, its last order (it stopped for good before the churners' last months); paused, the
 * day it ordered again after a pause of two to five months in mid-history. Empty for steady.
 */
export interface SamplePlanted {
  customerId: string;
  scenario: SampleScenario;
  changeDate: string;
}

export interface SampleDistributor {
  seed: number;
  startDate: string;
  endDate: string;
  skus: SampleSku[];
  reps: SampleRep[];
  customers: SampleCustomer[];
  /** Sorted by order id, which follows the order date; lines of one order are adjacent. */
  orderLines: SampleOrderLine[];
  visits: SampleVisit[];
  coupons: SampleCoupon[];
  complaints: SampleComplaint[];
  planted: SamplePlanted[];
}

/** Chinese New Year's Day (正月初一); the driver of the year's biggest seasonal swing. */
export const SPRING_FESTIVAL_DATES: readonly string[] = [
  '2020-01-25',
  '2021-02-12',
  '2022-02-01',
  '2023-01-22',
  '2024-02-10',
  '2025-01-29',
  '2026-02-17',
  '2027-02-06',
  '2028-01-26',
  '2029-02-13',
  '2030-02-03',
  '2031-01-23',
  '2032-02-11',
  '2033-01-31',
  '2034-02-19',
  '2035-02-08',
];

export const SCENARIO_SHARES: Readonly<Record<Exclude<SampleScenario, 'steady'>, number>> = {
  decliner: 0.08,
  churner: 0.08,
  sku_narrowing: 0.04,
  new: 0.04,
  seasonal_gap: 0.03,
  recovered: 0.03,
  // The shops that left and the shops that paused and came back before the last months: without them the only
  // lapses are the churners at the very end, and the risk model has no history to learn what precedes one.
  // About 3% of the active shops stop each quarter, a usual rate for small FMCG retail.
  lapsed: 0.12,
  paused: 0.05,
};

/** Stocking up before the festival, the shutdown from 除夕 to 初十, and the slow restart after it. */
export const PRE_FESTIVAL_DAYS = 21;
const LULL_FROM = -1;
const LULL_UNTIL = 10;
const POST_LULL_DAYS = 14;

const MS_PER_DAY = 86_400_000;
export const MIN_MONTHS = 6;
export const MAX_MONTHS = 60;
export const MAX_CUSTOMERS = 99_999;

type ShopClass = keyof typeof SHOP_TYPES;
type CadenceKind = 'weekly' | 'biweekly' | 'monthly' | 'irregular';

interface ShopClassProfile {
  share: number;
  /** Median weekly purchases in yuan; spread across shops lognormally. */
  weeklyYuan: number;
  sigma: number;
  lines: readonly [number, number];
  cadence: Readonly<Record<CadenceKind, number>>;
  portfolio: readonly [number, number];
  visitEvery: readonly [number, number];
  couponsPerYear: number;
  couponYuan: readonly [number, number];
  complaintsPerYear: number;
  categoryAffinity: Partial<Record<SkuCategory, number>>;
}

const SHOP_CLASSES: Readonly<Record<ShopClass, ShopClassProfile>> = {
  hypermarket: {
    share: 0.03,
    weeklyYuan: 12_000,
    sigma: 0.55,
    lines: [4, 8],
    cadence: { weekly: 0.7, biweekly: 0.3, monthly: 0, irregular: 0 },
    portfolio: [30, 50],
    visitEvery: [6, 8],
    couponsPerYear: 4,
    couponYuan: [200, 1000],
    complaintsPerYear: 0.8,
    categoryAffinity: { liquor: 1.5, household: 2, oil: 2, grocery: 2 },
  },
  supermarket: {
    share: 0.17,
    weeklyYuan: 2_500,
    sigma: 0.5,
    lines: [2, 6],
    cadence: { weekly: 0.3, biweekly: 0.45, monthly: 0.2, irregular: 0.05 },
    portfolio: [15, 30],
    visitEvery: [10, 14],
    couponsPerYear: 2,
    couponYuan: [50, 300],
    complaintsPerYear: 0.4,
    categoryAffinity: { household: 1.5, oil: 1.5 },
  },
  shop: {
    share: 0.7,
    weeklyYuan: 600,
    sigma: 0.5,
    lines: [1, 4],
    cadence: { weekly: 0.15, biweekly: 0.35, monthly: 0.4, irregular: 0.1 },
    portfolio: [6, 18],
    visitEvery: [14, 28],
    couponsPerYear: 1,
    couponYuan: [20, 100],
    complaintsPerYear: 0.15,
    categoryAffinity: { liquor: 0.5, oil: 0.3, household: 0.5, seasoning: 0.5 },
  },
  restaurant: {
    share: 0.1,
    weeklyYuan: 1_200,
    sigma: 0.5,
    lines: [1, 4],
    cadence: { weekly: 0.4, biweekly: 0.4, monthly: 0.15, irregular: 0.05 },
    portfolio: [6, 14],
    visitEvery: [14, 21],
    couponsPerYear: 1.5,
    couponYuan: [30, 150],
    complaintsPerYear: 0.25,
    categoryAffinity: {
      beer: 3,
      liquor: 2,
      drinks: 1.5,
      seasoning: 3,
      oil: 3,
      noodles: 0.1,
      snacks: 0.1,
      household: 0.05,
      paper: 0.5,
      dairy: 0.3,
    },
  },
};

const SHOP_CLASS_NAMES = Object.keys(SHOP_CLASSES) as ShopClass[];
const CADENCE_KINDS: readonly CadenceKind[] = ['weekly', 'biweekly', 'monthly', 'irregular'];

/** Gaps and declines only read as such against a regular rhythm, so those scenarios avoid irregular buyers. */
const ALLOWED_CADENCES: Readonly<Record<SampleScenario, readonly CadenceKind[]>> = {
  steady: CADENCE_KINDS,
  new: CADENCE_KINDS,
  decliner: ['weekly', 'biweekly', 'monthly'],
  churner: ['weekly', 'biweekly', 'monthly'],
  sku_narrowing: ['weekly', 'biweekly'],
  seasonal_gap: ['weekly', 'biweekly'],
  recovered: ['weekly', 'biweekly'],
  // Irregular shops leave too; their last order still dates the lapse.
  lapsed: CADENCE_KINDS,
  paused: ['weekly', 'biweekly', 'monthly'],
};

/**
 * Lapsed shops stop between this long after the start and the day before the churners' window (20 to 120 days
 * before the end), so the churners stay the ones the digests are about and the lapses lie in the history.
 */
const LAPSE_FROM_START_DAYS = 60;
const LAPSE_BEFORE_END_DAYS = 121;
/** A paused shop's quiet spell, last order to comeback order: two to five months, well inside the history. */
const PAUSE_DAYS: readonly [number, number] = [60, 150];
const PAUSE_MARGIN_DAYS = 45;
/**
 * How much more often a kind of shop lapses: a corner shop or a restaurant closes or changes supplier far more
 * often than a chain store. Likewise infrequent buyers leave more often than weekly ones, as in real purchase
 * logs, so a lapsed shop's rhythm is drawn with LAPSE_CADENCE_TILT on its class's mix.
 */
const LAPSE_WEIGHT: Readonly<Record<ShopClass, number>> = {
  hypermarket: 0.25,
  supermarket: 0.6,
  shop: 1.1,
  restaurant: 1.4,
};
const LAPSE_CADENCE_TILT: Readonly<Record<CadenceKind, number>> = {
  weekly: 0.5,
  biweekly: 0.8,
  monthly: 1.3,
  irregular: 2,
};

// Independent random streams, so e.g. changing how visits are drawn leaves the orders byte-identical.
const STREAM = { setup: 1, plan: 2, orders: 3, visits: 4, coupons: 5, complaints: 6, lapses: 7 } as const;

const Phase = { Normal: 0, PreFestival: 1, Lull: 2, PostLull: 3 } as const;
type Phase = (typeof Phase)[keyof typeof Phase];

interface Calendar {
  startDay: number;
  endDay: number;
  phase: Uint8Array;
  /** For lull days, the first working day after the lull. */
  lullEnd: Int32Array;
  summer: Uint8Array;
  festivals: number[];
  dateText: (day: number) => string;
}

interface Decline {
  from: number;
  to: number;
  floor: number;
  mode: 'size' | 'frequency' | 'both';
}

interface Plan {
  index: number;
  customerId: string;
  name: string;
  repIndex: number;
  shopClass: ShopClass;
  scenario: SampleScenario;
  changeDay: number | null;
  cadence: CadenceKind;
  cadenceDays: number;
  weeklyFen: number;
  festiveBoost: number;
  lines: readonly [number, number];
  portfolio: number[];
  portfolioTotals: number[];
  firstDay: number;
  /** Last day an order may be placed (churners, lapsed). */
  stopDay: number;
  /** Half-open [from, to) spans with no orders; ordering resumes on `to`. */
  pauses: [number, number][];
  /** Place an order on the day before each pause. */
  lastOrderBeforePause: boolean;
  decline: Decline | null;
  narrowFrom: number | null;
  narrowSkus: number[];
}

interface OrderDoc {
  day: number;
  customer: number;
  kind: 0 | 1;
  seq: number;
  status: SampleOrderStatus;
  skus: number[];
  quantities: number[];
}

interface Dated<T> {
  day: number;
  customer: number;
  record: T;
}

export function generateDistributor(options: GenerateDistributorOptions): SampleDistributor {
  const { seed, customers: customerCount, months, endDate } = validate(options);
  const endDay = parseDay(endDate);
  const calendar = buildCalendar(startDayFor(endDay, months), endDay);
  const setup = createRandom(mixSeed(seed, STREAM.setup));

  const reps = buildReps(setup, customerCount);
  const fieldReps = reps.filter((rep) => rep.role === 'rep');
  const repWeights = fieldReps.map(() => setup.uniform(0.6, 1.4));
  const scenarios = assignScenarios(setup, customerCount, calendar);
  const names = new Set<string>();

  const shops: { shopClass: ShopClass; name: string; repIndex: number }[] = [];
  for (let i = 0; i < customerCount; i++) {
    const shopClass = setup.weightedPick(
      SHOP_CLASS_NAMES,
      SHOP_CLASS_NAMES.map((name) => SHOP_CLASSES[name].share),
    );
    const name = shopName(setup, shopClass, names);
    const repIndex = setup.weightedIndex(repWeights);
    shops.push({ shopClass, name, repIndex });
  }
  assignLapsed(
    createRandom(mixSeed(seed, STREAM.lapses)),
    scenarios,
    shops.map((shop) => shop.shopClass),
  );

  const plans = shops.map((shop, i) =>
    planCustomer(createRandom(mixSeed(seed, STREAM.plan, i)), {
      index: i,
      ...shop,
      scenario: scenarios[i] as SampleScenario,
      calendar,
    }),
  );

  const docs: OrderDoc[] = [];
  const visits: Dated<SampleVisit>[] = [];
  const coupons: Dated<SampleCoupon>[] = [];
  const complaints: Dated<SampleComplaint>[] = [];
  for (const plan of plans) {
    const repId = (fieldReps[plan.repIndex] as SampleRep).repId;
    const lastPlaced = generateOrders(
      createRandom(mixSeed(seed, STREAM.orders, plan.index)),
      plan,
      calendar,
      docs,
    );
    // A lapsed shop's change date is its last order: known only once its orders are drawn. Visits, coupons and
    // complaints below follow it.
    if (plan.scenario === 'lapsed' && lastPlaced !== null) plan.changeDay = lastPlaced;
    generateVisits(createRandom(mixSeed(seed, STREAM.visits, plan.index)), plan, calendar, repId, visits);
    generateCoupons(createRandom(mixSeed(seed, STREAM.coupons, plan.index)), plan, calendar, coupons);
    generateComplaints(
      createRandom(mixSeed(seed, STREAM.complaints, plan.index)),
      plan,
      calendar,
      complaints,
    );
  }

  return {
    seed,
    startDate: calendar.dateText(calendar.startDay),
    endDate: calendar.dateText(endDay),
    skus: CATALOGUE.map(({ sku, name, unitPriceFen }) => ({ sku, name, unitPriceFen })),
    reps,
    customers: plans.map((plan) => ({
      customerId: plan.customerId,
      name: plan.name,
      repId: (fieldReps[plan.repIndex] as SampleRep).repId,
    })),
    orderLines: orderLines(docs, plans, fieldReps, calendar),
    visits: sortDated(visits),
    coupons: sortDated(coupons),
    complaints: sortDated(complaints),
    planted: plans.map((plan) => ({
      customerId: plan.customerId,
      scenario: plan.scenario,
      changeDate: plan.changeDay === null ? '' : calendar.dateText(plan.changeDay),
    })),
  };
}

function validate(options: GenerateDistributorOptions): GenerateDistributorOptions {
  const { seed, customers, months, endDate } = options;
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  if (!Number.isInteger(customers) || customers < 1 || customers > MAX_CUSTOMERS) {
    throw new RangeError(`customers must be an integer from 1 to ${MAX_CUSTOMERS}, got ${customers}`);
  }
  // Fewer months leave no room for a churner's history before its silence.
  if (!Number.isInteger(months) || months < MIN_MONTHS || months > MAX_MONTHS) {
    throw new RangeError(`months must be an integer from ${MIN_MONTHS} to ${MAX_MONTHS}, got ${months}`);
  }
  parseDay(endDate);
  return options;
}

export function parseDay(text: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const ms = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : Number.NaN;
  if (!match || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== text) {
    throw new RangeError(`Expected a date as YYYY-MM-DD, got "${text}"`);
  }
  return ms / MS_PER_DAY;
}

function formatDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** The day after the same calendar day `months` earlier, so the range covers exactly that many months. */
function startDayFor(endDay: number, months: number): number {
  const end = new Date(endDay * MS_PER_DAY);
  const year = end.getUTCFullYear();
  const month = end.getUTCMonth() - months;
  const lastOfMonth = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return Date.UTC(year, month, Math.min(end.getUTCDate(), lastOfMonth)) / MS_PER_DAY + 1;
}

function buildCalendar(startDay: number, endDay: number): Calendar {
  const length = endDay - startDay + 1;
  const phase = new Uint8Array(length);
  const lullEnd = new Int32Array(length);
  const summer = new Uint8Array(length);
  const text: string[] = [];
  for (let i = 0; i < length; i++) {
    const date = formatDay(startDay + i);
    text.push(date);
    const month = date.slice(5, 7);
    summer[i] = month === '06' || month === '07' || month === '08' ? 1 : 0;
  }
  const festivals = SPRING_FESTIVAL_DATES.map(parseDay).filter(
    (day) => day + POST_LULL_DAYS + LULL_UNTIL >= startDay && day - PRE_FESTIVAL_DAYS <= endDay,
  );
  const mark = (from: number, to: number, value: Phase): void => {
    for (let day = Math.max(from, startDay); day < Math.min(to, endDay + 1); day++) {
      phase[day - startDay] = value;
      if (value === Phase.Lull) lullEnd[day - startDay] = to;
    }
  };
  for (const festival of festivals) {
    mark(festival - PRE_FESTIVAL_DAYS, festival + LULL_FROM, Phase.PreFestival);
    mark(festival + LULL_FROM, festival + LULL_UNTIL, Phase.Lull);
    mark(festival + LULL_UNTIL, festival + LULL_UNTIL + POST_LULL_DAYS, Phase.PostLull);
  }
  return {
    startDay,
    endDay,
    phase,
    lullEnd,
    summer,
    festivals,
    dateText: (day) => text[day - startDay] ?? formatDay(day),
  };
}

function buildReps(random: SeededRandom, customerCount: number): SampleRep[] {
  // About one rep per 350 shops, within the 3 to 6 a single-city distributor typically runs.
  const repCount = Math.min(6, Math.max(3, Math.ceil(customerCount / 350)));
  const people = random.shuffle([...REP_NAMES]).slice(0, repCount + 1);
  const [managerName, managerPinyin] = people[0] as readonly [string, string];
  const manager: SampleRep = {
    repId: 'M01',
    name: managerName,
    role: 'manager',
    managerId: '',
    channel: 'email',
    email: 'm01@example.com',
    wecomWebhook: '',
    wecomUserid: managerPinyin,
    locale: 'zh-CN',
  };
  const reps = people.slice(1).map(([name, pinyin], i): SampleRep => {
    const id = `r${String(i + 1).padStart(2, '0')}`;
    const wecom = i % 2 === 1;
    return {
      repId: id.toUpperCase(),
      name,
      role: 'rep',
      managerId: manager.repId,
      channel: wecom ? 'wecom' : 'email',
      email: `${id}@example.com`,
      wecomWebhook: wecom
        ? `http://127.0.0.1:8790/cgi-bin/webhook/send?key=${SAMPLE_ROBOT_KEY_PREFIX}${id}`
        : '',
      wecomUserid: wecom ? pinyin : '',
      // One rep reads English, so both digest languages show up in every demo.
      locale: i === 2 ? 'en' : 'zh-CN',
    };
  });
  return [...reps, manager];
}

function assignScenarios(random: SeededRandom, count: number, calendar: Calendar): SampleScenario[] {
  const scenarios: SampleScenario[] = new Array<SampleScenario>(count).fill('steady');
  const order = random.shuffle(Array.from({ length: count }, (_, i) => i));
  let next = 0;
  for (const [scenario, share] of Object.entries(SCENARIO_SHARES) as [SampleScenario, number][]) {
    // A seasonal gap needs a Spring Festival well inside the range; without one those shops stay steady.
    if (scenario === 'seasonal_gap' && seasonalFestivals(calendar).length === 0) continue;
    // Who lapses depends on the kind of shop, known only later (assignLapsed).
    if (scenario === 'lapsed') continue;
    const quota = Math.round(count * share);
    for (let k = 0; k < quota && next < count; k++) scenarios[order[next++] as number] = scenario;
  }
  return scenarios;
}

/**
 * Turns SCENARIO_SHARES.lapsed of all shops, chosen from the steady ones, into lapsed shops, small shops and
 * restaurants far more often than chains (weighted sampling without replacement: the largest u^(1/weight)).
 */
function assignLapsed(
  random: SeededRandom,
  scenarios: SampleScenario[],
  classes: readonly ShopClass[],
): void {
  const keyed = scenarios.flatMap((scenario, i) => {
    const key = Math.log(1 - random.next()) / LAPSE_WEIGHT[classes[i] as ShopClass];
    return scenario === 'steady' ? [{ i, key }] : [];
  });
  keyed.sort((a, b) => b.key - a.key || a.i - b.i);
  const quota = Math.round(scenarios.length * SCENARIO_SHARES.lapsed);
  for (const { i } of keyed.slice(0, quota)) scenarios[i] = 'lapsed';
}

function seasonalFestivals(calendar: Calendar): number[] {
  return calendar.festivals.filter(
    (day) => day - PRE_FESTIVAL_DAYS - 30 >= calendar.startDay && day + 60 <= calendar.endDay,
  );
}

function shopName(random: SeededRandom, shopClass: ShopClass, used: Set<string>): string {
  const types = SHOP_TYPES[shopClass];
  for (let attempt = 0; attempt < 30; attempt++) {
    const type = random.pick(types);
    const roll = random.next();
    let name: string;
    if (shopClass === 'hypermarket') {
      name =
        roll < 0.6
          ? `${random.pick(SHOP_WORDS)}${type}(${random.pick(STREETS)}店)`
          : random.pick(SHOP_WORDS) + type;
    } else if (shopClass === 'supermarket') {
      if (roll < 0.4) name = random.pick(SHOP_WORDS) + type;
      else if (roll < 0.7) name = random.pick(DISTRICTS) + random.pick(SHOP_WORDS) + type;
      else if (roll < 0.85) name = `${random.pick(SURNAMES)}记${type}`;
      else name = `${random.pick(SHOP_WORDS)}${type}(${random.pick(STREETS)}店)`;
    } else if (shopClass === 'shop') {
      if (roll < 0.3) name = `${random.pick(SURNAMES)}记${type}`;
      else if (roll < 0.6) name = random.pick(SHOP_WORDS) + type;
      else if (roll < 0.75) name = `老${random.pick(SURNAMES)}${type}`;
      else name = random.pick(DISTRICTS) + random.pick(SHOP_WORDS) + type;
    } else {
      if (roll < 0.35) name = `${random.pick(SURNAMES)}记${type}`;
      else if (roll < 0.6) name = `老${random.pick(SURNAMES)}家${type}`;
      else if (roll < 0.8) name = random.pick(CUISINES) + type;
      else name = random.pick(DISTRICTS) + random.pick(CUISINES) + type;
    }
    if (!used.has(name)) {
      used.add(name);
      return name;
    }
  }
  // Only reached for very large customer counts; a numbered branch keeps names unique.
  const base = random.pick(SHOP_WORDS) + random.pick(types);
  let n = 2;
  while (used.has(`${base}${n}号店`)) n++;
  used.add(`${base}${n}号店`);
  return `${base}${n}号店`;
}

interface PlanInput {
  index: number;
  name: string;
  shopClass: ShopClass;
  scenario: SampleScenario;
  repIndex: number;
  calendar: Calendar;
}

function planCustomer(random: SeededRandom, input: PlanInput): Plan {
  const { index, name, shopClass, scenario, repIndex, calendar } = input;
  const { startDay, endDay } = calendar;
  const profile = SHOP_CLASSES[shopClass];

  const allowed = ALLOWED_CADENCES[scenario];
  const cadenceWeights = allowed.map(
    (kind) => profile.cadence[kind] * (scenario === 'lapsed' ? LAPSE_CADENCE_TILT[kind] : 1),
  );
  const cadence = cadenceWeights.some((w) => w > 0) ? random.weightedPick(allowed, cadenceWeights) : 'weekly';
  const cadenceDays =
    cadence === 'weekly'
      ? 7
      : cadence === 'biweekly'
        ? 14
        : cadence === 'monthly'
          ? random.int(28, 31)
          : random.int(18, 40);

  let lines = profile.lines;
  let portfolioSize = random.int(profile.portfolio[0], profile.portfolio[1]);
  if (scenario === 'sku_narrowing') {
    // Narrowing from two SKUs to one says nothing; give these shops a broad range to lose.
    lines = [Math.max(3, lines[0]), Math.max(6, lines[1])];
    portfolioSize = Math.max(portfolioSize, 14);
  }
  const { portfolio, totals } = pickPortfolio(random, profile, portfolioSize);

  const plan: Plan = {
    index,
    customerId: `C${String(index + 1).padStart(5, '0')}`,
    name,
    repIndex,
    shopClass,
    scenario,
    changeDay: null,
    cadence,
    cadenceDays,
    weeklyFen: profile.weeklyYuan * 100 * random.logNormal(0, profile.sigma),
    festiveBoost: random.uniform(1.4, 2),
    lines,
    portfolio,
    portfolioTotals: totals,
    firstDay: startDay + random.int(0, Math.min(cadenceDays, 45) - 1),
    stopDay: endDay,
    pauses: [],
    lastOrderBeforePause: false,
    decline: null,
    narrowFrom: null,
    narrowSkus: [],
  };

  switch (scenario) {
    case 'steady':
      // Some shops were signed up during the period; late enough to have a history, never "new".
      if (endDay - 180 > startDay + 30 && random.chance(0.08))
        plan.firstDay = random.int(startDay + 30, endDay - 180);
      break;
    case 'decliner':
      plan.changeDay = endDay - random.int(60, 120);
      plan.decline = {
        from: plan.changeDay,
        to: endDay,
        floor: random.uniform(0.05, 0.3),
        mode: random.weightedPick(['size', 'frequency', 'both'] as const, [0.4, 0.25, 0.35]),
      };
      break;
    case 'churner':
      plan.changeDay = endDay - random.int(20, 120);
      plan.stopDay = plan.changeDay;
      if (random.chance(0.4)) {
        plan.decline = {
          from: plan.changeDay - random.int(30, 60),
          to: plan.changeDay,
          floor: random.uniform(0.3, 0.6),
          mode: random.weightedPick(['size', 'frequency', 'both'] as const, [0.4, 0.25, 0.35]),
        };
      }
      break;
    case 'sku_narrowing': {
      plan.changeDay = endDay - random.int(50, 70);
      plan.narrowFrom = plan.changeDay;
      const keep = random.int(2, 3);
      const chosen = new Set<number>();
      while (chosen.size < keep) chosen.add(portfolio[random.cumulativeIndex(totals)] as number);
      plan.narrowSkus = [...chosen];
      break;
    }
    case 'new':
      plan.changeDay = endDay - random.int(3, 58);
      plan.firstDay = plan.changeDay;
      break;
    case 'seasonal_gap':
      for (const festival of seasonalFestivals(calendar)) {
        plan.pauses.push([festival - random.int(10, 18), festival + random.int(20, 40)]);
      }
      plan.changeDay = plan.pauses[plan.pauses.length - 1]?.[0] ?? null;
      break;
    case 'recovered': {
      const resume = endDay - random.int(1, 20);
      // From the last order before the silence (the day before the pause) to the comeback order: 40 to 70 days.
      plan.pauses.push([resume - random.int(40, 70) + 1, resume]);
      plan.lastOrderBeforePause = true;
      plan.changeDay = resume;
      break;
    }
    case 'lapsed': {
      const earliest = startDay + LAPSE_FROM_START_DAYS;
      const stop = random.int(earliest, Math.max(earliest, endDay - LAPSE_BEFORE_END_DAYS));
      // The shop orders as usual up to here; its change date becomes its last placed order (generateDistributor).
      plan.changeDay = stop;
      plan.stopDay = stop;
      // New accounts leave more often than established ones: some of these shops only joined during the period.
      const joinBy = stop - 75;
      if (joinBy > startDay + 30 && random.chance(0.35)) plan.firstDay = random.int(startDay + 30, joinBy);
      // Most shops slip before they go: within a few weeks their orders shrink or thin out, and stay so for the
      // month or two before the last one.
      if (random.chance(0.7)) {
        const from = stop - random.int(30, 75);
        plan.decline = {
          from,
          to: from + Math.round((stop - from) / 3),
          floor: random.uniform(0.2, 0.5),
          mode: random.weightedPick(['size', 'frequency', 'both'] as const, [0.4, 0.25, 0.35]),
        };
      }
      break;
    }
    case 'paused': {
      // Shorter spells in a short history, so the pause still sits between two stretches of ordering.
      const room = endDay - startDay - 2 * PAUSE_MARGIN_DAYS;
      const length = Math.min(random.int(PAUSE_DAYS[0], PAUSE_DAYS[1]), Math.max(14, Math.floor(room / 2)));
      const latest = endDay - PAUSE_MARGIN_DAYS;
      const resume = random.int(Math.min(latest, startDay + PAUSE_MARGIN_DAYS + length), latest);
      // As for recovered: from the last order before the silence to the comeback order is `length` days.
      plan.pauses.push([resume - length + 1, resume]);
      plan.lastOrderBeforePause = true;
      plan.changeDay = resume;
      break;
    }
  }
  return plan;
}

function pickPortfolio(
  random: SeededRandom,
  profile: ShopClassProfile,
  size: number,
): { portfolio: number[]; totals: number[] } {
  const weights = CATALOGUE.map((item) => item.popularity * (profile.categoryAffinity[item.category] ?? 1));
  const totals = cumulativeWeights(weights);
  const chosen = new Set<number>();
  const target = Math.min(size, CATALOGUE.length);
  while (chosen.size < target) chosen.add(random.cumulativeIndex(totals));
  const portfolio = [...chosen].sort((a, b) => a - b);
  // Each shop has its own favourites, so line picks are skewed differently per shop.
  const preference = portfolio.map((i) => (weights[i] as number) * random.logNormal(0, 0.7));
  return { portfolio, totals: cumulativeWeights(preference) };
}

const FESTIVE_SKUS = CATALOGUE.flatMap((item, i) => (item.festive ? [i] : []));
const FESTIVE_TOTALS = cumulativeWeights(FESTIVE_SKUS.map((i) => (CATALOGUE[i] as CatalogueItem).popularity));

function declineFactor(decline: Decline | null, day: number): number {
  if (decline === null || day < decline.from) return 1;
  const progress = Math.min(1, (day - decline.from) / Math.max(1, decline.to - decline.from));
  return 1 - (1 - decline.floor) * progress;
}

/** Appends the customer's order documents to `docs`; returns the day of its last placed order, if any. */
function generateOrders(
  random: SeededRandom,
  plan: Plan,
  calendar: Calendar,
  docs: OrderDoc[],
): number | null {
  const { startDay, endDay, phase, lullEnd } = calendar;
  const lastDay = Math.min(endDay, plan.stopDay);
  // A shop ordering monthly buys roughly a month's stock at once, a bit less than four weekly orders.
  const baseValue = plan.weeklyFen * (plan.cadenceDays / 7) ** 0.85;
  // A decliner still orders: gaps stretch to at most ~45 days, beyond which it would read as churned.
  const maxStretch = Math.min(3, Math.max(1, 45 / plan.cadenceDays));
  let seq = 0;
  let lastPlaced: number | null = null;
  let day = plan.firstDay;
  // The first order of a new shop and the comeback order are what define those scenarios: never drop them.
  let forced = plan.scenario === 'new';
  while (day <= lastDay) {
    const pause = plan.pauses.find(([from, to]) => day >= from && day < to);
    if (pause) {
      day = pause[1];
      forced = true;
      continue;
    }
    const dayPhase = phase[day - startDay] as Phase;
    if (!forced && dayPhase === Phase.Lull && random.chance(0.85)) {
      const after = (lullEnd[day - startDay] as number) + random.int(0, 3);
      const pinned = lastDayBeforePause(plan, day, after);
      forced = pinned !== null;
      day = pinned ?? after;
      continue;
    }

    const f = declineFactor(plan.decline, day);
    const mode = plan.decline?.mode;
    const valueMult = mode === 'size' ? f : mode === 'both' ? Math.sqrt(f) : 1;
    const intervalMult = Math.min(
      maxStretch,
      mode === 'frequency' ? 1 / f : mode === 'both' ? 1 / Math.sqrt(f) : 1,
    );

    // Shops sometimes still have stock and skip an order.
    if (forced || !random.chance(0.03)) {
      let season = calendar.summer[day - startDay] ? 1.1 : 1;
      if (dayPhase === Phase.PreFestival) season *= plan.festiveBoost;
      else if (dayPhase === Phase.PostLull) season *= 0.75;
      const narrowed = plan.narrowFrom !== null && day >= plan.narrowFrom;
      const value = baseValue * valueMult * season * (narrowed ? 0.85 : 1) * random.logNormal(0, 0.25);
      const skus = narrowed
        ? pickNarrowed(random, plan.narrowSkus)
        : pickLines(random, plan, dayPhase === Phase.PreFestival);
      const quantities = allocate(random, skus, value);
      const status: SampleOrderStatus = !forced && random.chance(0.02) ? 'cancelled' : 'placed';
      docs.push({ day, customer: plan.index, kind: 0, seq: seq++, status, skus, quantities });
      if (status === 'placed') lastPlaced = day;
      if (status === 'placed' && !forced && random.chance(0.015)) {
        const returned = returnDoc(random, plan.index, day, skus, quantities, seq++);
        if (returned !== null && returned.day <= endDay) docs.push(returned);
      }
    }

    const jittered =
      plan.cadence === 'irregular'
        ? plan.cadenceDays * random.logNormal(0, 0.45)
        : plan.cadenceDays + random.normal(0, Math.max(0.7, plan.cadenceDays * 0.1));
    const interval = jittered * intervalMult * (dayPhase === Phase.PreFestival ? 0.8 : 1);
    const next = day + Math.max(2, Math.round(interval));
    const pinned = lastDayBeforePause(plan, day, next);
    forced = pinned !== null;
    day = pinned ?? next;
  }
  return lastPlaced;
}

/**
 * The day before a pause that moving from `day` to `next` would reach or step over, when the plan pins an order
 * there: the planted gap is then exactly the length recorded. Null otherwise.
 */
function lastDayBeforePause(plan: Plan, day: number, next: number): number | null {
  if (!plan.lastOrderBeforePause) return null;
  const upcoming = plan.pauses.find(([from]) => day < from - 1 && next >= from - 1);
  return upcoming ? upcoming[0] - 1 : null;
}

function pickLines(random: SeededRandom, plan: Plan, festive: boolean): number[] {
  const [min, max] = plan.lines;
  // Skewed towards short orders: most shops top up a few items.
  const count = Math.min(plan.portfolio.length, min + Math.floor(random.next() ** 1.6 * (max - min + 1)));
  const chosen: number[] = [];
  for (let tries = 0; chosen.length < count && tries < 64; tries++) {
    const sku = plan.portfolio[random.cumulativeIndex(plan.portfolioTotals)] as number;
    if (!chosen.includes(sku)) chosen.push(sku);
  }
  if (festive && chosen.length < 8 && random.chance(0.6)) {
    const gift = FESTIVE_SKUS[random.cumulativeIndex(FESTIVE_TOTALS)] as number;
    if (!chosen.includes(gift)) chosen.push(gift);
  }
  return chosen;
}

function pickNarrowed(random: SeededRandom, skus: readonly number[]): number[] {
  const count = random.int(1, skus.length);
  return random.shuffle([...skus]).slice(0, count);
}

function allocate(random: SeededRandom, skus: readonly number[], valueFen: number): number[] {
  const weights = skus.map(() => random.uniform(0.5, 1.5));
  const total = weights.reduce((sum, w) => sum + w, 0);
  return skus.map((sku, i) => {
    const price = (CATALOGUE[sku] as CatalogueItem).unitPriceFen;
    return Math.max(1, Math.round((valueFen * (weights[i] as number)) / total / price));
  });
}

function returnDoc(
  random: SeededRandom,
  customer: number,
  day: number,
  skus: readonly number[],
  quantities: readonly number[],
  seq: number,
): OrderDoc | null {
  const picks = random.shuffle(skus.map((_, i) => i)).slice(0, random.int(1, Math.min(2, skus.length)));
  picks.sort((a, b) => a - b);
  // Only part of a delivery comes back (damaged or unsold cases); a single case can only come back whole.
  const returned = picks.map(
    (i) => -Math.max(1, Math.floor((quantities[i] as number) * random.uniform(0.1, 0.6))),
  );
  const price = (sku: number): number => (CATALOGUE[sku] as CatalogueItem).unitPriceFen;
  const delivered = skus.reduce((sum, sku, i) => sum + price(sku) * (quantities[i] as number), 0);
  const taken = picks.reduce((sum, i, k) => sum - price(skus[i] as number) * (returned[k] as number), 0);
  // Taking everything back would be a cancellation, not a return document.
  if (taken >= delivered) return null;
  return {
    day: day + random.int(2, 14),
    customer,
    kind: 1,
    seq,
    status: 'returned',
    skus: picks.map((i) => skus[i] as number),
    quantities: returned,
  };
}

function orderLines(
  docs: OrderDoc[],
  plans: readonly Plan[],
  fieldReps: readonly SampleRep[],
  calendar: Calendar,
): SampleOrderLine[] {
  docs.sort((a, b) => a.day - b.day || a.customer - b.customer || a.seq - b.seq);
  const lines: SampleOrderLine[] = [];
  let currentDay = -1;
  let sales = 0;
  let returns = 0;
  for (const doc of docs) {
    if (doc.day !== currentDay) {
      currentDay = doc.day;
      sales = 0;
      returns = 0;
    }
    const n = doc.kind === 0 ? ++sales : ++returns;
    // ERP-style document numbers: 销售单 XS / 退货单 TH, date, running number of the day.
    const orderId = `${doc.kind === 0 ? 'XS' : 'TH'}${calendar.dateText(doc.day).replaceAll('-', '')}${String(n).padStart(4, '0')}`;
    const plan = plans[doc.customer] as Plan;
    const repId = (fieldReps[plan.repIndex] as SampleRep).repId;
    const orderDate = calendar.dateText(doc.day);
    for (let i = 0; i < doc.skus.length; i++) {
      const item = CATALOGUE[doc.skus[i] as number] as CatalogueItem;
      const quantity = doc.quantities[i] as number;
      lines.push({
        orderId,
        customerId: plan.customerId,
        orderDate,
        amountFen: item.unitPriceFen * quantity,
        sku: item.sku,
        quantity,
        repId,
        status: doc.status,
      });
    }
  }
  return lines;
}

function dayOfWeek(day: number): number {
  // 1970-01-01 was a Thursday; 0 = Sunday.
  return (day + 4) % 7;
}

function generateVisits(
  random: SeededRandom,
  plan: Plan,
  calendar: Calendar,
  repId: string,
  out: Dated<SampleVisit>[],
): void {
  const { startDay, endDay, phase, lullEnd } = calendar;
  const profile = SHOP_CLASSES[plan.shopClass];
  let every = random.int(profile.visitEvery[0], profile.visitEvery[1]);
  let lastVisit = endDay;
  let slowAfter = Number.POSITIVE_INFINITY;
  // "No one looking after the customer" is a leading cause of loss, so some shops are neglected outright and
  // some decliners and churners lost their rep's attention before they left.
  if (plan.scenario === 'steady' && random.chance(0.06)) every = random.int(45, 90);
  const left = plan.scenario === 'churner' || plan.scenario === 'lapsed';
  if (left && plan.changeDay !== null) {
    if (random.chance(0.35)) lastVisit = plan.changeDay - random.int(45, 90);
    else {
      slowAfter = plan.changeDay;
      lastVisit = plan.changeDay + random.int(20, 45);
    }
  }
  if (plan.scenario === 'decliner' && plan.changeDay !== null && random.chance(0.35)) {
    lastVisit = plan.changeDay + random.int(0, 20);
  }

  const emit = (day: number): void => {
    if (day >= startDay && day <= endDay) {
      const visitDate = calendar.dateText(day);
      out.push({ day, customer: plan.index, record: { customerId: plan.customerId, visitDate, repId } });
    }
  };

  // Reps work on a shop for a while before its first order.
  let day =
    plan.firstDay > startDay + every
      ? plan.firstDay - random.int(7, 30)
      : startDay + random.int(0, every - 1);
  day = Math.max(startDay, day);
  while (day <= lastVisit && day <= endDay) {
    if (phase[day - startDay] === Phase.Lull) {
      day = lullEnd[day - startDay] as number;
      continue;
    }
    if (dayOfWeek(day) === 0) {
      day++;
      continue;
    }
    emit(day);
    const gap = every * (day >= slowAfter ? 2 : 1) * random.uniform(0.75, 1.3);
    day += Math.max(1, Math.round(gap));
  }
  const cameBack = plan.scenario === 'recovered' || plan.scenario === 'paused';
  if (cameBack && plan.changeDay !== null && random.chance(0.6)) {
    // The visit that won the shop back.
    emit(plan.changeDay - random.int(1, 7));
  }
}

function activeWindow(plan: Plan, calendar: Calendar): [number, number] {
  return [Math.max(calendar.startDay, plan.firstDay), Math.min(calendar.endDay, plan.stopDay)];
}

function generateCoupons(
  random: SeededRandom,
  plan: Plan,
  calendar: Calendar,
  out: Dated<SampleCoupon>[],
): void {
  const profile = SHOP_CLASSES[plan.shopClass];
  const [from, to] = activeWindow(plan, calendar);
  const emit = (day: number): void => {
    if (day < calendar.startDay || day > calendar.endDay) return;
    // Coupons are issued in round ten-yuan amounts.
    const amountFen = random.int(profile.couponYuan[0] / 10, profile.couponYuan[1] / 10) * 1000;
    const issuedAt = calendar.dateText(day);
    out.push({ day, customer: plan.index, record: { customerId: plan.customerId, issuedAt, amountFen } });
  };
  if (random.chance(plan.shopClass === 'hypermarket' ? 0.9 : 0.45)) {
    const count = random.poisson((profile.couponsPerYear * (to - from + 1)) / 365);
    for (let k = 0; k < count; k++) emit(random.int(from, to));
  }
  // Retention offers: what a rep does when a shop slips away.
  const change = plan.changeDay;
  if (change === null) return;
  if (plan.scenario === 'decliner' && random.chance(0.3)) emit(random.int(change, calendar.endDay));
  const left = plan.scenario === 'churner' || plan.scenario === 'lapsed';
  if (left && random.chance(0.25)) emit(random.int(Math.max(from, change - 40), change));
  const cameBack = plan.scenario === 'recovered' || plan.scenario === 'paused';
  if (cameBack && random.chance(0.5)) emit(change - random.int(1, 10));
}

function generateComplaints(
  random: SeededRandom,
  plan: Plan,
  calendar: Calendar,
  out: Dated<SampleComplaint>[],
): void {
  const [from, to] = activeWindow(plan, calendar);
  const emit = (day: number): void => {
    if (day < calendar.startDay || day > calendar.endDay) return;
    const reason = random.pick(COMPLAINT_REASONS);
    const complaintDate = calendar.dateText(day);
    out.push({ day, customer: plan.index, record: { customerId: plan.customerId, complaintDate, reason } });
  };
  const count = random.poisson((SHOP_CLASSES[plan.shopClass].complaintsPerYear * (to - from + 1)) / 365);
  for (let k = 0; k < count; k++) emit(random.int(from, to));
  // Service failures are the commonest reason shops leave; some churners and decliners complained first.
  const change = plan.changeDay;
  if (change === null) return;
  if ((plan.scenario === 'churner' || plan.scenario === 'lapsed') && random.chance(0.4)) {
    const extra = 1 + random.poisson(1);
    for (let k = 0; k < extra; k++) emit(random.int(Math.max(from, change - 90), change));
  }
  if (plan.scenario === 'decliner' && random.chance(0.25)) {
    const extra = random.int(1, 2);
    for (let k = 0; k < extra; k++) emit(random.int(change - 30, calendar.endDay));
  }
}

function sortDated<T>(items: Dated<T>[]): T[] {
  items.sort((a, b) => a.day - b.day || a.customer - b.customer);
  return items.map(({ record }) => record);
}
