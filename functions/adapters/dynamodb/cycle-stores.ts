import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AlertMarks, CycleStores, RiskModelStore } from '../../use-cases/cycle/cycle-stores.ts';
import type { ClosedMark } from '../../core/alerts.ts';
import { CorruptProfileError, profileFromItem } from './profile-item.ts';
import { alertFromItem, alertToItem, CorruptAlertError } from './alert-item.ts';
import { readAlertsOf } from './alert-reads.ts';
import { answersSince } from './answer-store.ts';
import { batchGetAll, batchPutAll, inStreams } from './batch.ts';
import { configHistory, loadConfig, loadConfigVersion } from './config-store.ts';
import { customerFromItem, readAllCustomers } from './customer-items.ts';
import { dynamoChannelHealthStore, dynamoDeliveryStore } from './delivery-store.ts';
import { profileCount, readAllProfiles, readSegmentProfiles } from './profile-scan.ts';
import {
  latestRiskModelBefore,
  readRiskModel,
  replaceRiskModel,
  writeRiskModel,
} from './risk-model-store.ts';
import { firstEvaluatedDay, getRunRecord, lastEvaluatedDay, putRunRecord } from './run-records.ts';
import { scanItems, scanParsed } from './scan.ts';
import { dynamoSegmentRankStore } from './segment-rank-store.ts';
import type { TableNames } from './tables.ts';
import { visitsSince } from './visit-events.ts';
import { applyWarningLogChanges, readWarningLog } from './warning-log.ts';

/** Reads by key over a few concurrent streams of BatchGetItem. */
const readByKey = (doc: DynamoDBDocumentClient, table: string, ids: readonly string[]) =>
  inStreams([...ids], (chunk) =>
    batchGetAll(
      doc,
      table,
      chunk.map((customerId) => ({ customerId })),
    ),
  ).then((chunks) => chunks.flat());

/** The learned risk models in the config table: for a caller that needs only them (`risk`, a preview). */
export function dynamoRiskModelStore(doc: DynamoDBDocumentClient, table: string): RiskModelStore {
  return {
    latestBefore: (asOf) => latestRiskModelBefore(doc, table, asOf),
    read: (modelAsOf) => readRiskModel(doc, table, modelAsOf),
    write: (stored) => writeRiskModel(doc, table, stored),
    replace: (stored, horizonDays) => replaceRiskModel(doc, table, stored, horizonDays),
  };
}

/**
 * The daily and weekly runs' stores on DynamoDB, in the tables of one deployment (or one `npm start`): what
 * an entry point builds once and hands to the use cases.
 */
export function dynamoCycleStores(doc: DynamoDBDocumentClient, tables: TableNames): CycleStores {
  return {
    profiles: {
      readAll: (totalSegments, view = 'whole') => readAllProfiles(doc, tables.profiles, totalSegments, view),
      readSegment: (segment, visitsTracked) =>
        readSegmentProfiles(doc, tables.profiles, segment, visitsTracked),
      count: () => profileCount(doc, tables.profiles),
      async readOf(customerIds) {
        const profiles = new Map();
        for (const item of await readByKey(doc, tables.profiles, customerIds)) {
          try {
            const profile = profileFromItem(item);
            profiles.set(profile.customerId, profile);
          } catch (error) {
            // Reported by the evaluator; such a customer keeps the facts its alert was written with.
            if (!(error instanceof CorruptProfileError)) throw error;
          }
        }
        return profiles;
      },
    },
    alerts: {
      async readAll(totalSegments) {
        const { items, unreadable } = await scanParsed(
          doc,
          tables.alerts,
          totalSegments,
          alertFromItem,
          (error) => error instanceof CorruptAlertError,
          (item) => String(item.customerId),
        );
        return { records: items, unreadable };
      },
      readOf: (customerIds) => readAlertsOf(doc, tables.alerts, customerIds),
      async marksOf(customerIds) {
        if (customerIds.length === 0) return new Map();
        const items = await batchGetAll(
          doc,
          tables.alerts,
          customerIds.map((customerId) => ({ customerId })),
          { streams: 4 },
        );
        return new Map(
          items.map((item): [string, AlertMarks] => [
            String(item.customerId),
            {
              snoozeUntil: typeof item.snoozeUntil === 'string' ? item.snoozeUntil : null,
              closed: (item.closed as ClosedMark | null | undefined) ?? null,
            },
          ]),
        );
      },
      async write(records) {
        await inStreams(records.map(alertToItem), (chunk) => batchPutAll(doc, tables.alerts, chunk));
      },
    },
    runs: {
      lastDay: () => lastEvaluatedDay(doc, tables.config),
      firstDay: () => firstEvaluatedDay(doc, tables.config),
      put: (day, record) => putRunRecord(doc, tables.config, day, record),
      get: (day) => getRunRecord(doc, tables.config, day),
    },
    models: dynamoRiskModelStore(doc, tables.config),
    settings: {
      current: () => loadConfig(doc, tables.config),
      version: (version) => loadConfigVersion(doc, tables.config, version),
      history: () => configHistory(doc, tables.config),
    },
    customers: {
      async readOf(customerIds) {
        const items = await readByKey(doc, tables.customers, customerIds);
        return new Map(items.map((item) => [String(item.customerId), customerFromItem(item)]));
      },
      readAll: () => readAllCustomers(doc, tables.customers),
    },
    warningLog: {
      apply: (changes) => applyWarningLogChanges(doc, tables.followups, changes),
      read: (fromDay, toDay) => readWarningLog(doc, tables.followups, fromDay, toDay),
    },
    answers: { since: (fromDay) => answersSince(doc, tables.followups, fromDay) },
    visits: { since: (from) => visitsSince(doc, tables.events, from) },
    reps: { items: () => scanItems(doc, tables.reps) },
    ranks: dynamoSegmentRankStore(doc, tables.config),
    deliveries: dynamoDeliveryStore(doc, tables.deliveries),
    channelHealth: dynamoChannelHealthStore(doc, tables.deliveries),
  };
}
