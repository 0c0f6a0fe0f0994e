import type { Catalogue } from '../zh-CN/index.ts';
import { adminPage } from './admin-page.ts';
import { backtest } from './backtest.ts';
import { cli } from './cli.ts';
import { deliveryProblem } from './delivery-problem.ts';
import { config } from './config.ts';
import { effect } from './effect.ts';
import { evaluate } from './evaluate.ts';
import { help } from './help.ts';
import { importing } from './importing.ts';
import { learnedRisk } from './learned-risk.ts';
import { local } from './local.ts';
import { runs } from './runs.ts';
import { signals } from './signals.ts';
import { tools } from './tools.ts';

/** Everything churn-watch says to people, in English: the same keys as the Chinese catalogue (the type checks it). */
export const en: Catalogue = {
  signals,
  help,
  cli,
  evaluate,
  importing,
  config,
  learnedRisk,
  backtest,
  effect,
  runs,
  tools,
  local,
  adminPage,
  deliveryProblem,
};
