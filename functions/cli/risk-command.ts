import { parseArgs } from 'node:util';
import { loadConfig } from '../adapters/dynamodb/config-store.ts';
import { readAllProfiles } from '../adapters/dynamodb/profile-scan.ts';
import { latestRiskModelBefore } from '../adapters/dynamodb/risk-model-store.ts';
import type { Locale } from '../core/locale.ts';
import { modelForRun, refitRiskModel, runModelOf } from '../cycle/learned-scoring.ts';
import { type CommandIo, UsageError } from './io.ts';
import { describeModel, learnedRiskStatusLine, refitLine } from './learned-risk-text.ts';
import { parseAsOf, parseStateAsOf } from './run-command.ts';
import { openStore } from './store-context.ts';

export const RISK_HELP: Record<Locale, string> = {
  'zh-CN': `用法：churn-watch risk fit|show [--as-of YYYY-MM-DD] [--force] [--format text|json]

流失风险模型：每位客户的“流失风险”是它在接下来 90 天（riskModel.horizonDays）不再下单的概率，按本店自己的
历史校准。历史够用时（至少 150 天、200 位可学习的客户、20 位以上停过单）用本店历史学习；不够时用 BG/NBD 模型
按本店客户拟合出的概率，并说明原因。风险达到“预警线”（在本店历史上按 F1 选定）的客户进入晨报名单；规则的发现
是给业务员看的原因。管理员可以让某条规则一触发就进名单：config set rules.<规则>.flag=true。
默认开启，不需要任何设置；每周随周报重新训练，第一天没有模型时由当天的评估先训练一个。

  fit    现在就用数据库中的客户档案训练并保存模型（例如改了 riskModel.horizonDays 之后）
  show   显示最新的模型：学习模型还是 BG/NBD、为什么、训练日期、样本、效果、预警线和权重最大的特征，以及明天的评估
         会不会用它

  --as-of 日期   以哪一天为“今天”（默认为配置时区的今天；fit 不接受将来的日期，过去的日期要加 --force）
  --force        fit 按过去的日期训练（之后重跑那些日期会用上这个模型）
  --format json  show 输出模型本身（JSON）

churn-watch backtest 可在过去某天比较这个风险和只看沉默天数、只看下单次数、固定 30 天规则等做法。`,
  en: `Usage: churn-watch risk fit|show [--as-of YYYY-MM-DD] [--force] [--format text|json]

The churn risk model: each customer's risk is the probability that it places no order in the next 90 days
(riskModel.horizonDays), calibrated on this distributor's own history. With enough history (150 days, 200
customers to learn from, 20 or more who stopped) it is learned on that history; otherwise it is BG/NBD's
probability fitted on the customers, and the output says why. Customers at or above the at-risk line (chosen for
F1 on the history) go on the reps' lists; the rules' findings are the reasons reps read. An admin can make a rule
list a customer whenever it fires: config set rules.<rule>.flag=true.
On by default, nothing to set up; refitted with each weekly run, and fitted by the day's run when none exists yet.

  fit    fits the model on the stored profiles now and stores it (e.g. after changing riskModel.horizonDays)
  show   shows the newest model: learned or BG/NBD and why, when and on what it was fitted, how well, its at-risk
         line and heaviest features, and whether tomorrow's run will use it

  --as-of DATE   the day to treat as today (default: today in the configured time zone; fit refuses a future
                 day, and a past one unless --force)
  --force        fit as of a past day (re-runs of the days after it will use that model)
  --format json  show prints the model itself (JSON)

churn-watch backtest compares this risk, on a past day, with days silent alone, orders alone and the 30-day rule.`,
};

export async function riskCommand(argv: string[], io: CommandIo, locale: Locale): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      'as-of': { type: 'string' },
      force: { type: 'boolean', default: false },
      format: { type: 'string', default: 'text' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: true,
  });
  if (values.help) {
    io.out(`${RISK_HELP[locale]}\n`);
    return 0;
  }
  const which = positionals[0];
  if ((which !== 'fit' && which !== 'show') || positionals.length > 1)
    throw new UsageError(RISK_HELP[locale]);
  if (values.format !== 'text' && values.format !== 'json') {
    throw new UsageError(
      locale === 'zh-CN' ? '--format 只能是 text 或 json' : '--format must be text or json',
    );
  }
  const zh = locale === 'zh-CN';
  const store = openStore();
  try {
    const { config, version } = await loadConfig(store.doc, store.tables.config);
    // A fit is stored: a future day would be the model every later run picks up ahead of its time.
    const asOf =
      which === 'fit'
        ? parseStateAsOf(values['as-of'], locale, config.timeZone)
        : parseAsOf(values['as-of'], locale, config.timeZone);
    if (which === 'fit') {
      // A model dated in the past would be the one later days' re-runs pick up, and profiles pruned from
      // purchases after that day hold less of its history: fit as of today unless the admin means it.
      const today = parseAsOf(undefined, locale, config.timeZone);
      if (asOf < today && !values.force) {
        throw new UsageError(
          zh
            ? `不能按过去的日期训练（--as-of ${values['as-of']} 早于今天）：之后重跑那些日期会用上这个模型；确实需要请加 --force`
            : `not fitting as of a past day (--as-of ${values['as-of']} is before today): re-runs of the days after it would use the model; add --force if you mean it`,
          1,
        );
      }
      const { profiles } = await readAllProfiles(store.doc, store.tables.profiles, 4);
      const { outcome } = await refitRiskModel(
        {
          doc: store.doc,
          table: store.tables.config,
          followups: store.tables.followups,
          config,
          configVersion: version,
          now: Date.now,
        },
        profiles,
        asOf,
      );
      io.out(`${refitLine(outcome, locale)}\n`);
      if (!config.riskModel.enabled) {
        io.out(
          zh
            ? '（riskModel.enabled 已关闭：每日评估按规则的旧打分。重新开启：churn-watch config set riskModel.enabled=true）\n'
            : "(riskModel.enabled is off: the daily run uses the rules' old score. To turn it back on: churn-watch config set riskModel.enabled=true)\n",
        );
      }
      return outcome.status === 'fitted' ? 0 : 1;
    }
    // The newest model, whatever its day, and what tomorrow's run would make of it.
    const newest = await latestRiskModelBefore(store.doc, store.tables.config, asOf + 1);
    if (values.format === 'json') {
      io.out(`${JSON.stringify(newest.ok ? newest.stored : null, null, 2)}\n`);
      return newest.ok ? 0 : 1;
    }
    if (newest.ok) io.out(`${describeModel(newest.stored.model, locale)}\n`);
    const tomorrow = config.riskModel.enabled
      ? await modelForRun(store.doc, store.tables.config, config, asOf + 1)
      : null;
    io.out(
      tomorrow
        ? `${learnedRiskStatusLine(tomorrow.status, locale)}\n`
        : zh
          ? '风险评分：按规则（riskModel.enabled 未开启）\n'
          : 'Risk: rules (riskModel.enabled is off)\n',
    );
    if (!newest.ok && newest.reason === 'unreadable') {
      io.err(`${learnedRiskStatusLine(runModelOf(newest, config, asOf).status, locale)}\n`);
    }
    return newest.ok ? 0 : 1;
  } finally {
    store.close();
  }
}
