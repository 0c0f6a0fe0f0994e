import {
  WEBHOOK_IN_VAULT,
  WEBHOOK_LOCATION_ATTRIBUTE,
  type WebhookVault,
  WECOM_SECRET_ENV,
} from '../../adapters/secrets/webhook-vault.ts';
import { LocalizedError } from '../../core/localized-error.ts';
import { type Rep, repSchema } from '../../core/records.ts';
import type { EmailSenderPort, WecomSenderPort } from '../notify/deliver.ts';
import type { ChannelHealthStore, DeliveryStore } from '../notify/outbox.ts';
import { worded } from '../../text/errors.ts';
import type { CycleStores, RepSource } from './cycle-stores.ts';

/** Everything the daily and weekly runs talk to, built once per process (a Lambda container, a CLI run). */
export interface CycleDeps {
  stores: CycleStores;
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
  stores: CycleStores;
  /** Null: email is off and WeCom is the only channel (no sender address; AWS China regions). */
  email: EmailSenderPort | null;
  wecom: WecomSenderPort;
  now?: () => number;
  totalSegments?: number;
  webhookVault?: WebhookVault | undefined;
  actionLinks?: ActionLinkSettings | undefined;
}

/** The runs' dependencies from the stores and senders an entry point built, with the defaults filled in. */
export function createCycleDeps(options: CycleDepsOptions): CycleDeps {
  return {
    stores: options.stores,
    store: options.stores.deliveries,
    health: options.stores.channelHealth,
    email: options.email,
    wecom: options.wecom,
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
  source: RepSource,
  vault?: WebhookVault,
): Promise<{ reps: Map<string, Rep>; unreadable: string[] }> {
  const reps = new Map<string, Rep>();
  const inVault: Rep[] = [];
  const unreadable: string[] = [];
  for await (const item of source.items()) {
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
