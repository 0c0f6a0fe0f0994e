import { adminPage } from './admin-page.ts';
import { answers } from './answers.ts';
import { backtest } from './backtest.ts';
import { charts } from './charts.ts';
import { cli } from './cli.ts';
import { config } from './config.ts';
import { dailyRun } from './daily-run.ts';
import { deliveryProblem } from './delivery-problem.ts';
import { digest } from './digest.ts';
import { effectFigures } from './effect-figures.ts';
import { effect } from './effect.ts';
import { evaluate } from './evaluate.ts';
import { followUpAnswers } from './follow-up-answers.ts';
import { help } from './help.ts';
import { importing } from './importing.ts';
import { ingest } from './ingest.ts';
import { inputFiles } from './input-files.ts';
import { learnedRisk } from './learned-risk.ts';
import { local } from './local.ts';
import { message } from './message.ts';
import { modelNotices } from './model-notices.ts';
import { notices } from './notices.ts';
import { problems } from './problems.ts';
import { runs } from './runs.ts';
import { services } from './services.ts';
import { settingsExplained } from './settings-explained.ts';
import { settings } from './settings.ts';
import { signals } from './signals.ts';
import { tools } from './tools.ts';
import { weekly } from './weekly.ts';

/**
 * Everything churn-watch says to people, in Chinese: the catalogue every other language follows. Its shape is
 * the type {@link Catalogue}; each area is a file beside this one, named for what the person is looking at.
 */
export const zhCN = {
  adminPage,
  answers,
  backtest,
  charts,
  cli,
  config,
  dailyRun,
  deliveryProblem,
  digest,
  effectFigures,
  effect,
  evaluate,
  followUpAnswers,
  help,
  importing,
  ingest,
  inputFiles,
  learnedRisk,
  local,
  message,
  modelNotices,
  notices,
  problems,
  runs,
  services,
  settingsExplained,
  settings,
  signals,
  tools,
  weekly,
};

export type Catalogue = typeof zhCN;
