/**
 * Phrases the handlers write to their logs for CloudWatch metric filters to count (lib/constructs/alarms.ts).
 * Plain words, not JSON fields: Lambda's text log lines put a timestamp, request id and level first.
 */
export const UNDELIVERED_LOG_PHRASE = 'churn-watch undelivered messages';
