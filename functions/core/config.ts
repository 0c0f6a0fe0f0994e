import * as z from 'zod';
import { parseTimeOfDay } from './days.ts';
import { DEFAULT_CYCLE_TIMES, isWeekday, WEEKDAYS, type Weekday } from '../contracts/schedule.ts';
import { LOCALES } from './locale.ts';
import { timeZoneSchema } from './records.ts';
import { riskTrainingRetentionDays } from './risk-training-days.ts';
import { BUILT_IN_REASONS, FOLLOW_UP_ACTIONS } from './follow-up.ts';
import { type CustomIssueParams, type FieldIssue, type FieldProblem, toFieldIssues } from './validation.ts';

/**
 * The thresholds (客户分类指标定义) and everything else an admin tunes. Every rule has defaults from trade
 * practice (docs/rules-and-risk.md) and may be overridden per tier: `rules.inactive.days = 30` with
 * `rules.inactive.tiers.vip.days = 21` means VIP customers are flagged after 21 days, others after 30.
 */

export const TIERS = ['vip', 'important', 'general', 'dormant'] as const;
export type Tier = (typeof TIERS)[number];

/** The most history a profile may keep (`profile.retentionDays`). */
export const MAX_RETENTION_DAYS = 1100;

const days = (max = 3650) => z.number().int().min(1).max(max);
const pct = () => z.number().min(1).max(100);
/** Money thresholds are written in currency units (元) by admins and converted to minor units on use. */
const amount = () => z.number().min(0).max(1e10);
/**
 * A comparison window is widened to cover at least this many of the customer's own ordering cycles
 * (0 = never widen): two 30-day windows say nothing about a shop that orders once a month.
 */
const cyclesPerWindow = () => z.number().min(0).max(12);

/** The rules, in the order settings, outputs and backtests list them (each has its shape below, the type checks). */
export const RULE_IDS = [
  'inactive',
  'churned',
  'cycle_overdue',
  'sales_drop',
  'order_count_drop',
  'sustained_decline',
  'sku_breadth_drop',
  'visit_overdue',
  'complaints_rising',
  'low_p_alive',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

/**
 * Every rule has `flag`: when on, the rule firing puts the customer on the list whatever the risk model says
 * (an admin's lever, e.g. a VIP silent 21 days). Off by default: the list follows the risk and its line, and
 * the rules are the reasons.
 */
const ruleShapes = () =>
  ({
    inactive: { enabled: z.boolean(), flag: z.boolean(), days: days() },
    churned: {
      enabled: z.boolean(),
      flag: z.boolean(),
      cycles: z.number().min(1).max(20),
      minDays: z.number().int().min(0).max(3650),
    },
    cycle_overdue: {
      enabled: z.boolean(),
      flag: z.boolean(),
      cycles: z.number().min(1).max(20),
      minDays: z.number().int().min(0).max(3650),
    },
    sales_drop: {
      enabled: z.boolean(),
      flag: z.boolean(),
      windowDays: days(183),
      dropPct: pct(),
      minPreviousSales: amount(),
      minCyclesPerWindow: cyclesPerWindow(),
    },
    order_count_drop: {
      enabled: z.boolean(),
      flag: z.boolean(),
      windowDays: days(183),
      dropPct: pct(),
      /** Also fire when the count fell by at least this many orders, whatever the percentage (0 = off). */
      minDropOrders: z.number().int().min(0).max(1000),
      minPreviousOrders: z.number().int().min(1).max(1000),
      minCyclesPerWindow: cyclesPerWindow(),
    },
    sustained_decline: {
      enabled: z.boolean(),
      flag: z.boolean(),
      months: z.number().int().min(1).max(12),
      /** Each month must be at least this much below the one before to count as a fall. */
      minMonthlyDropPct: z.number().min(0).max(100),
      minFirstMonthSales: amount(),
    },
    sku_breadth_drop: {
      enabled: z.boolean(),
      flag: z.boolean(),
      windowDays: days(183),
      dropPct: pct(),
      minPreviousSkus: z.number().int().min(1).max(10000),
      minCyclesPerWindow: cyclesPerWindow(),
    },
    visit_overdue: { enabled: z.boolean(), flag: z.boolean(), cadenceDays: days(365) },
    complaints_rising: {
      enabled: z.boolean(),
      flag: z.boolean(),
      windowDays: days(365),
      threshold: z.number().int().min(1).max(1000),
    },
    low_p_alive: {
      enabled: z.boolean(),
      flag: z.boolean(),
      /** Flag a repeat buyer whose P(alive) under the distributor's BG/NBD model is below this. */
      threshold: z.number().gt(0).lt(1),
      /** Fit the model only with at least this many customers, and this many with a repeat purchase. */
      minCustomers: z.number().int().min(10).max(1_000_000),
      minRepeaters: z.number().int().min(5).max(1_000_000),
    },
  }) satisfies Record<RuleId, z.core.$ZodShape>;

export type RuleParams<R extends RuleId> = z.infer<z.ZodObject<ReturnType<typeof ruleShapes>[R]>>;

export { isWeekday, WEEKDAYS, type Weekday };

/** A local time of day, `HH:MM` (24 h), in the configured time zone. */
const timeOfDay = () =>
  z.string().refine((text) => parseTimeOfDay(text) !== undefined, {
    params: { reason: 'time-of-day' } satisfies CustomIssueParams,
  });

/** A rule's settings, plus optional per-tier overrides of any of them. */
function ruleSchema<S extends z.core.$ZodShape>(shape: S) {
  const override = z.strictObject(shape).partial().optional();
  return z.strictObject({
    ...shape,
    tiers: z
      .strictObject({ vip: override, important: override, general: override, dormant: override })
      .optional(),
  });
}

/** The settings' schema; built by {@link configSchema} on first use. */
function buildConfigSchema() {
  const shapes = ruleShapes();
  return z
    .strictObject({
      timeZone: timeZoneSchema,
      locale: z.enum(LOCALES),
      tiers: z.strictObject({
        /** Share of customers (by trailing sales) in each tier, each taken from what the tiers above left. */
        vipShare: z.number().gt(0).max(1),
        importantShare: z.number().gt(0).max(1),
        generalShare: z.number().gt(0).max(1),
        trailingDays: days(730),
      }),
      cycle: z.strictObject({
        /** How many of the most recent gaps between order days the personal cycle is learned from. */
        recentGaps: z.number().int().min(2).max(52),
        /** Fewer gaps than this and the cycle is blended with the population's. */
        minGaps: z.number().int().min(1).max(52),
        fallbackDays: days(365),
        maxDays: days(730),
      }),
      atRisk: z.strictObject({
        /** Customers silent for longer than this count as lost, no longer "at risk": out of the daily lists. */
        lostAfterDays: days(3650),
      }),
      profile: z.strictObject({ retentionDays: z.number().int().min(400).max(MAX_RETENTION_DAYS) }),
      /** When the daily cycle and the weekly summary run, in `timeZone`. */
      schedule: z.strictObject({
        dailyTime: timeOfDay(),
        weeklyDay: z.enum(WEEKDAYS),
        weeklyTime: timeOfDay(),
      }),
      digest: z.strictObject({
        /**
         * A customer who stays at risk is repeated in the digest at most every this many days, unless the
         * signal gets worse or the tier higher (like Alertmanager's repeat_interval).
         */
        repeatIntervalDays: days(90),
        /** Send "nothing needs you today" when a rep has nothing new; off by default (no message). */
        allClear: z.boolean(),
        /** Customers listed per digest, most money at risk first; the rest are counted. */
        maxCustomers: z.number().int().min(1).max(200),
      }),
      escalation: z.strictObject({
        /** A customer of these tiers at risk this long with no visit logged since is reported to the manager. */
        days: days(365),
        tiers: z.array(z.enum(TIERS)).max(4),
      }),
      /** How messages reach people: the channels the distributor uses, and which one wins when a rep has both. */
      channels: z.strictObject({
        enabled: z
          .array(z.enum(['email', 'wecom']))
          .min(1)
          .max(2),
        preferred: z.enum(['email', 'wecom']),
      }),
      /**
       * The follow-up loop (follow-up.ts): the actions beside each customer in a digest, what "not a real risk"
       * does, and how long a link works.
       */
      followUp: z.strictObject({
        /** Off: digests carry no action links, and links already sent say the feature is off. */
        enabled: z.boolean(),
        /** The actions offered, in this order. */
        actions: z
          .array(z.enum(FOLLOW_UP_ACTIONS))
          .min(1)
          .max(FOLLOW_UP_ACTIONS.length)
          .refine((actions) => new Set(actions).size === actions.length, {
            message: 'duplicate action',
            params: { problem: { code: 'repeated-action' } } satisfies CustomIssueParams,
          }),
        /** The reasons a rep can give for "not a real risk": built-in ids (worded per locale) or the admin's text. */
        reasons: z
          .array(z.string().trim().min(1).max(40))
          .min(1)
          .max(12)
          .refine((reasons) => new Set(reasons).size === reasons.length, {
            message: 'duplicate reason',
            params: { problem: { code: 'repeated-reason' } } satisfies CustomIssueParams,
          }),
        /** "Not a real risk" pauses reminders about the customer for this many days (new signals still get through). */
        notRealSnoozeDays: days(365),
        /** A link in a digest works for this many days after the digest. */
        linkDays: days(60),
        /** A warning answered with a call, visit or coupon within this many days counts as followed up in time. */
        withinDays: days(30),
      }),
      weekly: z.strictObject({
        /** Churn rate per tier is measured over periods of this many days (this one and the one before). */
        churnPeriodDays: days(365),
        /** A warned customer who orders again within this many days of the first warning counts as recovered. */
        recoveryDays: days(365),
      }),
      /**
       * The risk (learned-risk.ts): the probability of no order in the next `horizonDays`, from a model fitted
       * weekly on the distributor's own history (BG/NBD's own probability until the history can teach one); the
       * rules stay as the reasons reps read. Off: the rules' old score (risk.ts) and the rules' flag.
       */
      riskModel: z.strictObject({
        enabled: z.boolean(),
        /** A customer with no purchase for this many days after a day counts as lapsed: what the model predicts. */
        horizonDays: z.number().int().min(30).max(180),
      }),
      rules: z.strictObject({
        inactive: ruleSchema(shapes.inactive),
        churned: ruleSchema(shapes.churned),
        cycle_overdue: ruleSchema(shapes.cycle_overdue),
        sales_drop: ruleSchema(shapes.sales_drop),
        order_count_drop: ruleSchema(shapes.order_count_drop),
        sustained_decline: ruleSchema(shapes.sustained_decline),
        sku_breadth_drop: ruleSchema(shapes.sku_breadth_drop),
        visit_overdue: ruleSchema(shapes.visit_overdue),
        complaints_rising: ruleSchema(shapes.complaints_rising),
        low_p_alive: ruleSchema(shapes.low_p_alive),
      }),
    })
    .superRefine((config, ctx) => {
      const refuse = (path: (string | number)[], problem: FieldProblem) =>
        ctx.addIssue({
          code: 'custom',
          path,
          message: problem.code,
          params: { problem } satisfies CustomIssueParams,
        });
      // Overdue must come before churned for every tier, or a tier's customers could never be "overdue".
      for (const tier of [undefined, ...TIERS]) {
        const churned = { ...config.rules.churned, ...(tier ? config.rules.churned.tiers?.[tier] : {}) };
        const overdue = {
          ...config.rules.cycle_overdue,
          ...(tier ? config.rules.cycle_overdue.tiers?.[tier] : {}),
        };
        if (overdue.cycles >= churned.cycles) {
          const path = tier
            ? ['rules', 'cycle_overdue', 'tiers', tier, 'cycles']
            : ['rules', 'cycle_overdue', 'cycles'];
          refuse(path, {
            code: 'overdue-not-before-churned',
            tier: tier ?? null,
            churnedCycles: churned.cycles,
          });
          break;
        }
      }
      if (config.cycle.fallbackDays > config.cycle.maxDays) {
        refuse(['cycle', 'fallbackDays'], { code: 'above-max-cycle', maxDays: config.cycle.maxDays });
      }
      if (!config.channels.enabled.includes(config.channels.preferred)) {
        refuse(['channels', 'preferred'], {
          code: 'preferred-not-enabled',
          enabled: [...config.channels.enabled],
        });
      }
      // The weekly churn rate compares this period with the one before: both must lie within the history.
      if (2 * config.weekly.churnPeriodDays > config.profile.retentionDays) {
        refuse(['weekly', 'churnPeriodDays'], {
          code: 'churn-period-beyond-history',
          retentionDays: config.profile.retentionDays,
        });
      }
      // Profiles keep this much history; a longer tier period would silently sum less than it says.
      if (config.tiers.trailingDays > config.profile.retentionDays) {
        refuse(['tiers', 'trailingDays'], {
          code: 'trailing-beyond-history',
          retentionDays: config.profile.retentionDays,
        });
      }
    });
}

let builtConfigSchema: ReturnType<typeof buildConfigSchema> | undefined;

/**
 * The settings' schema, built on first use, not at import: its hundred-odd parts cost a few ms of CPU at every
 * CLI start, and `evaluate` without `--config` never validates settings.
 */
export const configSchema = (): ReturnType<typeof buildConfigSchema> =>
  (builtConfigSchema ??= buildConfigSchema());

export type ChurnConfig = z.infer<ReturnType<typeof buildConfigSchema>>;

export const DEFAULT_CONFIG: ChurnConfig = Object.freeze({
  timeZone: 'Asia/Shanghai',
  locale: 'zh-CN',
  tiers: { vipShare: 0.05, importantShare: 0.2, generalShare: 0.5, trailingDays: 365 },
  cycle: { recentGaps: 12, minGaps: 3, fallbackDays: 30, maxDays: 180 },
  atRisk: { lostAfterDays: 365 },
  // What the risk model's training reads (90-day horizon: 539 days), so it learns with no setting changed.
  profile: { retentionDays: 540 },
  schedule: { ...DEFAULT_CYCLE_TIMES },
  digest: { repeatIntervalDays: 7, allClear: false, maxCustomers: 30 },
  escalation: { days: 7, tiers: ['vip', 'important'] },
  channels: { enabled: ['email', 'wecom'], preferred: 'wecom' },
  followUp: {
    enabled: true,
    actions: [...FOLLOW_UP_ACTIONS],
    reasons: [...BUILT_IN_REASONS],
    notRealSnoozeDays: 30,
    linkDays: 14,
    withinDays: 2,
  },
  weekly: { churnPeriodDays: 30, recoveryDays: 30 },
  // On from the first day: learned on the distributor's history once it can be, BG/NBD until then.
  riskModel: { enabled: true, horizonDays: 90 },
  rules: {
    inactive: { enabled: true, flag: false, days: 30 },
    churned: { enabled: true, flag: false, cycles: 2, minDays: 14 },
    cycle_overdue: { enabled: true, flag: false, cycles: 1.5, minDays: 7 },
    sales_drop: {
      enabled: true,
      flag: false,
      windowDays: 30,
      dropPct: 50,
      minPreviousSales: 0,
      minCyclesPerWindow: 2,
    },
    order_count_drop: {
      enabled: true,
      flag: false,
      windowDays: 30,
      dropPct: 50,
      minDropOrders: 0,
      minPreviousOrders: 3,
      minCyclesPerWindow: 3,
    },
    sustained_decline: {
      enabled: true,
      flag: false,
      months: 2,
      minMonthlyDropPct: 10,
      minFirstMonthSales: 0,
    },
    sku_breadth_drop: {
      enabled: true,
      flag: false,
      windowDays: 30,
      dropPct: 50,
      minPreviousSkus: 5,
      minCyclesPerWindow: 4,
    },
    visit_overdue: {
      enabled: true,
      flag: false,
      cadenceDays: 30,
      tiers: { vip: { cadenceDays: 14 }, important: { cadenceDays: 21 }, dormant: { enabled: false } },
    },
    complaints_rising: { enabled: true, flag: false, windowDays: 30, threshold: 2 },
    // Off until an admin has seen what it adds on their own history (`churn-watch backtest`).
    low_p_alive: { enabled: false, flag: false, threshold: 0.3, minCustomers: 100, minRepeaters: 30 },
  },
} satisfies ChurnConfig);

/**
 * How many days of orders a profile keeps: `profile.retentionDays`, or more when the risk model's training
 * reads further back (a longer `riskModel.horizonDays`). No admin has to raise the retention by hand for the
 * model to learn.
 *
 * @example effectiveRetentionDays(parseConfig({ riskModel: { horizonDays: 180 } }).config) // 573
 */
export function effectiveRetentionDays(config: ChurnConfig): number {
  const { retentionDays } = config.profile;
  if (!config.riskModel.enabled) return retentionDays;
  return Math.max(retentionDays, riskTrainingRetentionDays(config.riskModel.horizonDays));
}

/** The parameters of one rule for one tier: the rule's values with that tier's overrides on top. */
export function ruleParamsFor<R extends RuleId>(config: ChurnConfig, rule: R, tier: Tier): RuleParams<R> {
  const { tiers, ...base } = config.rules[rule] as unknown as RuleParams<R> & {
    tiers?: Partial<Record<Tier, Partial<RuleParams<R>>>>;
  };
  const override = tiers?.[tier];
  return (override ? { ...base, ...override } : base) as RuleParams<R>;
}

export type ConfigResult = { ok: true; config: ChurnConfig } | { ok: false; issues: FieldIssue[] };

/**
 * Validates an admin's settings, given as a partial document over the defaults: only the keys that differ
 * need to be written. Unknown keys are refused (a typo must not be silently ignored).
 */
export function parseConfig(overrides: unknown): ConfigResult {
  const merged = deepMerge(structuredClone(DEFAULT_CONFIG), overrides ?? {});
  const result = configSchema().safeParse(merged);
  return result.success
    ? { ok: true, config: result.data }
    : { ok: false, issues: toFieldIssues(result.error, merged) };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function deepMerge(base: unknown, override: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(override)) return override;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    out[key] = key in base ? deepMerge(base[key], value) : value;
  }
  return out;
}
