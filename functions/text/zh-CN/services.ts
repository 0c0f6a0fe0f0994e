/**
 * What an operator reads when a deployment's parts do not answer as they should: the EventBridge schedules a
 * settings change moves, the signing key of digest links, and the secret that holds the reps' WeCom robots.
 * Names of variables, schedules and secrets are shown as configured; `error` is the AWS SDK's own words.
 */
export const services = {
  scheduleMissing: (name: string, prefixVariable: string) =>
    `定时任务 ${name} 不存在：请先部署（npx cdk deploy），或检查 ${prefixVariable} 和 AWS 区域是否指向这套部署`,
  /** `prefix` arrives as JSON, `"prod prefix"`. */
  schedulePrefixInvalid: (variable: string, prefix: string) =>
    `环境变量 ${variable}=${prefix} 无效：只能用字母、数字、“-”“_”“.”，例如 churn-watch-prod-`,
  scheduleUnreadable: (name: string, error: string) => `无法读取定时任务 ${name}（${error}），没有做任何更改`,
  /** `done`: the schedules already updated, joined with ", ", or '' for none. */
  scheduleNotUpdated: (name: string, error: string, done: string) =>
    `定时任务 ${name} 未能更新（${error}）${done ? `；已更新：${done}` : ''}。原因解决后再同步一次即可补上`,

  actionKeyTwoSources: (secretVariable: string, fileVariable: string) =>
    `${secretVariable} 和 ${fileVariable} 只能设置一个（签名密钥只能有一处来源）`,
  actionKeyMissing: (urlVariable: string, secretVariable: string, fileVariable: string) =>
    `已设置 ${urlVariable}，但没有签名密钥：请设置 ${secretVariable} 或 ${fileVariable}`,
  actionUrlInvalid: (urlVariable: string) =>
    `${urlVariable} 不是网址：请设置为 https://… （不带查询参数），例如 API 的阶段地址`,
  actionKeySecretUnreadable: (secretId: string, error: string) =>
    `无法读取签名密钥 secret ${secretId}（${error}）`,
  actionKeySecretEmpty: (secretId: string) => `secret ${secretId} 中没有文本值；签名密钥应为一串字母和数字`,
  actionKeyFileUnreadable: (file: string, fileVariable: string, error: string, urlVariable: string) =>
    `无法读取签名密钥文件 ${file}（${fileVariable}；${error}）：本机运行时请确认 npm start 正在运行，或取消设置 ${urlVariable}`,
  /** `origin` says where the key came from, `secret …` or `file …`. */
  actionKeyTooShort: (origin: string, minLength: number) =>
    `${origin} 中的签名密钥少于 ${minLength} 个字符，不予使用（此处不显示其内容）`,

  vaultUnreadable: (secretId: string, error: string) => `无法读取密钥 ${secretId}（${error}）`,
  vaultUnwritable: (secretId: string, error: string) =>
    `无法写入密钥 ${secretId}（${error}）；请重新发送这批业务员`,
  vaultMalformed: (secretId: string) =>
    `密钥 ${secretId} 的内容不是“业务员编号 → 企业微信机器人地址”的 JSON 对象` +
    '（例如 {"R01": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…"}）；' +
    '请在 Secrets Manager 控制台中修正（此处不显示其内容）',
  vaultTooLarge: (secretId: string) =>
    `机器人地址过多，密钥 ${secretId} 超出 Secrets Manager 的 64 KB 上限，未做任何更改`,
  vaultBusy: '另一个导入正在更新业务员的企业微信机器人地址，本批业务员未保存；请稍后重新发送',
};

export type ServicesText = typeof services;
