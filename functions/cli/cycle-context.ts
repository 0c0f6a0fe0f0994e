import { readFileSync } from 'node:fs';
import { createSesClient } from '../adapters/ses/email-sender.ts';
import { LocalizedError } from '../core/localized-error.ts';
import { type ActionLinkSettings, type CycleDeps, createCycleDeps } from '../cycle/cycle-deps.ts';
import type { EmailSenderPort, WecomSenderPort } from '../notify/deliver.ts';
import type { StoreContext } from './store-context.ts';

/** The sender address used against a local SES when none is configured. */
export const LOCAL_EMAIL_FROM = 'churn-watch@example.com';

/**
 * The daily and weekly runs' dependencies for the CLI: the store it already opened, SES from the standard SDK
 * environment (AWS_ENDPOINT_URL_SESV2 for a local one), the sender address from CHURN_WATCH_EMAIL_FROM.
 * Without a sender address (and no local SES) email is off: WeCom is then the only channel.
 */
export function openCycle(
  store: StoreContext,
  env: NodeJS.ProcessEnv = process.env,
  overrides: {
    email?: EmailSenderPort | null;
    wecom?: WecomSenderPort;
    now?: () => number;
    actionLinks?: ActionLinkSettings;
  } = {},
): CycleDeps {
  const sesEndpoint = env.AWS_ENDPOINT_URL_SESV2 ?? env.AWS_ENDPOINT_URL;
  const local = sesEndpoint !== undefined && !env.AWS_ACCESS_KEY_ID && !env.AWS_PROFILE;
  // The email adapter retries with its own backoff; SDK retries on top would multiply the wait.
  const sesClient = createSesClient({
    ...(local ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
    ...(env.AWS_REGION || env.AWS_DEFAULT_REGION ? {} : { region: 'us-east-1' }),
  });
  const segments = Number(env.CHURN_WATCH_SCAN_SEGMENTS ?? 4);
  return createCycleDeps({
    doc: store.doc,
    tables: store.tables,
    emailFrom: env.CHURN_WATCH_EMAIL_FROM ?? (sesEndpoint ? LOCAL_EMAIL_FROM : undefined),
    configurationSet: env.CHURN_WATCH_SES_CONFIGURATION_SET,
    sesClient,
    totalSegments: Number.isInteger(segments) && segments >= 1 && segments <= 64 ? segments : 4,
    webhookVault: store.webhookVault,
    actionLinks: actionLinksFromEnv(env),
    ...overrides,
  });
}

/** Where the action links point (the API's public URL) and the file holding their signing key. */
export const ACTION_URL_ENV = 'CHURN_WATCH_ACTION_URL';
export const ACTION_KEY_FILE_ENV = 'CHURN_WATCH_ACTION_KEY_FILE';

/**
 * The one-tap answer links digests carry, from the two variables `npm start` prints in its export line.
 * Either one unset: digests go out without links, as before the feature. Both set but the key unreadable:
 * refused, since sending links nobody can verify would be worse than sending none.
 */
export function actionLinksFromEnv(env: NodeJS.ProcessEnv = process.env): ActionLinkSettings | undefined {
  const baseUrl = env[ACTION_URL_ENV]?.trim();
  const keyFile = env[ACTION_KEY_FILE_ENV]?.trim();
  if (!baseUrl || !keyFile) return undefined;
  let key: string;
  try {
    key = readFileSync(keyFile, 'utf8').trim();
  } catch (error) {
    throw new ActionKeyFileError(keyFile, { cause: error });
  }
  if (key === '') throw new ActionKeyFileError(keyFile);
  return { baseUrl, key };
}

export class ActionKeyFileError extends LocalizedError {
  override readonly name = 'ActionKeyFileError';
  constructor(path: string, options?: { cause?: unknown }) {
    super(
      {
        'zh-CN': `无法读取一键反馈链接的签名密钥文件 ${path}（${ACTION_KEY_FILE_ENV}）：请确认 npm start 正在运行，或取消设置 ${ACTION_URL_ENV}`,
        en: `cannot read the action links' signing key file ${path} (${ACTION_KEY_FILE_ENV}): check that npm start is running, or unset ${ACTION_URL_ENV}`,
      },
      options,
    );
  }
}
