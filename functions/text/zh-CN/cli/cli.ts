/**
 * What every CLI command may say around its own output: a refused command or option, a database that cannot be
 * reached, an internal error. Options, commands and variables stay as typed (`--help`, `AWS_PROFILE`).
 */
export const cli = {
  unknownLanguage: (given: string) => `--lang 只能是 zh-CN 或 en（收到「${given}」）`,
  unknownCommand: (command: string, meant?: string) =>
    `未知命令：${command}${meant ? `。是不是要 ${meant}？` : ''}`,
  /**
   * What node:util parseArgs refuses (it speaks English), in the admin's language; the command's usage lines and
   * where its help is follow. `nearest` is the option a typo was likely meant as.
   */
  argsRefused: {
    unknownOption: (option: string, nearest?: string) =>
      `未知选项 ${option}${nearest ? `；是不是 ${nearest}？` : ''}`,
    missingValue: (option: string) => `选项 ${option} 后面缺少值`,
    /** `--orders --as-of …`: the value looks like the next option. */
    valueLooksLikeOption: (option: string) =>
      `选项 ${option} 后面缺少值（紧跟的是另一个选项；值本身以 - 开头时写成 ${option}=-…）`,
    takesNoValue: (option: string) => `选项 ${option} 不带值`,
  },
  /**
   * A call in a form the command does not take, said in one line above the command's usage lines (not its whole
   * help, in which the admin would have to find the mistake). Commands, options and choices stay as typed.
   */
  wrongForm: {
    seeHelp: (command: string) => `完整说明：churn-watch ${command} --help`,
    /**
     * The word after the command (`run daily`) is missing or not one it takes; `meant` is the whole call with a
     * likely typo fixed (`churn-watch import orders x.csv`).
     */
    choice: (command: string, choices: readonly string[], given?: string, meant?: string) =>
      `churn-watch ${command} 后面应为 ${choices.length > 1 ? `${choices.join('、')} 之一` : choices[0]}` +
      (given === undefined ? '' : `，收到「${given}」${meant ? `。是不是要 ${meant}？` : ''}`),
    extra: (extras: readonly string[]) => `多余的参数：${extras.join(' ')}`,
    optionChoice: (option: string, choices: readonly string[], given: string) =>
      `${option} 只能是 ${choices.join('、')} 之一，收到「${given}」`,
    optionsRequired: (options: readonly string[]) => `缺少 ${options.join(' 和 ')}`,
    /** Options of which exactly one is given (`snooze --until | --clear`). */
    exactlyOne: (options: readonly string[]) => `要给 ${options.join(' 或 ')}（只给其中一个）`,
    customerMissing: '缺少客户编号',
    deliveryMissing: '缺少要重发的记录编号',
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
