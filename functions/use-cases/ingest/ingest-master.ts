import type * as z from 'zod';
import { customerSchema, repSchema } from '../../core/records.ts';
import {
  WEBHOOK_IN_VAULT,
  WEBHOOK_LOCATION_ATTRIBUTE,
  WECOM_SECRET_ENV,
} from '../../adapters/secrets/webhook-vault.ts';
import type { Locale } from '../../core/locale.ts';
import { isAllowedWebhook } from '../../core/wecom-webhook.ts';
import { webhookNotAllowedText } from '../../text/problems.ts';
import { settleBatchCopies } from './batch-copies.ts';
import { contentHash } from './content-hash.ts';
import { type IngestDeps, repsOf } from './ingest-deps.ts';
import type { IngestResult, RejectedRecord } from './ingest-result.ts';
import { isMismatch, uncheckedRepsNotice } from './rep-directory.ts';
import { validateRecords } from './validate-records.ts';
import { textFor } from '../../text/catalogue.ts';

/** One valid record: as delivered, and as the table stores it. */
interface Entry {
  index: number;
  record: Record<string, unknown>;
  item: Record<string, unknown>;
  /** Of the record as delivered, webhook included: tells copies in one batch apart. */
  recordHash: string;
}

/**
 * Customers and reps: the latest delivery of a record replaces the stored one (keyed by its id); an
 * identical one is a duplicate. Two different versions in one batch are refused, since which is current
 * would depend on their order.
 *
 * With a webhook vault (Secrets Manager on AWS), a rep's WeCom webhook URL goes to the vault and the table
 * item carries a marker instead; a rep sent without one has its vault entry removed.
 */
export async function ingestMaster(
  kind: 'customers' | 'reps',
  records: readonly unknown[],
  deps: IngestDeps,
): Promise<IngestResult> {
  const schema: z.ZodType<Record<string, unknown>> = (
    kind === 'customers' ? customerSchema : repSchema
  ) as never;
  const keyName = kind === 'customers' ? 'customerId' : 'repId';
  const vault = kind === 'reps' ? deps.webhookVault : undefined;
  const validated = validateRecords(records, schema, deps.locale);
  const { rejected } = validated;
  const { valid, unchecked } =
    kind === 'customers'
      ? await withKnownReps(validated.valid, deps, rejected)
      : { valid: withAllowedWebhooks(validated.valid, deps, rejected), unchecked: false };
  const settled = settleBatchCopies(
    valid.map(({ index, value }) => ({ index, value: toEntry(index, value, vault !== undefined) })),
    (entry) => String(entry.record[keyName]),
    (entry) => entry.recordHash,
    keyName,
    deps.locale,
    rejected,
  );
  const idOf = (entry: Entry) => String(entry.record[keyName]);
  const storedById = await deps.store.master.get(
    kind,
    settled.kept.map((entry) => String(entry.record[keyName])),
  );

  let entries = settled.kept;
  if (kind === 'reps' && !vault) {
    // This deployment keeps robots in Secrets Manager, but this caller was not given the secret: storing the
    // record would put the URL back in the table, or drop the robot, so it is refused.
    entries = entries.filter((entry) => {
      if (storedById.get(idOf(entry))?.[WEBHOOK_LOCATION_ATTRIBUTE] !== WEBHOOK_IN_VAULT) return true;
      rejected.push({
        index: entry.index,
        errors: [{ path: 'wecomWebhook', message: vaultNeeded(deps.locale) }],
      });
      return false;
    });
  }

  // The vault before the table: if the table write then fails, a retry finds the vault already right and
  // writes the table. The other way round, the retry would see an unchanged item and skip the vault.
  const vaultChanged =
    vault && entries.length > 0
      ? await vault.put(
          new Map(
            entries.map((entry) => [idOf(entry), (entry.record.wecomWebhook as string | undefined) ?? null]),
          ),
        )
      : new Set<string>();
  const changed = entries.filter((entry) => storedById.get(idOf(entry))?.hash !== entry.item.hash);
  await deps.store.master.put(
    kind,
    changed.map((entry) => entry.item),
  );
  const tableChanged = new Set(changed);
  const accepted = entries.filter((entry) => tableChanged.has(entry) || vaultChanged.has(idOf(entry))).length;
  rejected.sort((a, b) => a.index - b.index);
  return {
    accepted,
    duplicates: settled.duplicates + entries.length - accepted,
    rejected,
    ...(unchecked ? { notices: [uncheckedRepsNotice(deps.locale)] } : {}),
  };
}

/**
 * Customers with their rep as an id: a rep written by name becomes the rep's id, and a customer naming a rep
 * the reps table does not know (or a name two reps share) is refused, since master data decides who hears
 * about the customer. `unchecked`: the reps table is empty, so the values were kept as written.
 */
async function withKnownReps(
  valid: readonly { index: number; value: Record<string, unknown> }[],
  deps: IngestDeps,
  rejected: RejectedRecord[],
): Promise<{ valid: { index: number; value: Record<string, unknown> }[]; unchecked: boolean }> {
  if (!valid.some(({ value }) => typeof value.repId === 'string'))
    return { valid: [...valid], unchecked: false };
  const reps = await repsOf(deps);
  const kept: { index: number; value: Record<string, unknown> }[] = [];
  for (const entry of valid) {
    const repId = entry.value.repId;
    if (typeof repId !== 'string') {
      kept.push(entry);
      continue;
    }
    const match = reps.match(repId);
    if (isMismatch(match)) {
      rejected.push({
        index: entry.index,
        errors: [{ path: 'repId', message: reps.problem(repId, match, deps.locale) }],
      });
      continue;
    }
    kept.push(
      match.repId === repId ? entry : { index: entry.index, value: { ...entry.value, repId: match.repId } },
    );
  }
  return { valid: kept, unchecked: reps.empty };
}

/**
 * Reps whose WeCom webhook points where digests may go: WeCom's robot address, the configured proxy, or
 * loopback on a local stack. Any other URL (a cloud metadata address, someone's server) is refused, since
 * the notifier would post shop names and sales to it.
 */
function withAllowedWebhooks(
  valid: readonly { index: number; value: Record<string, unknown> }[],
  deps: IngestDeps,
  rejected: RejectedRecord[],
): { index: number; value: Record<string, unknown> }[] {
  const allow = { loopback: deps.allowLoopbackWebhooks === true, proxies: deps.wecomProxies ?? [] };
  return valid.filter(({ index, value }) => {
    const webhook = value.wecomWebhook;
    if (typeof webhook !== 'string' || isAllowedWebhook(webhook, allow)) return true;
    rejected.push({
      index,
      errors: [{ path: 'wecomWebhook', message: webhookNotAllowedText(allow, deps.locale) }],
    });
    return false;
  });
}

function toEntry(index: number, record: Record<string, unknown>, webhookInVault: boolean): Entry {
  const recordHash = contentHash(record);
  if (!webhookInVault) return { index, record, item: { ...record, hash: recordHash }, recordHash };
  const { wecomWebhook, ...rest } = record;
  const stored = wecomWebhook ? { ...rest, [WEBHOOK_LOCATION_ATTRIBUTE]: WEBHOOK_IN_VAULT } : rest;
  // Hashed as stored, without the URL: nothing derived from the robot's key goes into the table. A new URL
  // alone changes the vault, not the item.
  return { index, record, item: { ...stored, hash: contentHash(stored) }, recordHash };
}

function vaultNeeded(locale: Locale): string {
  return textFor(locale).ingest.vaultNeeded(WECOM_SECRET_ENV);
}
