import { TIERS } from '../core/config.ts';
import { tierName } from '../text/explain.ts';
import type { Locale } from '../core/locale.ts';
import { textFor } from '../text/catalogue.ts';
import { packMessages, type PackBlock } from './message-packer.ts';
import {
  effectLine,
  followUpLine,
  followUpTitle,
  reasonsLine,
  unansweredTitle,
  warnedAgo,
} from './follow-up-text.ts';
import { recoveryChangeLine, recoveryDetail, recoveryTitle } from './recovery-text.ts';
import {
  activityFigures,
  atRiskChange,
  churnRows,
  followUpBasisNote,
  largestFigures,
  repFigures,
  signalCounts,
  type TierChurnRow,
  tierCounts,
  unansweredNote,
  weeklyBasisNote,
} from './weekly-text.ts';
import type { WeeklySummary } from './weekly-model.ts';
import {
  configFooter,
  escapeWecomMarkdown,
  ID_MAX_BYTES,
  mentionOf,
  NAME_MAX_BYTES,
  partMarker,
  safeText,
  truncatedNote,
  WECOM_MARKDOWN_MAX_BYTES,
  type WecomRenderOptions,
} from './wecom-markdown.ts';

export interface WeeklyWecomOptions extends WecomRenderOptions {
  /** How many of `largestAtRisk` to list; default 10. */
  topCustomers?: number;
}

type SectionId =
  'tiers' | 'signals' | 'churn' | 'recovery' | 'activity' | 'reps' | 'followUp' | 'largest' | 'unanswered';

/**
 * A manager's weekly team summary as WeCom `markdown` messages (no tables: the `markdown` type has none, so
 * every breakdown is a list). Split like the digest: each part at most `maxBytes` UTF-8 bytes, with the
 * heading and the current section's heading repeated, the manager mentioned in the first only.
 */
export function renderWeeklyWecom(summary: WeeklySummary, options: WeeklyWecomOptions = {}): string[] {
  const locale = summary.recipient.locale;
  const { weekly: say, message } = textFor(locale);
  const colon = message.colon;
  const blocks: PackBlock[] = [];
  const add = (section: SectionId, text: string) => blocks.push({ section, text });

  for (const { label, count } of tierCounts(summary, locale)) add('tiers', `- ${label}${colon}${count}`);

  const signals = signalCounts(summary, locale);
  if (signals.length === 0) add('signals', message.noneItem);
  for (const { title, count } of signals) add('signals', `- ${title}${colon}${count}`);

  for (const churn of churnRows(summary, locale)) add('churn', churnLine(churn, locale));

  const { recovery } = summary;
  add('recovery', `- ${say.team}${colon}${recoveryDetail(recovery.team, locale)}`);
  for (const tier of TIERS) {
    if (recovery.byTier[tier].episodes === 0) continue;
    add('recovery', `- ${tierName(tier, locale)}${colon}${recoveryDetail(recovery.byTier[tier], locale)}`);
  }
  if (recovery.aroundChange) {
    add('recovery', `- ${recoveryChangeLine(recovery.aroundChange, recovery.window.withinDays, locale)}`);
  }

  for (const line of activityLines(summary, locale)) add('activity', line);

  if (summary.reps.length === 0) add('reps', message.noneItem);
  for (const rep of summary.reps) {
    const name = rep.name === null || rep.name.trim() === '' ? rep.repId : rep.name;
    const figures = repFigures(rep);
    const facts = say.reps.wecomFacts({
      atRisk: rep.atRisk,
      fresh: rep.newThisWeek,
      recovered: rep.recoveredThisWeek,
      rate: figures.recoveryRate,
      visits: rep.visitsLogged,
      money: figures.moneyAtRisk,
    });
    add('reps', `- **${safeText(name, NAME_MAX_BYTES)}**${colon}${facts}`);
  }

  const followUp = summary.followUp;
  if (followUp) {
    const { withinDays } = followUp;
    add('followUp', `- ${say.team}${colon}${followUpLine(followUp.team, withinDays, locale)}`);
    for (const rep of summary.reps) {
      if (!rep.followUp || rep.followUp.warned === 0) continue;
      const name = rep.name === null || rep.name.trim() === '' ? rep.repId : rep.name;
      add(
        'followUp',
        `- **${safeText(name, NAME_MAX_BYTES)}**${colon}${followUpLine(rep.followUp, withinDays, locale)}`,
      );
    }
    // An admin's own reasons are their text: escaped like data.
    const reasons = reasonsLine(followUp.team, locale);
    if (reasons) add('followUp', escapeWecomMarkdown(reasons));
    const effect = effectLine(followUp, locale);
    if (effect) add('followUp', escapeWecomMarkdown(effect));
    add(
      'followUp',
      `<font color="comment">${escapeWecomMarkdown(followUpBasisNote(withinDays, locale))}</font>`,
    );
  }

  const top = summary.largestAtRisk.slice(0, options.topCustomers ?? 10);
  if (top.length === 0) add('largest', message.noneItem);
  top.forEach((customer, i) => {
    const name =
      customer.name === null || customer.name.trim() === ''
        ? safeText(customer.customerId, ID_MAX_BYTES)
        : safeText(customer.name, NAME_MAX_BYTES);
    const repName = customer.repName ?? customer.repId;
    const rep = repName === null ? say.largest.noRep : message.rep(safeText(repName, NAME_MAX_BYTES));
    const tier = message.aside(tierName(customer.tier, locale));
    const figures = largestFigures(customer, locale);
    const risk = escapeWecomMarkdown(figures.risk);
    add(
      'largest',
      `${i + 1}. **${name}**${tier} <font color="warning">${figures.moneyAtRisk}</font> ${risk} <font color="comment">${rep}</font>`,
    );
  });

  if (followUp) {
    add('unanswered', unansweredNote(followUp, locale));
    followUp.unanswered.forEach((warning, i) => {
      const name =
        warning.name === null || warning.name.trim() === ''
          ? safeText(warning.customerId, ID_MAX_BYTES)
          : safeText(warning.name, NAME_MAX_BYTES);
      const rep = safeText(warning.repName ?? warning.repId, NAME_MAX_BYTES);
      add(
        'unanswered',
        `${i + 1}. **${name}** <font color="comment">${message.rep(rep)} · ${warnedAgo(warning, locale)}</font>`,
      );
    });
  }

  const titles: Record<SectionId, () => string> = {
    tiers: () => say.tiers.wecomTitle,
    signals: () => say.signals.wecomTitle,
    churn: () => say.churn.wecomTitle(summary.churnPeriodDays),
    recovery: () => recoveryTitle(summary, locale),
    activity: () => say.activity.wecomTitle,
    reps: () => say.reps.wecomTitle,
    followUp: () => followUpTitle(summary.followUp?.withinDays ?? 0, locale),
    largest: () => say.largest.title,
    unanswered: () => unansweredTitle(locale),
  };
  const footer = configFooter(summary.configVersion, locale);
  return packMessages({
    maxBytes: options.maxBytes ?? WECOM_MARKDOWN_MAX_BYTES,
    blocks,
    header: (index, count) => weeklyHeader(summary, index, count),
    footer: (index, count) => (index === count - 1 ? footer : ''),
    sectionHeading: (section, continued) =>
      `### ${titles[section as SectionId]()}${continued ? message.continued : ''}`,
    truncatedNote: truncatedNote(locale),
  });
}

function weeklyHeader(summary: WeeklySummary, index: number, count: number): string {
  const locale = summary.recipient.locale;
  const say = textFor(locale).weekly;
  const team = safeText(summary.teamName, NAME_MAX_BYTES);
  const week = say.period(summary.weekStart, summary.weekEnd);
  const heading = `## ${say.wecomTitle} · ${team} · ${week}${partMarker(index, count, locale)}`;
  if (index > 0) return heading;
  const mention = mentionOf(summary.recipient);
  const cleared = summary.clearedThisWeek ?? 0;
  const lost = summary.lostThisWeek ?? 0;
  // The movements from last week's count to this week's, all of them, so the line adds up.
  const facts = [
    say.headline.atRisk(
      `<font color="warning">${summary.atRiskNow}</font>`,
      summary.atRiskLastWeek,
      atRiskChange(summary, locale),
    ),
    say.headline.fresh(`<font color="warning">${summary.newThisWeek}</font>`),
    say.headline.recovered(`<font color="info">${summary.recoveredThisWeek}</font>`),
    ...(cleared > 0 ? [say.headline.cleared(cleared)] : []),
    ...(lost > 0 ? [say.headline.lost(lost)] : []),
    say.headline.escalations(`<font color="warning">${summary.escalationsThisWeek}</font>`),
  ];
  const basis = `<font color="comment">${escapeWecomMarkdown(weeklyBasisNote(locale))}</font>`;
  return `${heading}\n${mention === '' ? '' : `${mention} `}${facts.join(' · ')}\n${basis}`;
}

function churnLine(churn: TierChurnRow, locale: Locale): string {
  const { weekly: say, message } = textFor(locale);
  const counts = churn.now.counts === null ? '' : ` <font color="comment">${churn.now.counts}</font>`;
  const previous = say.churn.before(churn.before.rate);
  return `- ${churn.label}${message.colon}${churn.now.rate}${counts}${message.aside(previous)}`;
}

function activityLines(summary: WeeklySummary, locale: Locale): string[] {
  const { weekly, message } = textFor(locale);
  const say = weekly.activity;
  const figures = activityFigures(summary);
  if (figures === null) return [say.wecomNoMonth];
  const months = figures.baselineMonths;
  const measure = (label: string, value: string, base: string, change: string) =>
    `- ${label}${message.colon}${value}${message.aside(`${say.baseline} ${base}${message.comma}${change}`)}`;
  return [
    `<font color="comment">${say.against(figures.month, months)}</font>`,
    measure(
      say.active,
      String(figures.activeCustomers),
      months > 0 ? String(figures.baselineActiveCustomers) : '—',
      figures.activeCustomersChange,
    ),
    measure(
      say.averageOrderValue,
      figures.averageOrderValue,
      figures.baselineOrderValue,
      figures.averageOrderValueChange,
    ),
  ];
}
