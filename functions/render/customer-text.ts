import { SAME_FACT, shownFindings, shownRules, strongestFinding } from '../core/shown-signals.ts';
import {
  describeFinding,
  describeLearnedReason,
  describeLearnedRest,
  learnedTitle,
  riskLabel,
  ruleTitle,
  signalTitle,
  suggestedAction,
  tierName,
} from '../text/explain.ts';
import type { RuleId } from '../core/config.ts';
import type { Locale } from '../core/locale.ts';
import { formatMoney } from '../core/money.ts';
import type { DigestCustomer, RecoveredCustomer } from './digest-model.ts';
import { textFor } from '../text/catalogue.ts';
import { daysBetween, wholeMoney } from './html.ts';

/**
 * What a digest says about one customer, worded once for both channels: the email (HTML and text) and WeCom
 * lay these strings out differently but never word a fact themselves, so a rep reads the same sentence
 * whichever channel they use. Plain text: each renderer escapes for its own markup.
 */

/** `上次拜访 2026-10-01（50 天前）`; an empty label when the value says it all (`没有拜访记录`). */
export interface Fact {
  label: string;
  value: string;
  /** The amount the list is ordered by: shown in bold where the channel can. */
  strong?: boolean;
}

/** A signal as a list shows it: `销售额暴跌：近 30 天销售额 …`. */
export interface Signal {
  title: string;
  text: string;
}

export type CustomerStatus = 'new' | 'escalated' | 'still';

export interface CustomerText {
  status: CustomerStatus;
  /** The tag beside the name: `新增`, `升级` or `仍有风险`. */
  statusLabel: string;
  tierLabel: string;
  /** The probability as a rep reads it (`流失风险 62%`), first on the customer's first line. */
  risk: string;
  /**
   * The one strongest reason, right after the risk: the model's first reason when it gave one (no title),
   * else the strongest finding shown (with its title). Null when there is neither.
   */
  reason: { title: string | null; text: string } | null;
  /** The facts in a few short lines of `label value` pairs, the money at risk first. */
  factLines: Fact[][];
  /**
   * The other signals, in SIGNAL_ORDER with one silence status, then what the model adds when it adds a fact
   * (describeLearnedRest: why a customer below its line is listed, reasons no finding states).
   */
  signals: Signal[];
  /** What got worse, for an escalated customer: shown right under the headline, it is why they lead. */
  escalation: string | null;
  /** The suggested action with its label, e.g. `建议：安排拜访`. */
  action: string;
}

/** Whether the model itself put the customer on the list (its risk at or over its line). */
const overLine = (learned: NonNullable<DigestCustomer['learned']>): boolean =>
  learned.risk >= learned.threshold - 5e-4;

/** `label value` as text; the value alone when there is no label. */
export const factText = (fact: Fact): string => (fact.label ? `${fact.label} ${fact.value}` : fact.value);

/** Between the facts on one line, in every channel. */
export const FACT_SEPARATOR = ' · ';

/** The first line after the name: `流失风险 72% · 销售额暴跌：近 30 天…`. */
export function headlineText(text: Pick<CustomerText, 'risk' | 'reason'>, locale: Locale): string {
  if (!text.reason) return text.risk;
  const { title, text: sentence } = text.reason;
  return `${text.risk}${FACT_SEPARATOR}${title ? `${title}${textFor(locale).message.colon}` : ''}${sentence}`;
}

/** `2026-10-01（50 天前）`, the date alone when the count is unknown. */
function dateWithAge(locale: Locale, date: string, days: number | null): string {
  if (days === null) return date;
  const say = textFor(locale).digest.customer;
  return say.dateWithAge(date, days === 0 ? say.today : say.daysAgo(days));
}

const capitalized = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * One customer at risk as a digest says it: the risk with its one strongest reason first (the model's first
 * reason, else the strongest finding, which then leaves the list below), then the facts, the other signals
 * and the next step.
 */
export function customerText(customer: DigestCustomer, day: string, locale: Locale): CustomerText {
  const say = textFor(locale).digest.customer;
  const status: CustomerStatus = customer.escalated ? 'escalated' : customer.isNew ? 'new' : 'still';
  const shown = shownFindings(customer.findings);
  // Listed by a rule the admin made flagging, below the model's line: that rule is the reason, said as such.
  const byAdmin =
    customer.flaggedBy && customer.flaggedBy.length > 0 && !(customer.learned && overLine(customer.learned))
      ? customer.findings.find((finding) => finding.rule === customer.flaggedBy?.[0])
      : undefined;
  const firstReason = byAdmin ? undefined : customer.learned?.reasons[0];
  const strongest = byAdmin ?? (firstReason ? null : strongestFinding(customer.findings));
  let reason: CustomerText['reason'] = null;
  if (byAdmin) {
    reason = {
      title: signalTitle(byAdmin.rule, locale, customer.learned !== undefined),
      text: `${describeFinding(byAdmin, locale)}${say.byAdmin}`,
    };
  } else if (firstReason) {
    // A sentence starts with a capital in English; Chinese has none to raise.
    reason = { title: null, text: capitalized(describeLearnedReason(firstReason, locale)) };
  } else if (strongest) {
    reason = {
      title: signalTitle(strongest.rule, locale, customer.learned !== undefined),
      text: describeFinding(strongest, locale),
    };
  }
  // The headline's reason is not said again below it ("已 40 天未下单" and then "远超订货周期：40 天未下单…").
  const saidAbove = new Set<RuleId>(firstReason ? SAME_FACT[firstReason.kind] : []);
  const signals: Signal[] = shown
    .filter((finding) => finding !== strongest && !saidAbove.has(finding.rule))
    .map((finding) => ({
      title: signalTitle(finding.rule, locale, customer.learned !== undefined),
      text: describeFinding(finding, locale),
    }));
  const learned = customer.learned;
  const rest =
    learned &&
    describeLearnedRest(
      learned,
      locale,
      firstReason !== undefined,
      shown.map((finding) => finding.rule),
    );
  if (rest) signals.push({ title: learnedTitle(locale), text: rest });
  return {
    status,
    statusLabel: say.status[status],
    tierLabel: tierName(customer.tier, locale),
    risk: riskLabel(customer.risk, customer.learned !== undefined, locale),
    reason,
    factLines: factLines(customer, day, locale, status !== 'new'),
    signals,
    escalation: escalationText(customer, locale),
    action: say.nextStep(
      suggestedAction(
        customer.findings,
        locale,
        customer.learned,
        customer.lastCouponDate === null ? null : daysBetween(customer.lastCouponDate, day),
      ),
    ),
  };
}

function factLines(customer: DigestCustomer, day: string, locale: Locale, showDuration: boolean): Fact[][] {
  const say = textFor(locale).digest.customer;
  const dated = (label: string, date: string | null, days: number | null, none: string): Fact =>
    date === null ? { label: '', value: none } : { label, value: dateWithAge(locale, date, days) };
  // In whole yuan: it is an estimate (probability × a year's sales), and the list is ordered by it.
  const money: Fact = {
    label: say.moneyAtRisk,
    value: wholeMoney(customer.moneyAtRisk),
    strong: true,
  };
  const sales: Fact = {
    label: say.periodSales(customer.periodDays),
    value: formatMoney(customer.lastPeriodSales),
  };
  // Not on the first day at risk: "风险已持续 0 天" says nothing.
  const duration: Fact[] =
    showDuration && customer.daysAtRisk > 0
      ? [
          {
            label: say.atRiskFor,
            // Without the first day (the count says it): short enough to share a phone line with the sales.
            value: say.atRiskDays(customer.daysAtRisk),
          },
        ]
      : [];
  const contacts: Fact[] = [
    dated(say.lastOrder, customer.lastOrderDate, customer.daysSinceLastOrder, say.noOrders),
    dated(say.lastVisit, customer.lastVisitDate, customer.daysSinceLastVisit, say.noVisit),
    // With its age like the visit, so the rep sees at a glance whether a coupon went out recently.
    dated(
      say.lastCoupon,
      customer.lastCouponDate,
      customer.lastCouponDate === null ? null : daysBetween(customer.lastCouponDate, day),
      say.noCoupon,
    ),
  ];
  // What it is worth and how long it has lasted, then when the rep last heard from the customer.
  return [[money, sales, ...duration], contacts];
}

/** What changed for an escalated customer, its new signals shown the way its findings are (shownRules). */
function escalationText(customer: DigestCustomer, locale: Locale): string | null {
  if (!customer.escalated) return null;
  const shown = new Set(shownFindings(customer.findings).map((finding) => finding.rule));
  // A new `inactive` under a `churned` already told is the same silence: it is not news to the rep.
  const rules = shownRules(customer.newRules).filter((rule) => shown.has(rule));
  const { digest, signals } = textFor(locale);
  return rules.length > 0
    ? digest.customer.newSignals(rules.map((rule) => ruleTitle(rule, locale)).join(signals.listSeparator))
    : digest.customer.worse;
}

/** The one line a recovered customer gets. */
export function recoveredText(customer: RecoveredCustomer, locale: Locale): string {
  const say = textFor(locale).digest.recovered;
  return customer.lastOrderDate === null
    ? say.orderedAgain(customer.daysAtRisk)
    : say.orderedAgainOn(customer.lastOrderDate, customer.daysAtRisk);
}
