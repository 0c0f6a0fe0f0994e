import type { ConfigVersion, LoadedConfig } from '../../adapters/dynamodb/config-store.ts';
import type { ReadRiskModel, StoredRiskModel } from '../../adapters/dynamodb/risk-model-store.ts';
import type { VisitRecord } from '../../adapters/dynamodb/visit-events.ts';
import type { AlertRecord, ClosedMark } from '../../core/alerts.ts';
import type { ChurnConfig } from '../../core/config.ts';
import type { Day } from '../../core/days.ts';
import type { FollowUpAnswer } from '../../core/follow-up.ts';
import type { CustomerProfile } from '../../core/profile.ts';
import type { Customer } from '../../core/records.ts';
import type { WarningLogChange, WarningLogEntry } from '../../core/warning-log.ts';
import type { ChannelHealthStore, DeliveryStore } from '../notify/outbox.ts';
import type { SegmentRankStore } from './segment-ranks.ts';

/**
 * What the daily and weekly runs read and write, as the runs need it (ports): the use cases hold these, never
 * a database client. adapters/dynamodb/cycle-stores.ts implements them on DynamoDB
 * (`dynamoCycleStores(doc, tables)`); an entry point builds that once and hands it in.
 */

/** Profiles read for a run, and the records that could not be read (named, never silently skipped). */
export interface ProfilesRead {
  profiles: CustomerProfile[];
  unreadable: string[];
}

export interface ProfileSource {
  /**
   * Every profile, over `totalSegments` parallel reads. `evaluation`: only what an evaluation needs (no order
   * numbers, no rep per order), which is what a daily run reads every morning.
   */
  readAll(totalSegments: number, view?: 'whole' | 'evaluation'): Promise<ProfilesRead>;
  /** One segment's profiles (evaluation's view), for an invocation that works on that segment alone. */
  readSegment(segment: { index: number; total: number }, visitsTracked: boolean): Promise<ProfilesRead>;
  /** About how many profiles there are (DynamoDB refreshes its count about every six hours). */
  count(): Promise<number>;
  /** The whole profiles of these customers; one that cannot be read is left out. */
  readOf(customerIds: readonly string[]): Promise<Map<string, CustomerProfile>>;
}

/** The record-level marks a rep or admin sets on an alert while the day's run may be reading it. */
export interface AlertMarks {
  snoozeUntil: string | null;
  closed: ClosedMark | null;
}

export interface AlertStore {
  /** Every alert record over `totalSegments` parallel reads; unreadable ones named by customer id. */
  readAll(totalSegments: number): Promise<{ records: AlertRecord[]; unreadable: string[] }>;
  /** The records of these customers, read by key. */
  readOf(customerIds: readonly string[]): Promise<{ alerts: Map<string, AlertRecord>; unreadable: string[] }>;
  /** The snooze and closed marks the stored records of these customers carry now, for those that exist. */
  marksOf(customerIds: readonly string[]): Promise<Map<string, AlertMarks>>;
  /** Writes (replaces) these records. */
  write(records: readonly AlertRecord[]): Promise<void>;
}

/** The daily run's records, one per evaluated day (`YYYY-MM-DD`); one's existence marks its day evaluated. */
export interface RunRecordStore {
  lastDay(): Promise<string | null>;
  firstDay(): Promise<string | null>;
  put(day: string, record: Record<string, unknown>): Promise<void>;
  get(day: string): Promise<Record<string, unknown> | null>;
}

/** The learned risk models, one per day they were fitted as of. */
export interface RiskModelStore {
  /** The newest model fitted as of a day before `asOf`. */
  latestBefore(asOf: Day): Promise<ReadRiskModel>;
  read(modelAsOf: string): Promise<ReadRiskModel>;
  /** Stores a model unless one of its day is stored; false when one was. */
  write(stored: StoredRiskModel): Promise<boolean>;
  /** Replaces the model of its day if that one was fitted for `horizonDays`; false when it was not. */
  replace(stored: StoredRiskModel, horizonDays: number): Promise<boolean>;
}

/** The distributor's settings: the current ones, an earlier version, and the history of changes. */
export interface SettingsSource {
  current(): Promise<LoadedConfig>;
  version(version: number): Promise<ChurnConfig>;
  history(): Promise<ConfigVersion[]>;
}

/** Master data: customers' names and reps. */
export interface CustomerDirectory {
  readOf(customerIds: readonly string[]): Promise<Map<string, { name?: string; repId?: string }>>;
  readAll(): Promise<Map<string, Customer>>;
}

/** The warning log: the episodes a rep was told of, and how they ended. */
export interface WarningLogStore {
  apply(changes: readonly WarningLogChange[]): Promise<unknown>;
  /** Warnings given from `fromDay` to `toDay` (inclusive; null: open-ended), oldest first. */
  read(fromDay: string | null, toDay: string | null): Promise<WarningLogEntry[]>;
}

export interface AnswerSource {
  /** Every answer given on `fromDay` or later (null: all), oldest first. */
  since(fromDay: string | null): Promise<FollowUpAnswer[]>;
}

export interface VisitSource {
  since(from: Day): Promise<VisitRecord[]>;
}

export interface RepSource {
  /** Every item of the reps table, as stored (the notifier checks each). */
  items(): AsyncIterable<Record<string, unknown>>;
}

export interface CycleStores {
  profiles: ProfileSource;
  alerts: AlertStore;
  runs: RunRecordStore;
  models: RiskModelStore;
  settings: SettingsSource;
  customers: CustomerDirectory;
  warningLog: WarningLogStore;
  answers: AnswerSource;
  visits: VisitSource;
  reps: RepSource;
  /** Where a fanned-out run's segments leave their tier keys. */
  ranks: SegmentRankStore;
  deliveries: DeliveryStore;
  channelHealth: ChannelHealthStore;
}
