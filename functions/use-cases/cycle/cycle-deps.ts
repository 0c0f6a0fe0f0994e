import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dynamoChannelHealthStore, dynamoDeliveryStore } from '../../adapters/dynamodb/delivery-store.ts';
import { scanItems } from '../../adapters/dynamodb/scan.ts';
import type { TableNames } from '../../adapters/dynamodb/tables.ts';
import {
  WEBHOOK_IN_VAULT,
  WEBHOOK_LOCATION_ATTRIBUTE,
  type WebhookVault,
  WECOM_SECRET_ENV,
} from '../../adapters/secrets/webhook-vault.ts';
import { LocalizedError } from '../../core/localized-error.ts';
import { createEmailSender, createSesClient } from '../../adapters/ses/email-sender.ts';
import { createWecomSender } from '../../adapters/wecom/wecom-client.ts';
import { type Rep, repSchema } from '../../core/records.ts';
import type { EmailSenderPort, WecomSenderPort } from '../notify/deliver.ts';
import type { ChannelHealthStore, DeliveryStore } from '../notify/outbox.ts';
import { worded } from '../../text/errors.ts';

/** Everything the daily and weekly runs talk to, built once per process (a Lambda container, a CLI run). */
export interface CycleDeps {
  doc: DynamoDBDocumentClient;
  tables: TableNames;
  store: DeliveryStore;
  health: ChannelHealthStore;
  email: EmailSenderPort | null;
  wecom: WecomSenderPort;
  now: () => number;
  /** Parallel scan segments of the profiles table. */
  totalSegments: number;
  /** Where reps' webhook URLs are kept when not in the reps table (Secrets Manager on AWS). */
  webhookVault?: WebhookVault | undefined;
  /**
   * How digests make their one-tap answer links (follow-up/action-link.ts): the public base URL the action
   * route is served under and the signing key. Absent: digests carry no links.
   */
  actionLinks?: ActionLinkSettings | undefined;
}

/** Where action links point and what signs them. The key never leaves the process (not logged, not stored). */
export interface ActionLinkSettings {
  /** E.g. `https://abc.execute-api.cn-north-1.amazonaws.com.cn/prod` or `http://127.0.0.1:3100`. */
  baseUrl: string;
  key: string;
}

export interface CycleDepsOptions {
  doc: DynamoDBDocumentClient;
  tables: TableNames;
  /** The sender address; without one, email is off and WeCom is the only channel (AWS China regions). */
  emailFrom?: string | undefined;
  configurationSet?: string | undefined;
  sesClient?: SESv2Client;
  email?: EmailSenderPort | null;
  wecom?: WecomSenderPort;
  now?: () => number;
  totalSegments?: number;
  webhookVault?: WebhookVault | undefined;
  actionLinks?: ActionLinkSettings | undefined;
}

export function createCycleDeps(options: CycleDepsOptions): CycleDeps {
  const email =
    options.email !== undefined
      ? options.email
      : options.emailFrom
        ? createEmailSender({
            client: options.sesClient ?? createSesClient(),
            from: options.emailFrom,
            ...(options.configurationSet ? { configurationSet: options.configurationSet } : {}),
          })
        : null;
  return {
    doc: options.doc,
    tables: options.tables,
    store: dynamoDeliveryStore(options.doc, options.tables.deliveries),
    health: dynamoChannelHealthStore(options.doc, options.tables.deliveries),
    email,
    wecom: options.wecom ?? createWecomSender(),
    now: options.now ?? Date.now,
    totalSegments: options.totalSegments ?? 4,
    webhookVault: options.webhookVault,
    actionLinks: options.actionLinks,
  };
}

/**
 * The reps table as the notifier reads it. A record that no longer validates (edited by hand) is skipped
 * with its id reported, so one bad row does not stop everyone's digest.
 *
 * A rep whose item carries the vault marker gets its webhook from `vault`, read once per call and only when
 * some rep has the marker. No entry there means no robot: the rep is reached by email. A marker without a
 * vault to read (CHURN_WATCH_WECOM_SECRET unset) is refused.
 */
export async function readReps(
  doc: DynamoDBDocumentClient,
  table: string,
  vault?: WebhookVault,
): Promise<{ reps: Map<string, Rep>; unreadable: string[] }> {
  const reps = new Map<string, Rep>();
  const inVault: Rep[] = [];
  const unreadable: string[] = [];
  for await (const item of scanItems(doc, table)) {
    const parsed = repSchema.safeParse(item);
    if (!parsed.success) {
      unreadable.push(String(item.repId));
      continue;
    }
    reps.set(parsed.data.repId, parsed.data);
    if (item[WEBHOOK_LOCATION_ATTRIBUTE] === WEBHOOK_IN_VAULT) inVault.push(parsed.data);
  }
  if (inVault.length > 0 && !vault) {
    // Sending now would pass these reps' digests to email, or fail them for good, and the scheduled notifier
    // would then find them handled: refuse, naming what is missing.
    throw new WebhookVaultMissingError(inVault.length);
  }
  const webhooks = inVault.length > 0 && vault ? await vault.read() : new Map<string, string>();
  for (const rep of inVault) {
    reps.set(rep.repId, { ...rep, wecomWebhook: webhooks.get(rep.repId) || undefined });
  }
  return { reps, unreadable };
}

/** Reps keep their robots in Secrets Manager, and this process was not told which secret. */
export class WebhookVaultMissingError extends LocalizedError {
  override readonly name = 'WebhookVaultMissingError';
  constructor(reps: number) {
    super(worded((text) => text.runs.vaultNotConfigured(reps, WECOM_SECRET_ENV)));
  }
}
