import { type AlertRecord, snoozeAlert } from '../../core/alerts.ts';

/** The alert records an admin's snooze changes (adapters/dynamodb/answer-store.ts, `dynamoSnoozeStore`). */
export interface SnoozeStore {
  /** The customer's alert record as stored now; null when there is none. */
  alert(customerId: string): Promise<AlertRecord | null>;
  replace(record: AlertRecord): Promise<void>;
}

/**
 * `churn-watch snooze`: reminders about a customer pause until `until` (`YYYY-MM-DD`), or resume (null);
 * escalations still get through. `no_alert` when the customer was never at risk: nothing is written.
 */
export async function snoozeWarning(
  customerId: string,
  until: string | null,
  store: SnoozeStore,
): Promise<'snoozed' | 'no_alert'> {
  const record = await store.alert(customerId);
  if (!record) return 'no_alert';
  await store.replace(snoozeAlert(record, until));
  return 'snoozed';
}
