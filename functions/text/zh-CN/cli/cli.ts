/**
 * What every CLI command may say around its own output: a refused command or option, a database that cannot be
 * reached, an internal error. Options, commands and variables stay as typed (`--help`, `AWS_PROFILE`).
 */
export const cli = {
  unknownLanguage: (given: string) => `--lang 只能是 zh-CN 或 en（收到「${given}」）`,
  unknownCommand: (command: string) => `未知命令：${command}`,
  /**
   * node:util parseArgs refuses in English (`parserSays`); these say the common refusals in the admin's
   * language. Any other refusal is shown as parseArgs says it.
   */
  argsRefused: {
    /** The refusal as shown, under which the command's help may follow. */
    said: (refusal: string) => `参数有误：${refusal}`,
    unknownOption: (option: string, _parserSays: string) =>
      `不认识的选项 ${option}（用 --help 查看可用的选项）`,
    missingValue: (option: string, _parserSays: string) => `选项 ${option} 后面缺少值`,
    extraArgument: (argument: string, _parserSays: string) => `多余的参数 ${argument}（用 --help 查看用法）`,
  },
  internalError: '内部错误',
  /** The command needs the database and found none to talk to. */
  connect: {
    runningLocally: (exportLine: string) =>
      `没有设置数据库地址。本机的 npm start 正在运行，先在这个终端执行：\n  ${exportLine}`,
    nowhere:
      '找不到要连接的数据库：没有设置本机地址，也没有 AWS 凭证。\n' +
      '  连本机（npm start 正在运行）：export AWS_ENDPOINT_URL_DYNAMODB=http://127.0.0.1:8000\n' +
      '  连 AWS：配置 AWS 凭证（AWS_PROFILE 或 AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY）并设置 CHURN_WATCH_TABLE_PREFIX（部署输出 TablePrefix）',
    refused: (endpoint: string) =>
      `连不上 ${endpoint}：本机服务是否在运行（npm start）？端口可用 CHURN_WATCH_DYNAMODB_PORT 修改，地址要与 AWS_ENDPOINT_URL_DYNAMODB 一致。`,
  },
  /** Under a list of problems cut short (an input file's bad rows). */
  moreIssues: (more: number) => `  ……另有 ${more} 个问题`,
  /** A refused `--format`: `choices` are the command's own, in the order its help lists them. */
  formatChoice: (choices: readonly string[]) =>
    `--format 只能是 ${choices.length > 1 ? `${choices.slice(0, -1).join('、')} 或 ${choices.at(-1)}` : choices[0]}`,
  fromAfterTo: '--from 不能晚于 --to',
  ordersRequired: '缺少 --orders 文件',
  asOfRequired: '缺少 --as-of 日期（YYYY-MM-DD）',
  asOfInvalid: (text: string) => `--as-of 应为有效日期 YYYY-MM-DD，收到「${text}」`,
};

export type CliText = typeof cli;
