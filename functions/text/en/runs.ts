import type { RunsText } from '../zh-CN/runs.ts';
import { counted } from './counted.ts';

export const runs: RunsText = {
  asOfInvalid: '--as-of must be YYYY-MM-DD',
  asOfInFuture: (asOf, today, timeZone) =>
    `--as-of ${asOf} is after today (${today}, ${timeZone}): commands that write data do not take a future day, or every later run for today would be refused. To see a day's evaluation use churn-watch evaluate --as-of or churn-watch digest --preview`,
  vaultNotConfigured: (reps, variable) =>
    `${reps} reps keep their WeCom robot in Secrets Manager: set ${variable} (the WecomSecretName stack output) before sending`,
  earlierDay: (last, asOf) =>
    `already evaluated up to ${last}; not evaluating the earlier ${asOf} (it would send out-of-date digests). To look at a past day use churn-watch digest --preview; to re-run it anyway add --force.`,
  noActionLinks:
    'Note: the digests go out without one-tap answer links: CHURN_WATCH_ACTION_URL is not set. Locally, run the whole ' +
    'export line npm start prints (it has CHURN_WATCH_ACTION_URL and CHURN_WATCH_ACTION_KEY_FILE); on AWS, the stack ' +
    'outputs ActionBaseUrl and ActionKeySecretName (as CHURN_WATCH_ACTION_KEY_SECRET).',
  retried: (sentNow, retrying, failed) =>
    `Retry: ${sentNow} sent now, ${retrying} still to retry, ${failed} failed.`,
  daily: {
    evaluated: (asOf, customers, atRisk, configVersion) =>
      `${asOf} evaluated: ${customers} customers, ${atRisk} at risk (config version ${configVersion}).`,
    today: (fresh, reminders, escalated, recovered, toManagers) =>
      `  Today: ${fresh} new, ${reminders} reminders, ${escalated} escalated, ${recovered} recovered, ${toManagers} reported to managers.`,
    messages: (sentNow, alreadySent, retrying, failed, uncertain, quietReps) =>
      `Messages: ${sentNow} sent now (${alreadySent} sent earlier), ${retrying} to retry, ${failed} failed, ${uncertain} uncertain; ` +
      `${quietReps} reps had nothing new (no message).`,
    laterDayKept: (alerts) =>
      `Note: ${alerts} alerts were already evaluated for a later day and were left as they are.`,
    unreadableAlerts: (customers) =>
      `Unreadable alert records (these customers' alerts start afresh): ${customers}`,
    unreadable: (profiles, reps) =>
      `Unreadable: profiles ${profiles}; reps ${reps} (rebuild-profiles or import them again).`,
    none: 'none',
  },
  weekly: (day, managers, sentNow, alreadySent) =>
    `${day} weekly summaries: ${counted(managers, 'manager')}, ${sentNow} sent now (${alreadySent} sent earlier).`,
  couldNotWorkOn: 'could not work on',
  seeDeliveries: 'See and handle them: churn-watch deliveries (resend sends again)',
  deliveryStatus: {
    pending: 'pending',
    sending: 'sending',
    sent: 'sent',
    retrying: 'retrying',
    failed: 'failed',
    uncertain: 'uncertain',
  },
  deliveries: {
    statusChoice: (statuses, given) => `--status must be one of ${statuses.join(', ')} (got "${given}")`,
    noSuchDelivery: (pk) => `no such delivery: ${pk}`,
    notResendable: (pk, status) => `${pk} is ${status}; only failed or uncertain records can be resent`,
    changedMeanwhile: (pk) => `${pk} changed meanwhile; try again`,
    none: 'No deliveries.',
    columns: (timeZone) => ['ID', 'Status', 'Channel', 'To', 'Attempts', `Updated (${timeZone})`, 'Note'],
  },
  digest: {
    ambiguousRep: (given, repIds) =>
      `"${given}" is the name of ${repIds.length} reps (${repIds.join(', ')}); give the rep id`,
    noSuchRep: (given) => `no rep with the id or name "${given}" in the reps table`,
    isManager: (repId) =>
      `${repId} is a manager: managers get the weekly team summary (churn-watch run weekly), not a morning digest. Preview a rep's digest instead.`,
    writtenTo: (path) => `Written to ${path}`,
  },
  snooze: {
    untilInvalid: '--until must be YYYY-MM-DD',
    noAlert: (customerId) => `customer ${customerId} has no alert (never at risk); nothing to snooze`,
    cleared: (customerId) => `Snooze of ${customerId} removed.`,
    paused: (customerId, until) =>
      `Reminders about ${customerId} paused until ${until} (new signals still get through).`,
  },
};
