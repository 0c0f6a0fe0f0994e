import type { CustomerEvaluation, EvaluationResult } from '../../core/evaluate.ts';
import { formatRiskPercent, shownFindings, SIGNAL_ORDER } from '../../core/shown-signals.ts';
import { describeFinding, describeLearned, signalTitle, statusName, tierName } from '../../text/explain.ts';
import type { Locale } from '../../core/locale.ts';
import { formatDecimal, formatMoney } from '../../core/money.ts';
import { csvLine } from './csv-output.ts';
import { renderTextTable } from './text-table.ts';
import { cliTextFor } from '../../text/cli-catalogue.ts';

/** How an evaluation is shown: the terminal table (evaluate, local) and the CSV export. */

function signals(customer: CustomerEvaluation, locale: Locale): string {
  // As the digests list them: one silence status, the fixed order. The model is not a signal: its verdict is
  // the risk column itself.
  return shownFindings(customer.findings)
    .map((finding) => signalTitle(finding.rule, locale, customer.learned !== undefined))
    .join(cliTextFor(locale).signals.listSeparator);
}

/**
 * The export keeps every finding (it is data: a churned customer is also inactive there), in the order the
 * other outputs list signals.
 */
const inSignalOrder = (customer: CustomerEvaluation) =>
  [...customer.findings].sort((a, b) => SIGNAL_ORDER.indexOf(a.rule) - SIGNAL_ORDER.indexOf(b.rule));

export function renderTable(
  result: Pick<EvaluationResult, 'asOf' | 'cutoffs'>,
  shown: CustomerEvaluation[],
  locale: Locale,
  all: boolean,
): string {
  const text = cliTextFor(locale).evaluate;
  if (shown.length === 0) return all ? text.noCustomers(result.asOf) : text.noneAtRisk(result.asOf);
  const column = text.column;
  const columns = [
    column.customer,
    column.name,
    column.rep,
    column.tier,
    ...(all ? [column.status] : []),
    column.risk,
    column.atStake,
    column.lastPeriod,
    column.daysSilent,
    column.signals,
  ];
  const rows = shown.map((c) => [
    c.customerId,
    c.name ?? '',
    c.repId ?? '',
    tierName(c.tier, locale),
    ...(all ? [statusName(c.status, locale)] : []),
    formatRiskPercent(c.risk),
    formatMoney(c.moneyAtRisk),
    formatMoney(c.lastPeriodSales),
    c.daysSinceLastOrder === null ? '' : String(c.daysSinceLastOrder),
    signals(c, locale),
  ]);
  const right = new Set([column.risk, column.atStake, column.lastPeriod, column.daysSilent]);
  const table = renderTextTable(
    columns.map((header) => ({
      header,
      align: right.has(header) ? ('right' as const) : ('left' as const),
      maxWidth: header === column.name ? 20 : header === column.signals ? 48 : undefined,
    })),
    rows,
  );
  return `${text.asOfHeading(result.asOf)}\n\n${table}`;
}

export function renderCsv(shown: CustomerEvaluation[], locale: Locale): string {
  const header = [
    'customer_id',
    'name',
    'rep_id',
    'tier',
    'status',
    'at_risk',
    'risk',
    'money_at_risk',
    'last_order_date',
    'days_since_last_order',
    'cycle_days',
    'last_period_sales',
    'trailing_sales',
    'last_visit_date',
    'last_coupon_date',
    'rules',
    'reasons',
  ];
  const lines = [csvLine(header)];
  for (const c of shown) {
    const findings = inSignalOrder(c);
    lines.push(
      csvLine([
        c.customerId,
        c.name,
        c.repId,
        c.tier,
        c.status,
        c.atRisk,
        // As people read it (Excel shows "72%" as a percentage); JSON keeps the number in [0, 1].
        formatRiskPercent(c.risk),
        formatDecimal(c.moneyAtRisk),
        c.lastOrderDate,
        c.daysSinceLastOrder,
        c.cycleDays,
        formatDecimal(c.lastPeriodSales),
        formatDecimal(c.trailingSales),
        c.lastVisitDate,
        c.lastCouponDate,
        findings.map((f) => f.rule).join(';'),
        [
          ...findings.map((f) => describeFinding(f, locale)),
          ...(c.learned && c.atRisk ? [describeLearned(c.learned, locale)] : []),
        ].join('; '),
      ]),
    );
  }
  return `${lines.join('\n')}\n`;
}
