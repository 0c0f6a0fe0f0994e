import { type Tier, TIERS } from '../core/config.ts';
import { riskLabel, tierName } from '../text/explain.ts';
import type { Locale } from '../core/locale.ts';
import { formatMoney } from '../core/money.ts';
import { packMessages, type PackBlock } from './message-packer.ts';
import {
  effectLine,
  followUpLine,
  followUpTitle,
  reasonsLine,
  unansweredTitle,
  warnedAgo,
} from './follow-up-text.ts';
import { recoveryChangeLine, recoveryDetail, recoveryRate } from './recovery-text.ts';
import {
  followUpBasisNote,
  signalCounts,
  type TierChurn,
  unansweredNote,
  weeklyBasisNote,
  type WeeklySummary,
} from './weekly-model.ts';
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

/** The follow-up sections' titles depend on the summary (followUpTitle, unansweredTitle). */
const SECTION_TITLES: Record<Exclude<SectionId, 'followUp' | 'unanswered'>, Record<Locale, string>> = {
  tiers: { 'zh-CN': '有风险客户 · 按等级', en: 'At risk by tier' },
  signals: { 'zh-CN': '有风险客户 · 按信号', en: 'At risk by signal' },
  churn: { 'zh-CN': '流失率', en: 'Churn rate' },
  recovery: { 'zh-CN': '预警后恢复率', en: 'Recovery after a warning' },
  activity: { 'zh-CN': '活跃客户与客单价', en: 'Active customers and order value' },
  reps: { 'zh-CN': '业务员', en: 'Reps' },
  largest: { 'zh-CN': '风险金额最高的客户', en: 'Most money at risk' },
};

const sep = (locale: Locale) => (locale === 'zh-CN' ? '：' : ': ');

/** A fraction as a percent with one decimal; "—" when there is nothing to divide by. */
const percent = (rate: number | null): string => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);

/** A percent change, signed, one decimal; "—" without a baseline. */
const change = (pct: number | null): string =>
  pct === null ? '—' : `${pct > 0 ? '+' : ''}${pct.toFixed(1)}%`;

const signed = (value: number): string => (value > 0 ? `+${value}` : String(value));

/**
 * A manager's weekly team summary as WeCom `markdown` messages (no tables: the `markdown` type has none, so
 * every breakdown is a list). Split like the digest: each part at most `maxBytes` UTF-8 bytes, with the
 * heading and the current section's heading repeated, the manager mentioned in the first only.
 */
export function renderWeeklyWecom(summary: WeeklySummary, options: WeeklyWecomOptions = {}): string[] {
  const locale = summary.recipient.locale;
  const zh = locale === 'zh-CN';
  const blocks: PackBlock[] = [];
  const add = (section: SectionId, text: string) => blocks.push({ section, text });

  for (const tier of TIERS)
    add('tiers', `- ${tierName(tier, locale)}${sep(locale)}${summary.atRiskByTier[tier]}`);

  const signals = signalCounts(summary, locale);
  if (signals.length === 0) add('signals', zh ? '- 无' : '- none');
  for (const { title, count } of signals) add('signals', `- ${title}${sep(locale)}${count}`);

  for (const tier of TIERS) add('churn', churnLine(tier, summary, locale));

  const { recovery } = summary;
  add('recovery', `- ${zh ? '团队' : 'Team'}${sep(locale)}${recoveryDetail(recovery.team, locale)}`);
  for (const tier of TIERS) {
    if (recovery.byTier[tier].episodes === 0) continue;
    add(
      'recovery',
      `- ${tierName(tier, locale)}${sep(locale)}${recoveryDetail(recovery.byTier[tier], locale)}`,
    );
  }
  if (recovery.aroundChange) {
    add('recovery', `- ${recoveryChangeLine(recovery.aroundChange, recovery.window.withinDays, locale)}`);
  }

  for (const line of activityLines(summary, locale)) add('activity', line);

  if (summary.reps.length === 0) add('reps', zh ? '- 无' : '- none');
  for (const rep of summary.reps) {
    const name = rep.name === null || rep.name.trim() === '' ? rep.repId : rep.name;
    const facts = zh
      ? `有风险 ${rep.atRisk} · 本周新增 ${rep.newThisWeek} · 本周恢复 ${rep.recoveredThisWeek} · 恢复率 ${recoveryRate(rep.recovery)} · 拜访 ${rep.visitsLogged} 次 · 风险金额 ${formatMoney(rep.moneyAtRisk)}`
      : `at risk ${rep.atRisk} · new this week ${rep.newThisWeek} · recovered this week ${rep.recoveredThisWeek} · recovery ${recoveryRate(rep.recovery)} · ${rep.visitsLogged} visits · ${formatMoney(rep.moneyAtRisk)} at risk`;
    add('reps', `- **${safeText(name, NAME_MAX_BYTES)}**${sep(locale)}${facts}`);
  }

  const followUp = summary.followUp;
  if (followUp) {
    const { withinDays } = followUp;
    add(
      'followUp',
      `- ${zh ? '团队' : 'Team'}${sep(locale)}${followUpLine(followUp.team, withinDays, locale)}`,
    );
    for (const rep of summary.reps) {
      if (!rep.followUp || rep.followUp.warned === 0) continue;
      const name = rep.name === null || rep.name.trim() === '' ? rep.repId : rep.name;
      add(
        'followUp',
        `- **${safeText(name, NAME_MAX_BYTES)}**${sep(locale)}${followUpLine(rep.followUp, withinDays, locale)}`,
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
  if (top.length === 0) add('largest', zh ? '- 无' : '- none');
  top.forEach((customer, i) => {
    const name =
      customer.name === null || customer.name.trim() === ''
        ? safeText(customer.customerId, ID_MAX_BYTES)
        : safeText(customer.name, NAME_MAX_BYTES);
    const repName = customer.repName ?? customer.repId;
    const rep =
      repName === null
        ? zh
          ? '未分配业务员'
          : 'no rep'
        : `${zh ? '业务员 ' : 'rep '}${safeText(repName, NAME_MAX_BYTES)}`;
    const tier = `${zh ? '（' : ' ('}${tierName(customer.tier, locale)}${zh ? '）' : ')'}`;
    const risk = escapeWecomMarkdown(riskLabel(customer.risk, customer.learned !== undefined, locale));
    add(
      'largest',
      `${i + 1}. **${name}**${tier} <font color="warning">${formatMoney(customer.moneyAtRisk)}</font> ${risk} <font color="comment">${rep}</font>`,
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
        `${i + 1}. **${name}** <font color="comment">${zh ? '业务员 ' : 'rep '}${rep} · ${warnedAgo(warning, locale)}</font>`,
      );
    });
  }

  const footer = configFooter(summary.configVersion, locale);
  return packMessages({
    maxBytes: options.maxBytes ?? WECOM_MARKDOWN_MAX_BYTES,
    blocks,
    header: (index, count) => weeklyHeader(summary, index, count),
    footer: (index, count) => (index === count - 1 ? footer : ''),
    sectionHeading: (section, continued) => {
      const id = section as SectionId;
      if (id === 'followUp' || id === 'unanswered') {
        const title =
          id === 'followUp'
            ? followUpTitle(summary.followUp?.withinDays ?? 0, locale)
            : unansweredTitle(locale);
        return `### ${title}${continued ? (zh ? '（续）' : ' (cont.)') : ''}`;
      }
      let title = SECTION_TITLES[id][locale];
      if (id === 'recovery') {
        const { from, to, withinDays } = summary.recovery.window;
        title += zh
          ? `（${from} 至 ${to} 的预警，${withinDays} 天内重新下单且不再有风险）`
          : ` (warnings ${from} to ${to}, ordering again and no longer at risk within ${withinDays} days)`;
      }
      if (id === 'churn') {
        title += zh
          ? `（近 ${summary.churnPeriodDays} 天 vs 前 ${summary.churnPeriodDays} 天）`
          : ` (last ${summary.churnPeriodDays} days vs the ${summary.churnPeriodDays} before)`;
      }
      return `### ${title}${continued ? (zh ? '（续）' : ' (cont.)') : ''}`;
    },
    truncatedNote: truncatedNote(locale),
  });
}

function weeklyHeader(summary: WeeklySummary, index: number, count: number): string {
  const locale = summary.recipient.locale;
  const zh = locale === 'zh-CN';
  const team = safeText(summary.teamName, NAME_MAX_BYTES);
  const week = zh
    ? `${summary.weekStart} 至 ${summary.weekEnd}`
    : `${summary.weekStart} to ${summary.weekEnd}`;
  const heading = `## ${zh ? '周报' : 'Weekly summary'} · ${team} · ${week}${partMarker(index, count, locale)}`;
  if (index > 0) return heading;
  const mention = mentionOf(summary.recipient);
  const delta = summary.atRiskNow - summary.atRiskLastWeek;
  const cleared = summary.clearedThisWeek ?? 0;
  const lost = summary.lostThisWeek ?? 0;
  // The movements from last week's count to this week's, all of them, so the line adds up.
  const facts = zh
    ? [
        `有风险客户 <font color="warning">${summary.atRiskNow}</font> 位（上周 ${summary.atRiskLastWeek}，${signed(delta)}）`,
        `本周新增 <font color="warning">${summary.newThisWeek}</font>`,
        `恢复 <font color="info">${summary.recoveredThisWeek}</font>`,
        ...(cleared > 0 ? [`信号消失（未下单）${cleared}`] : []),
        ...(lost > 0 ? [`转为失联 ${lost}`] : []),
        `升级提醒 <font color="warning">${summary.escalationsThisWeek}</font> 次`,
      ]
    : [
        `<font color="warning">${summary.atRiskNow}</font> at risk (last week ${summary.atRiskLastWeek}, ${signed(delta)})`,
        `new this week <font color="warning">${summary.newThisWeek}</font>`,
        `recovered <font color="info">${summary.recoveredThisWeek}</font>`,
        ...(cleared > 0 ? [`no longer flagged without ordering ${cleared}`] : []),
        ...(lost > 0 ? [`lost ${lost}`] : []),
        `escalations <font color="warning">${summary.escalationsThisWeek}</font>`,
      ];
  const basis = `<font color="comment">${escapeWecomMarkdown(weeklyBasisNote(locale))}</font>`;
  return `${heading}\n${mention === '' ? '' : `${mention} `}${facts.join(' · ')}\n${basis}`;
}

function churnLine(tier: Tier, summary: WeeklySummary, locale: Locale): string {
  const zh = locale === 'zh-CN';
  const now: TierChurn = summary.churnThisPeriod[tier];
  const before: TierChurn = summary.churnPreviousPeriod[tier];
  const counts = now.rate === null ? '' : ` <font color="comment">${now.churned}/${now.base}</font>`;
  const previous = zh ? `前期 ${percent(before.rate)}` : `before ${percent(before.rate)}`;
  return `- ${tierName(tier, locale)}${sep(locale)}${percent(now.rate)}${counts}${zh ? `（${previous}）` : ` (${previous})`}`;
}

function activityLines(summary: WeeklySummary, locale: Locale): string[] {
  const zh = locale === 'zh-CN';
  const { latest, baseline, activeCustomersChangePct, averageOrderValueChangePct } = summary.activity;
  if (latest === null) return [zh ? '- 还没有完整月份的数据' : '- No complete month yet'];
  const months = baseline.months;
  const against = zh
    ? `<font color="comment">${latest.month}，对比此前 ${months} 个月平均</font>`
    : `<font color="comment">${latest.month}, against the mean of the ${months} months before</font>`;
  const aov = (value: number | null) => (value === null ? '—' : formatMoney(value));
  const baseLabel = zh ? '基准' : 'baseline';
  const comma = zh ? '，' : ', ';
  return [
    against,
    `- ${zh ? '活跃客户' : 'Active customers'}${sep(locale)}${latest.activeCustomers}${zh ? '（' : ' ('}${baseLabel} ${months > 0 ? baseline.activeCustomers : '—'}${comma}${change(activeCustomersChangePct)}${zh ? '）' : ')'}`,
    `- ${zh ? '客单价' : 'Average order value'}${sep(locale)}${aov(latest.averageOrderValue)}${zh ? '（' : ' ('}${baseLabel} ${aov(baseline.averageOrderValue)}${comma}${change(averageOrderValueChangePct)}${zh ? '）' : ')'}`,
  ];
}
