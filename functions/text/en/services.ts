import type { ServicesText } from '../zh-CN/services.ts';

export const services: ServicesText = {
  scheduleMissing: (name, prefixVariable) =>
    `schedule ${name} does not exist: deploy first (npx cdk deploy), or check that ` +
    `${prefixVariable} and the AWS region point at this deployment`,
  schedulePrefixInvalid: (variable, prefix) =>
    `environment variable ${variable}=${prefix} is invalid: use letters, digits, "-", "_" or ".", e.g. churn-watch-prod-`,
  scheduleUnreadable: (name, error) => `could not read schedule ${name} (${error}); nothing was changed`,
  scheduleNotUpdated: (name, error, done) =>
    `schedule ${name} could not be updated (${error})${done ? `; already updated: ${done}` : ''}. Sync again once the cause is fixed to finish`,

  actionKeyTwoSources: (secretVariable, fileVariable) =>
    `set ${secretVariable} or ${fileVariable}, not both: the signing key has one home`,
  actionKeyMissing: (urlVariable, secretVariable, fileVariable) =>
    `${urlVariable} is set but no signing key is: set ${secretVariable} or ${fileVariable}`,
  actionUrlInvalid: (urlVariable) =>
    `${urlVariable} is not a URL: use https://… without a query, e.g. the API stage URL`,
  actionKeySecretUnreadable: (secretId, error) =>
    `could not read the signing key from secret ${secretId} (${error})`,
  actionKeySecretEmpty: (secretId) =>
    `secret ${secretId} holds no text value; the signing key is a string of letters and digits`,
  actionKeyFileUnreadable: (file, fileVariable, error, urlVariable) =>
    `could not read the signing key file ${file} (${fileVariable}; ${error}): locally, check that npm start is running, or unset ${urlVariable}`,
  actionKeyTooShort: (origin, minLength) =>
    `the signing key in ${origin} is shorter than ${minLength} characters and is not used (its content is not shown here)`,

  vaultUnreadable: (secretId, error) => `could not read secret ${secretId} (${error})`,
  vaultUnwritable: (secretId, error) =>
    `could not write secret ${secretId} (${error}); send these reps again`,
  vaultMalformed: (secretId) =>
    `secret ${secretId} is not a JSON object of rep id → WeCom webhook URL ` +
    '(e.g. {"R01": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…"}); ' +
    'fix it in the Secrets Manager console (its content is not shown here)',
  vaultTooLarge: (secretId) =>
    `too many robots: secret ${secretId} would exceed Secrets Manager's 64 KB limit; nothing was changed`,
  vaultBusy:
    "another import is updating the reps' WeCom robots; this batch of reps was not stored, send it again shortly",
};
