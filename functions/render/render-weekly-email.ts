import { TIERS } from '../core/config.ts';
import type { MonthlyActivity } from '../core/activity.ts';
import { tierName } from '../text/explain.ts';
import { actionText } from '../text/follow-up-answers.ts';
import type { Locale } from '../core/locale.ts';
import { type Catalogue, textFor } from '../text/catalogue.ts';
import { formatMoney } from '../core/money.ts';
import {
  badge,
  COLORS,
  dataTable,
  EMAIL_WIDTH,
  emailDocument,
  escapeHtml,
  escapeKeepingTokens,
  heading,
  NOWRAP,
  oneLine,
  paragraph,
  configVersionLines,
  ratioPercent,
  row,
  smallPrint,
  type TableColumn,
  wholeMoney,
} from './html.ts';
import { CHART_WORDS } from './chart-words.ts';
import { barChartPng, type BarChartOptions } from './png-chart.ts';
import {
  effectLine,
  followUpLine,
  followUpTitle,
  reasonsLine,
  unansweredTitle,
  warnedAgo,
} from './follow-up-text.ts';
import type { FollowUpCounts, WeeklySummary, WeeklyTrendPoint } from './weekly-model.ts';
import type { RecoveryStats } from '../core/recovery.ts';
import { recoveryChangeLine, recoveryDetail, recoveryRate, recoveryTitle } from './recovery-text.ts';
import {
  activityFigures,
  atRiskChange,
  type ChurnFigure,
  churnRows,
  followUpBasisNote,
  largestFigures,
  repFigures,
  signalCounts,
  tierCounts,
  unansweredNote,
  weeklyBasisNote,
  weeklyOverview,
} from './weekly-text.ts';

export interface InlineImage {
  /** Referenced from the HTML as `cid:<contentId>`. */
  contentId: string;
  fileName: string;
  png: Buffer;
}

export interface RenderedWeeklyEmail {
  subject: string;
  html: string;
  text: string;
  images: InlineImage[];
}

/**
 * The column is 600 px with 24 px padding; charts are drawn at twice that for sharp bars and text on phones.
 * The height leaves the bars about 120 px under the title, scale and labels.
 */
const CHART_WIDTH = EMAIL_WIDTH - 48;
const CHART_HEIGHT = 220;
const CHART_SCALE = 2;
/** The running month and the months the baseline is taken from, without crowding the labels under the bars. */
const ACTIVITY_MONTHS = 6;

const CHART_COLORS = {
  current: COLORS.accent,
  previous: '#a9b4c2',
  unfinished: '#9dbbe0',
} as const;

/**
 * A manager's weekly summary as an email with inline charts. Each chart carries its title, scale, labels and
 * values in the picture; it still sits above a row of the same labels and numbers in HTML and has alt text
 * with them, for clients that block images (many do until the reader allows them).
 */
export function renderWeeklyEmail(summary: WeeklySummary): RenderedWeeklyEmail {
  const locale = summary.recipient.locale;
  const say = textFor(locale).weekly;
  const team = oneLine(summary.teamName) || oneLine(summary.recipient.repId);
  const period = say.period(summary.weekStart, summary.weekEnd);
  const subject = say.subject(
    team,
    period,
    summary.atRiskNow,
    summary.newThisWeek,
    summary.recoveredThisWeek,
  );

  const out = createSink(locale);
  const preheader = overviewSection(out, summary, team, period);
  trendSection(out, summary);
  tierSection(out, summary);
  signalSection(out, summary);
  churnSection(out, summary);
  recoverySection(out, summary);
  activitySection(out, summary);
  repSection(out, summary);
  followUpSection(out, summary);
  largestSection(out, summary);
  escalationSection(out, summary);
  unansweredSection(out, summary);
  footerSection(out, summary, team);

  return {
    subject,
    html: emailDocument({ locale, title: subject, preheader, rows: out.html }),
    text: out.text.join('\n'),
    images: out.images,
  };
}

/** Where the sections write: HTML rows, plain-text lines and the chart images, in reading order. */
interface Sink {
  locale: Locale;
  /** The weekly summary's words and the pieces every message shares, in the reader's language. */
  words: Catalogue['weekly'];
  message: Catalogue['message'];
  html: string[];
  text: string[];
  images: InlineImage[];
  /** A section heading in both parts. */
  section(title: string): void;
  /** A paragraph of plain text in both parts. */
  say(line: string): void;
  /** Draws a chart at the email's chart size, attaches it and returns it for {@link chartImg}. */
  chart(id: string, chart: Omit<BarChartOptions, 'width' | 'height'>): InlineImage;
}

function createSink(locale: Locale): Sink {
  const sink: Sink = {
    locale,
    words: textFor(locale).weekly,
    message: textFor(locale).message,
    html: [],
    text: [],
    images: [],
    section(title) {
      sink.html.push(row(heading(title), '12px 24px 8px'));
      sink.text.push('', `== ${title} ==`);
    },
    say(line) {
      sink.html.push(row(paragraph(escapeHtml(line))));
      sink.text.push(line);
    },
    chart(id, chart) {
      const image: InlineImage = {
        contentId: `${id}@churn-watch`,
        fileName: `${id}.png`,
        png: barChartPng({
          width: CHART_WIDTH * CHART_SCALE,
          height: CHART_HEIGHT * CHART_SCALE,
          textColor: COLORS.text,
          mutedTextColor: COLORS.muted,
          ...chart,
        }),
      };
      sink.images.push(image);
      return image;
    },
  };
  return sink;
}

/** Heading, the four headline numbers and a sentence about them; returns that sentence for the preheader. */
function overviewSection(out: Sink, summary: WeeklySummary, team: string, period: string): string {
  const { locale, words: say } = out;
  out.html.push(
    row(heading(say.title(team), { level: 1 }), '24px 24px 4px'),
    row(`<p style="margin:0;color:${COLORS.muted};font-size:13px;">${escapeHtml(period)}</p>`, '0 24px 16px'),
  );
  out.text.push(say.title(team), period);
  const changeText = atRiskChange(summary, locale);
  out.html.push(
    row(
      statGrid([
        [say.stats.atRisk, String(summary.atRiskNow), say.stats.lastWeek(summary.atRiskLastWeek, changeText)],
        [say.stats.fresh, String(summary.newThisWeek), ''],
        [say.stats.recovered, String(summary.recoveredThisWeek), ''],
        [say.stats.escalations, String(summary.escalationsThisWeek), ''],
      ]),
    ),
  );
  const overview = weeklyOverview(summary, locale);
  out.text.push('');
  out.say(overview);
  out.say(weeklyBasisNote(locale));
  return overview;
}

/**
 * At-risk customers and money at risk at the end of each of the last weeks (up to 8), as two bar charts with
 * the numbers under them. Nothing while the weekly use case sends no trend; one line while it has one week.
 */
function trendSection(out: Sink, summary: WeeklySummary): void {
  const { locale, words: say } = out;
  const trend = summary.trend ?? [];
  if (trend.length === 0) return;
  const weeks = trend.length;
  out.section(say.trend.title(weeks));
  if (weeks < 2) {
    out.say(say.trend.startsNextWeek);
    return;
  }
  const words = CHART_WORDS[locale];
  const series: BarSeries<WeeklyTrendPoint>[] = [
    {
      id: 'trend-at-risk',
      chartTitle: words.trendAtRiskTitle(weeks),
      title: say.trend.atRisk,
      unit: words.customers,
      formatTick: wholeTick,
      wholeSteps: true,
      value: (point: WeeklyTrendPoint) => point.atRisk,
      label: (point: WeeklyTrendPoint) => String(point.atRisk),
      exact: (point: WeeklyTrendPoint) => String(point.atRisk),
    },
    {
      id: 'trend-money-at-risk',
      chartTitle: words.trendMoneyTitle(weeks),
      title: say.trend.moneyAtRisk,
      unit: words.yuan,
      formatTick: (yuan: number) => words.compactYuan(yuan),
      wholeSteps: false,
      // In yuan: the scale's round numbers are then round amounts.
      value: (point: WeeklyTrendPoint) => point.moneyAtRisk / 100,
      label: (point: WeeklyTrendPoint) => words.compactYuan(point.moneyAtRisk / 100),
      exact: (point: WeeklyTrendPoint) => wholeMoney(point.moneyAtRisk),
    },
  ];
  seriesCharts(out, trend, series, {
    title: words.weekEnding,
    label: (point) => shortDay(point.weekEnd),
    text: (point) => point.weekEnd,
  });
}

/** One chart of a series over points in time (weeks, months): how to draw it and say it. */
interface BarSeries<P> {
  id: string;
  /** The line's name in the plain text and the alt text. */
  title: string;
  /** The title drawn in the picture. */
  chartTitle: string;
  unit: string;
  formatTick: (value: number) => string;
  /** A scale of whole steps (counts). */
  wholeSteps: boolean;
  value: (point: P) => number;
  /** Over the bar. */
  label: (point: P) => string;
  /** In the text line. */
  exact: (point: P) => string;
}

/**
 * Each series as a one-bar-per-point chart with its text line (which is also the alt text, for clients that
 * block images), then `note` under each chart, not only the last.
 */
function seriesCharts<P>(
  out: Sink,
  points: readonly P[],
  series: readonly BarSeries<P>[],
  axis: {
    title: string;
    label: (point: P) => string;
    text: (point: P) => string;
    colors?: (point: P) => string[] | undefined;
  },
  note = '',
): void {
  const { message } = out;
  for (const { id, title, chartTitle, unit, formatTick, wholeSteps, value, label, exact } of series) {
    const image = out.chart(id, {
      title: chartTitle,
      valueAxisTitle: unit,
      categoryAxisTitle: axis.title,
      formatTick,
      wholeSteps,
      groups: points.map((point) => ({
        values: [value(point)],
        ...(axis.colors ? { colors: axis.colors(point) } : {}),
        label: axis.label(point),
        valueLabels: [label(point)],
      })),
      colors: [CHART_COLORS.current],
    });
    const line = `${title}${message.colon}${points.map((point) => `${axis.text(point)} ${exact(point)}`).join(message.comma)}`;
    out.html.push(row(chartImg(image, line) + note));
    out.text.push(line);
  }
}

function tierSection(out: Sink, summary: WeeklySummary): void {
  const { locale, words: say, message } = out;
  out.section(say.tiers.title);
  const counts = tierCounts(summary, locale);
  const words = CHART_WORDS[locale];
  const image = out.chart('at-risk-by-tier', {
    title: words.tierTitle,
    valueAxisTitle: words.customers,
    categoryAxisTitle: words.tier,
    formatTick: wholeTick,
    wholeSteps: true,
    groups: counts.map(({ label, count }) => ({ values: [count], label, valueLabels: [String(count)] })),
    colors: [CHART_COLORS.current],
  });
  const line = counts.map(({ label, count }) => `${label} ${count}`).join(message.comma);
  out.html.push(row(chartImg(image, say.tiers.alt(line))));
  out.text.push(line);
}

function signalSection(out: Sink, summary: WeeklySummary): void {
  const { locale, words: say, message } = out;
  out.section(say.signals.title);
  const signals = signalCounts(summary, locale);
  if (signals.length === 0) {
    out.say(say.signals.none);
    return;
  }
  const share = (count: number) => (summary.atRiskNow > 0 ? ratioPercent(count / summary.atRiskNow) : '—');
  out.html.push(
    row(
      dataTable(
        [
          { title: say.signals.signal },
          { title: say.signals.customers, align: 'right' },
          { title: say.signals.share, align: 'right' },
        ],
        signals.map(({ title, count }) => [escapeHtml(title), String(count), share(count)]),
      ),
    ),
  );
  for (const { title, count } of signals) {
    out.text.push(`- ${title}${message.colon}${count}${message.aside(share(count))}`);
  }
}

/** Churn per tier, this period against the previous one: a two-bar chart and the table behind it. */
function churnSection(out: Sink, summary: WeeklySummary): void {
  const { locale, words: say, message } = out;
  out.section(say.churn.title(summary.churnPeriodDays));
  const detail = (churn: ChurnFigure) =>
    churn.counts === null ? churn.rate : `${churn.rate}${message.aside(churn.counts)}`;
  const rows = churnRows(summary, locale);
  const words = CHART_WORDS[locale];
  const image = out.chart('churn-by-tier', {
    title: words.churnTitle,
    valueAxisTitle: words.churnRate,
    categoryAxisTitle: words.tier,
    formatTick: ratioPercent,
    legend: [
      { label: words.thisPeriod, color: CHART_COLORS.current },
      { label: words.previousPeriod, color: CHART_COLORS.previous },
    ],
    groups: rows.map(({ label, now, before }) => ({
      values: [now.value ?? Number.NaN, before.value ?? Number.NaN],
      label,
      valueLabels: [now.rate, before.rate],
    })),
    colors: [CHART_COLORS.current, CHART_COLORS.previous],
  });
  const alt = rows
    .map(({ label, now, before }) => say.churn.altTier(label, now.rate, before.rate))
    .join(message.semicolon);
  out.html.push(
    row(
      chartImg(image, say.churn.alt(alt)) +
        dataTable(
          [
            { title: say.churn.tier, nowrap: true },
            { title: words.thisPeriod, align: 'right' },
            { title: say.churn.previous, align: 'right' },
            { title: say.churn.change, align: 'right' },
          ],
          rows.map(({ label, now, before, change }) => [
            escapeHtml(label),
            churnCell(now),
            churnCell(before),
            change ?? '—',
          ]),
        ) +
        smallPrint(say.churn.note),
    ),
  );
  for (const { label, now, before, change } of rows) {
    const points = change === null ? '—' : say.churn.points(change);
    out.text.push(say.churn.line(label, detail(now), detail(before), points));
  }
}

/** How often a warning was followed by an order in time: the team, each tier, each rep, and around a change. */
function recoverySection(out: Sink, summary: WeeklySummary): void {
  const { locale, words: say, message } = out;
  const { recovery } = summary;
  out.section(recoveryTitle(summary, locale));
  const rows: [string, RecoveryStats][] = [
    [say.team, recovery.team],
    ...TIERS.filter((tier) => recovery.byTier[tier].episodes > 0).map((tier): [string, RecoveryStats] => [
      tierName(tier, locale),
      recovery.byTier[tier],
    ]),
    ...summary.reps
      .filter((rep) => rep.recovery.episodes > 0)
      .map((rep): [string, RecoveryStats] => [personName(rep.name, rep.repId), rep.recovery]),
  ];
  const change = recovery.aroundChange
    ? recoveryChangeLine(recovery.aroundChange, recovery.window.withinDays, locale)
    : null;
  out.html.push(
    row(
      dataTable(
        [
          { title: '' },
          { title: say.recovery.warned, align: 'right' },
          { title: say.recovery.recovered, align: 'right' },
          { title: say.recovery.rate, align: 'right' },
        ],
        rows.map(([label, stats]) => [
          escapeHtml(label),
          String(stats.episodes),
          String(stats.recovered),
          recoveryRate(stats),
        ]),
      ) + (change ? paragraph(escapeHtml(change), 'margin:8px 0;font-size:14px;') : ''),
    ),
  );
  for (const [label, stats] of rows)
    out.text.push(`- ${label}${message.colon}${recoveryDetail(stats, locale)}`);
  if (change) out.text.push(change);
}

/** Active customers and average order value per month, the running month lighter, against the baseline. */
function activitySection(out: Sink, summary: WeeklySummary): void {
  const { locale, words: say } = out;
  out.section(say.activity.title);
  const months = summary.activity.months.slice(-ACTIVITY_MONTHS);
  if (months.length === 0) {
    // Empty charts and a label with nothing after it look broken; say why there is nothing to draw.
    out.say(say.activity.noHistory);
    if (summary.activity.latest !== null)
      for (const line of activityComparison(locale, summary)) out.say(line);
    return;
  }
  const monthColor = (month: MonthlyActivity) => (month.complete ? undefined : [CHART_COLORS.unfinished]);
  const monthLabel = (month: MonthlyActivity) => `${month.month}${month.complete ? '' : say.activity.soFar}`;
  const words = CHART_WORDS[locale];
  const series: BarSeries<MonthlyActivity>[] = [
    {
      id: 'active-customers',
      title: words.activeTitle,
      chartTitle: words.activeTitle,
      unit: words.customers,
      formatTick: wholeTick,
      wholeSteps: true,
      value: (m: MonthlyActivity) => m.activeCustomers,
      exact: (m: MonthlyActivity) => String(m.activeCustomers),
      label: (m: MonthlyActivity) => String(m.activeCustomers),
    },
    {
      id: 'average-order-value',
      title: words.orderValueTitle,
      chartTitle: words.orderValueTitle,
      unit: words.yuan,
      formatTick: (minor: number) => words.compactYuan(minor / 100),
      wholeSteps: false,
      value: (m: MonthlyActivity) => m.averageOrderValue ?? Number.NaN,
      exact: (m: MonthlyActivity) => (m.averageOrderValue === null ? '—' : formatMoney(m.averageOrderValue)),
      label: (m: MonthlyActivity) => (m.averageOrderValue === null ? '—' : wholeMoney(m.averageOrderValue)),
    },
  ];
  // Under each chart, not only the last: a reader looking at either one sees what the light bar means.
  const unfinishedNote = months.some((m) => !m.complete) ? smallPrint(say.activity.unfinishedNote) : '';
  seriesCharts(
    out,
    months,
    series,
    {
      title: words.month,
      label: (m) => words.monthLabel(Number(m.month.slice(5, 7)), m.complete),
      text: monthLabel,
      colors: monthColor,
    },
    unfinishedNote,
  );
  for (const line of activityComparison(locale, summary)) out.say(line);
}

function repSection(out: Sink, summary: WeeklySummary): void {
  const { words: say } = out;
  out.section(say.reps.title);
  if (summary.reps.length === 0) {
    out.say(say.reps.none);
    return;
  }
  const columns: TableColumn[] = [
    { title: say.reps.rep },
    { title: say.reps.atRisk, align: 'right' },
    // New and recovered share a column: six columns do not fit a phone.
    { title: say.reps.freshRecovered, align: 'right' },
    { title: say.reps.visits, align: 'right' },
    { title: say.reps.moneyAtRisk, align: 'right' },
  ];
  out.html.push(
    row(
      dataTable(
        columns,
        summary.reps.map((rep) => [
          escapeHtml(personName(rep.name, rep.repId)),
          String(rep.atRisk),
          `${rep.newThisWeek} / ${rep.recoveredThisWeek}`,
          // No visit in a week while customers are at risk is what a manager should see first.
          rep.visitsLogged === 0 && rep.atRisk > 0
            ? `<strong style="color:${COLORS.danger};">0</strong>`
            : String(rep.visitsLogged),
          escapeHtml(repFigures(rep).moneyAtRisk),
        ]),
      ),
    ),
  );
  for (const rep of summary.reps) {
    out.text.push(
      say.reps.line({
        name: personName(rep.name, rep.repId),
        atRisk: rep.atRisk,
        fresh: rep.newThisWeek,
        recovered: rep.recoveredThisWeek,
        visits: rep.visitsLogged,
        money: repFigures(rep).moneyAtRisk,
      }),
    );
  }
}

/**
 * What the reps did with the week's warnings: the team in a sentence, each rep who had warnings in a row, the
 * reasons given for "not a real risk", and what the counts mean. Nothing when follow-up is off.
 */
function followUpSection(out: Sink, summary: WeeklySummary): void {
  const { locale, words: say, message } = out;
  const followUp = summary.followUp;
  if (!followUp) return;
  const { withinDays } = followUp;
  out.section(followUpTitle(withinDays, locale));
  out.say(`${say.team}${message.colon}${followUpLine(followUp.team, withinDays, locale)}`);
  const reps = summary.reps.filter((rep) => (rep.followUp?.warned ?? 0) > 0);
  if (reps.length > 0) {
    // Waiting and shop closed under the cells they sit next to: six columns do not fit a phone.
    const under = (count: number, text: (count: number) => string) =>
      count > 0
        ? `<br><span style="font-size:12px;color:${COLORS.muted};">${escapeHtml(text(count))}</span>`
        : '';
    out.html.push(
      row(
        dataTable(
          [
            { title: say.reps.rep },
            { title: say.recovery.warned, align: 'right' },
            { title: say.followUp.followedUpColumn, align: 'right' },
            { title: say.followUp.notFollowedUpColumn, align: 'right' },
            { title: actionText('not_real', locale), align: 'right' },
          ],
          reps.map((rep) => {
            const counts = rep.followUp as FollowUpCounts;
            return [
              escapeHtml(personName(rep.name, rep.repId)),
              String(counts.warned),
              String(counts.followedUp),
              // A warning left without follow-up is what the manager asks the rep about.
              (counts.notFollowedUp > 0
                ? `<strong style="color:${COLORS.danger};">${counts.notFollowedUp}</strong>`
                : '0') + under(counts.waiting, say.followUp.waitingUnder),
              String(counts.notReal) + under(counts.closed, say.followUp.closedUnder),
            ];
          }),
        ),
      ),
    );
    for (const rep of reps) {
      const counts = rep.followUp as FollowUpCounts;
      out.text.push(
        `- ${personName(rep.name, rep.repId)}${message.colon}${followUpLine(counts, withinDays, locale)}`,
      );
    }
  }
  const reasons = reasonsLine(followUp.team, locale);
  if (reasons) out.say(reasons);
  const effect = effectLine(followUp, locale);
  if (effect) out.say(effect);
  const note = followUpBasisNote(withinDays, locale);
  out.html.push(row(smallPrint(note)));
  out.text.push(note);
}

/** The warnings nobody answered, oldest first, with the rep to ask: part of what the manager must chase. */
function unansweredSection(out: Sink, summary: WeeklySummary): void {
  const { locale, message } = out;
  const followUp = summary.followUp;
  if (!followUp) return;
  out.section(unansweredTitle(locale));
  out.say(unansweredNote(followUp, locale));
  if (followUp.unanswered.length === 0) return;
  const lines = followUp.unanswered.map((warning, i) => ({
    name: personName(warning.name, warning.customerId),
    rest: [message.rep(personName(warning.repName, warning.repId)), warnedAgo(warning, locale)],
    index: i + 1,
  }));
  out.html.push(
    row(
      lines
        .map(
          ({ name, rest, index }) =>
            `<div style="margin:0 0 4px;font-size:14px;"><strong>${index}. ${escapeHtml(name)}</strong>` +
            `<span style="color:${COLORS.muted};"> · ${rest.map(escapeKeepingTokens).join(' · ')}</span></div>`,
        )
        .join(''),
    ),
  );
  for (const { name, rest, index } of lines) out.text.push(`${index}. ${[name, ...rest].join(' · ')}`);
}

/** The customers with the most money at risk, in the order given, each with its rep. */
function largestSection(out: Sink, summary: WeeklySummary): void {
  const { locale, words: say, message } = out;
  const { listSeparator } = textFor(locale).signals;
  out.section(say.largest.title);
  if (summary.largestAtRisk.length === 0) {
    out.say(say.largest.none);
    return;
  }
  summary.largestAtRisk.forEach((customer, i) => {
    const name = personName(customer.name, customer.customerId);
    const id = oneLine(customer.name ?? '') ? oneLine(customer.customerId) : null;
    const rep =
      customer.repId === null && customer.repName === null
        ? say.largest.noRep
        : message.rep(personName(customer.repName, customer.repId ?? ''));
    const figures = largestFigures(customer, locale);
    const { signals } = figures;
    const details = [rep, figures.risk, figures.age];
    const detailsHtml = inlineUnits(details, '&nbsp;·', ' ');
    // The separator's mark ends a unit and its space (English has one) goes between units, where a line may break.
    const mark = listSeparator.trimEnd();
    const signalsHtml = inlineUnits(signals, escapeHtml(mark), listSeparator.slice(mark.length));
    out.html.push(
      row(
        `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="width:100%;border-bottom:1px solid ${COLORS.border};">` +
          `<tr><td style="padding:6px 0;font-size:14px;line-height:1.5;">` +
          `<strong>${i + 1}. ${escapeHtml(name)}</strong>` +
          (id ? ` <span style="font-size:12px;color:${COLORS.muted};">${escapeHtml(id)}</span>` : '') +
          badge(tierName(customer.tier, locale), COLORS.muted) +
          `<div style="color:${COLORS.muted};">${detailsHtml}</div>` +
          // The signals on their own line: they are what the manager asks the rep about.
          (signalsHtml ? `<div style="color:${COLORS.muted};">${signalsHtml}</div>` : '') +
          '</td>' +
          `<td align="right" valign="top" style="padding:6px 0 6px 8px;font-size:14px;font-weight:bold;${NOWRAP};">` +
          `${escapeHtml(figures.moneyAtRisk)}</td></tr></table>`,
        '0 24px 4px',
      ),
    );
    out.text.push(
      [
        `${i + 1}. ${name}`,
        ...(id ? [message.customerId(id)] : []),
        tierName(customer.tier, locale),
        figures.moneyAtRisk,
      ].join(' · '),
      `   ${[...details, ...(signals.length ? [signals.join(listSeparator)] : [])].join(' · ')}`,
    );
  });
}

function escalationSection(out: Sink, summary: WeeklySummary): void {
  const { words: say } = out;
  const count = summary.escalationsThisWeek;
  out.section(say.escalations.title);
  out.say(count === 0 ? say.escalations.none : say.escalations.some(count));
}

function footerSection(out: Sink, summary: WeeklySummary, team: string): void {
  const { locale, words: say } = out;
  const lines = [say.footer(team)];
  lines.push(...configVersionLines(summary.configVersion, locale));
  out.html.push(
    row(
      lines.map((line) => smallPrint(line)).join(''),
      '16px 24px 20px',
      `border-top:1px solid ${COLORS.border};`,
    ),
  );
  out.text.push('', '--', ...lines, '');
}

/** A person from master data by name, or by id when the name was never sent. */
const personName = (name: string | null, id: string): string => oneLine(name ?? '') || oneLine(id);

/** The rate, with churned/base under it in small print (numbers only, nothing to escape). */
const churnCell = (churn: ChurnFigure): string =>
  churn.counts === null
    ? churn.rate
    : `${churn.rate}<br><span style="font-size:12px;color:${COLORS.muted};">${churn.counts}</span>`;

/** Counts on a chart's scale: whole numbers only (the scale steps by whole numbers, see `wholeSteps`). */
const wholeTick = (value: number): string => String(Math.round(value));

/** `11/20` from `2026-11-20`: eight of them fit under a phone-width chart. */
const shortDay = (day: string): string => `${day.slice(5, 7)}/${day.slice(8, 10)}`;

function activityComparison(locale: Locale, summary: WeeklySummary): string[] {
  const say = textFor(locale).weekly.activity;
  const figures = activityFigures(summary);
  if (figures === null) return [say.noMonth];
  const { month, activeCustomers, averageOrderValue, baselineMonths } = figures;
  if (baselineMonths === 0) return [say.noBaseline(month, activeCustomers, averageOrderValue)];
  return [
    say.activeAgainst(
      month,
      activeCustomers,
      baselineMonths,
      figures.baselineActiveCustomers,
      figures.activeCustomersChange,
    ),
    say.orderValueAgainst(
      month,
      averageOrderValue,
      baselineMonths,
      figures.baselineOrderValue,
      figures.averageOrderValueChange,
    ),
  ];
}

/**
 * Short texts as inline blocks, so a line breaks between them and never inside one (the largest-money list
 * used to end a line with `销` and start the next with `售额暴跌`). A text longer than the line (a long rep
 * name) still wraps inside its block rather than running off the screen, and clients that ignore
 * inline-block wrap it as plain text. The separator (already markup) sits inside the block before it: a
 * browser may break right after an inline block, and `、` or `·` must not start a line.
 */
function inlineUnits(texts: readonly string[], separator: string, between: string): string {
  return texts
    .map(
      (text, i) =>
        `<span style="display:inline-block;">${escapeKeepingTokens(text)}${i < texts.length - 1 ? separator : ''}</span>`,
    )
    .join(between);
}

/** The chart image at its display size; `alt` carries the numbers for clients that block images. */
function chartImg(image: InlineImage, alt: string): string {
  return (
    `<img src="cid:${escapeHtml(image.contentId)}" width="${CHART_WIDTH}" height="${CHART_HEIGHT}" alt="${escapeHtml(alt)}" ` +
    `style="display:block;width:100%;max-width:${CHART_WIDTH}px;height:auto;border:0;outline:none;">`
  );
}

/** The headline numbers as a two-by-two grid, which stays two columns wide on a phone. */
function statGrid(stats: readonly (readonly [string, string, string])[]): string {
  const cell = ([label, value, note]: readonly [string, string, string]) =>
    `<td width="50%" valign="top" style="padding:8px 10px;background-color:${COLORS.panel};border:4px solid ${COLORS.card};">` +
    `<div style="font-size:12px;color:${COLORS.muted};">${escapeHtml(label)}</div>` +
    `<div style="font-size:22px;font-weight:bold;line-height:1.3;">${escapeHtml(value)}</div>` +
    (note ? `<div style="font-size:12px;color:${COLORS.muted};">${escapeHtml(note)}</div>` : '') +
    '</td>';
  const rows: string[] = [];
  for (let i = 0; i < stats.length; i += 2) {
    const pair = stats.slice(i, i + 2);
    rows.push(`<tr>${pair.map(cell).join('')}${pair.length === 1 ? '<td width="50%"></td>' : ''}</tr>`);
  }
  return (
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="width:100%;table-layout:fixed;">` +
    `${rows.join('')}</table>`
  );
}
