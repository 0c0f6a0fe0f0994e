import { actionLinksSource } from '../../adapters/secrets/action-key-loader.ts';
import { createEmailSender, createSesClient } from '../../adapters/ses/email-sender.ts';
import { createWecomSender } from '../../adapters/wecom/wecom-client.ts';
import {
  type ActionLinkSettings,
  type CycleDeps,
  createCycleDeps,
} from '../../use-cases/cycle/cycle-deps.ts';
import type { EmailSenderPort, WecomSenderPort } from '../../use-cases/notify/deliver.ts';
import type { StoreContext } from './store-context.ts';

/** The sender address used against a local SES when none is configured. */
export const LOCAL_EMAIL_FROM = 'churn-watch@example.com';

/**
 * The daily and weekly runs' dependencies for the CLI: the store it already opened, SES from the standard SDK
 * environment (AWS_ENDPOINT_URL_SESV2 for a local one), the sender address from CHURN_WATCH_EMAIL_FROM.
 * Without a sender address (and no local SES) email is off: WeCom is then the only channel.
 *
 * Digests sign their one-tap answer links as the notifier does: CHURN_WATCH_ACTION_URL with the key from
 * CHURN_WATCH_ACTION_KEY_FILE (`npm start`'s export line) or CHURN_WATCH_ACTION_KEY_SECRET (a deployed stage).
 * No URL: no links. A URL whose key cannot be read is refused, naming where it looked: links nobody can verify
 * would be worse than none. `withoutLinks` is for commands that send only stored messages (`deliveries`).
 */
export async function openCycle(
  store: StoreContext,
  env: NodeJS.ProcessEnv = process.env,
  overrides: {
    email?: EmailSenderPort | null;
    wecom?: WecomSenderPort;
    now?: () => number;
    actionLinks?: ActionLinkSettings;
    withoutLinks?: boolean;
  } = {},
): Promise<CycleDeps> {
  const sesEndpoint = env.AWS_ENDPOINT_URL_SESV2 ?? env.AWS_ENDPOINT_URL;
  const local = sesEndpoint !== undefined && !env.AWS_ACCESS_KEY_ID && !env.AWS_PROFILE;
  // The email adapter retries with its own backoff; SDK retries on top would multiply the wait.
  const sesClient = createSesClient({
    ...(local ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
    ...(env.AWS_REGION || env.AWS_DEFAULT_REGION ? {} : { region: 'us-east-1' }),
  });
  const segments = Number(env.CHURN_WATCH_SCAN_SEGMENTS ?? 4);
  const emailFrom = env.CHURN_WATCH_EMAIL_FROM ?? (sesEndpoint ? LOCAL_EMAIL_FROM : undefined);
  const configurationSet = env.CHURN_WATCH_SES_CONFIGURATION_SET;
  return createCycleDeps({
    stores: store.cycleStores,
    email:
      overrides.email !== undefined
        ? overrides.email
        : emailFrom
          ? createEmailSender({
              client: sesClient,
              from: emailFrom,
              ...(configurationSet ? { configurationSet } : {}),
            })
          : null,
    wecom: overrides.wecom ?? createWecomSender(),
    totalSegments: Number.isInteger(segments) && segments >= 1 && segments <= 64 ? segments : 4,
    webhookVault: store.webhookVault,
    actionLinks:
      overrides.actionLinks ?? (overrides.withoutLinks ? undefined : await actionLinksSource({ env })?.()),
    ...(overrides.now ? { now: overrides.now } : {}),
  });
}
