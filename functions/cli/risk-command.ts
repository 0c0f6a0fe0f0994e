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
  'zh-CN': `用法：churn-watch risk fit|show [--as-of YYYY-MM-DD] [--format text|json]

学习风险模型（riskModel）：用本店自己的历史训练的流失风险评分。开启后（config set riskModel.enabled=true），
每日评估的风险值和“有风险”名单来自这个模型，规则的发现仍作为原因显示给业务员。模型每周汇总时自动重新训练。

  fit    现在就用数据库中的客户档案训练并保存模型（刚开启、或改了 riskModel.horizonDays 后不必等到下周）
  show   显示最新的模型：训练日期、样本、训练集效果、预警线和权重最大的特征，以及明天的评估会不会用它

  --as-of 日期   以哪一天为“今天”（默认为配置时区的今天；fit 不接受过去的日期，除非加 --force）
  --format json  show 输出模型本身（JSON）

先用 churn-watch backtest 在历史数据上比较模型和规则，再决定是否开启。`,
  en: `Usage: churn-watch risk fit|show [--as-of YYYY-MM-DD] [--format text|json]

The learned risk (riskModel): a churn risk score trained on this distributor's own history. Once on (config set
riskModel.enabled=true), the daily run takes each customer's risk and the at-risk list from it; the rules'
findings stay as the reasons reps read. The weekly run refits it.

  fit    trains the model on the stored profiles now and stores it (after turning it on, or changing
         riskModel.horizonDays, without waiting for the week)
  show   shows the newest model: when and on what it learned, how well it did on that, its at-risk line and
         heaviest features, and whether tomorrow's run will use it

  --as-of DATE   the day to treat as today (default: today in the configured time zone; fit refuses a past
                 day unless --force)
  --format json  show prints the model itself (JSON)

Compare the model with the rules on your history with churn-watch backtest before turning it on.`,
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
        { doc: store.doc, table: store.tables.config, config, configVersion: version, now: Date.now },
        profiles,
        asOf,
      );
      io.out(`${refitLine(outcome, locale)}\n`);
      if (!config.riskModel.enabled) {
        io.out(
          zh
            ? '（riskModel.enabled 未开启：每日评估仍按规则。开启：churn-watch config set riskModel.enabled=true）\n'
            : '(riskModel.enabled is off: the daily run keeps the rules. To turn it on: churn-watch config set riskModel.enabled=true)\n',
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
