import { adminPage } from './admin-page.ts';
import { backtest } from './backtest.ts';
import { cli } from './cli.ts';
import { evaluate } from './evaluate.ts';
import { help } from './help.ts';
import { importing } from './importing.ts';
import { inputFiles } from './input-files.ts';
import { learnedRisk } from './learned-risk.ts';
import { local } from './local.ts';
import { modelNotices } from './model-notices.ts';
import { settingsExplained } from './settings-explained.ts';
import { tools } from './tools.ts';

/**
 * What only the command line and the local runtime (`churn-watch local`, its admin page) say, in Chinese: the
 * help, the commands' own output and refusals, the admin page. Kept apart from the shared catalogue
 * (`zh-CN/index.ts`) so no Lambda bundles these words; reached through `cliTextFor` (text/cli-catalogue.ts).
 */
export const zhCNCli = {
  adminPage,
  backtest,
  cli,
  evaluate,
  help,
  importing,
  inputFiles,
  learnedRisk,
  local,
  modelNotices,
  settingsExplained,
  tools,
};

export type CliAreas = typeof zhCNCli;
