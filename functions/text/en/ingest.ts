import type { IngestText } from '../zh-CN/ingest.ts';

export const ingest: IngestText = {
  dateAfterToday: (date) => `date ${date} is after today`,
  differentCopies: (named) => `${named} appears more than once in this batch with different contents`,
  orderNamed: (orderId) => `order ${orderId}`,
  orderTooLarge: (kb, limitKb) =>
    `the order is too large to store (about ${kb} KB, at most ${limitKb} KB): split it into several orders or shorten its lines`,
  amountsPastExact: (customerId) =>
    `the order amounts of customer ${customerId} would add up past what can be summed exactly, so the order was not stored: check the amounts`,
  profileTooLarge: (customerId, kb, limitKb) =>
    `the profile of customer ${customerId} would exceed the storage limit (about ${kb} KB, at most ${limitKb} KB), so the order was not stored: ask the admin to shorten profile.retentionDays, or split the customer`,
  vaultNeeded: (variable) =>
    `this rep's WeCom robot is kept in Secrets Manager: set ${variable} and send the record again`,

  repAmbiguous: (value, count, repIds) =>
    `rep "${value}" is the name of ${count} reps (${repIds}); write the rep id instead`,
  repUnknown: (value, known) =>
    `rep "${value}" is neither the id nor the name of a rep in the reps table (known: ${known}); import the rep first, or correct the value`,
  knownReps: (list, more, _total) => `${list} and ${more} more`,
  listSeparator: ', ',
  repsUnchecked:
    'The reps table is empty, so the rep column was stored as written, unchecked. Import reps first, then import this file again: reps written by name are then matched to their ids.',

  orderContended: (orderId) => `order ${orderId} is being changed by other requests`,
  customerContended: (customerId) => `customer ${customerId} is being updated by other requests`,
  storeBusy: 'the store is busy',
  retryBatch: (contended, seconds) =>
    `${contended}; the batch is not finished, send it again in ${seconds} s (nothing is counted twice)`,
};
