import type { Day } from '../../core/days.ts';
import type { CustomerProfile, OrderFact } from '../../core/profile.ts';
import type { StoredOrder } from './order-record.ts';

/** A rep as far as matching goes: the id, and the name people write in an export's 业务员 column. */
export interface KnownRep {
  repId: string;
  name?: string | undefined;
}

/** An order as stored, before its fact and fingerprint are worked out again from its lines. */
export type OrderAsStored = Omit<StoredOrder, 'fact' | 'hash'>;

/**
 * What ingest asks of the store, in its own words: orders, profiles, events, master data and reps, each with
 * the batch reads and conditional writes the use cases need. `functions/adapters/dynamodb/ingest-store.ts`
 * implements it on DynamoDB; the entry points build that and pass it in (see {@link IngestDeps}).
 */
export interface IngestStore {
  orders: OrderStore;
  profiles: ProfileStore;
  events: EventStore;
  /** Customers and reps as delivered (master data), by their id. */
  master: MasterStore;
  /** The reps there are, to match the rep values of an export against. */
  reps: { list(): Promise<KnownRep[]> };
  /** The largest item the store takes from ingest (an order, a profile), in bytes as {@link OrderStore.itemBytes} counts. */
  maxItemBytes: number;
}

/** An order as the store held it when a request read it: its fingerprint and its customer. */
export interface OrderState {
  hash: string | undefined;
  customerId: string;
}

/** What a batch needs to know of a stored order before writing: whose it is, its day, fingerprint, and kind. */
export interface StoredOrderSummary extends OrderState {
  day: number;
  purchase: boolean;
}

/**
 * What became of one conditional write: written; refused because the record is not as the writer expected
 * (for an order, with its state as stored, so the writer need not read it again); not tried because another
 * write sent together with it was refused; not tried because the store was busy (back off, send again); or
 * failed (the store answered with an error, or the writes stopped before this one was sent).
 */
export type WriteOutcome<Stored = never> =
  | { kind: 'written' }
  | { kind: 'refused'; stored?: Stored | undefined }
  | { kind: 'notTried' }
  | { kind: 'busy' }
  | { kind: 'failed'; error: unknown };

export interface OrderWrite {
  order: StoredOrder;
  /** The state this request last knew of the order; undefined: not stored. The write goes through only then. */
  expected: OrderState | undefined;
}

export interface OrderStore {
  /** What is stored of these orders (consistent reads); an order not stored is absent. */
  summaries(orderIds: readonly string[]): Promise<Map<string, StoredOrderSummary>>;
  /** The fingerprints of these orders as stored (undefined for one stored without); absent: not stored. */
  fingerprints(orderIds: readonly string[]): Promise<Map<string, string | undefined>>;
  /** These orders as stored, whole. */
  orders(orderIds: readonly string[]): Promise<Map<string, OrderAsStored>>;
  /** The size of the order's record as the store counts it (estimated upwards). */
  itemBytes(order: StoredOrder): number;
  /**
   * Writes the orders, each only if still as expected, many together (all of a group or none), and says what
   * became of each, in their order. A failure stops further writes: the orders not sent are `failed`.
   */
  write(writes: readonly OrderWrite[]): Promise<WriteOutcome<OrderState>[]>;
  /** Every stored order as its customer's fact (for `rebuild-profiles`). */
  facts(): AsyncIterable<{ customerId: string; fact: OrderFact }>;
}

/** A stored profile and the version it was read at. */
export interface VersionedProfile {
  profile: CustomerProfile;
  version: number;
}

export interface ProfileWrite {
  profile: CustomerProfile;
  version: number;
  /** The version this request read; undefined: no profile was stored. The write goes through only then. */
  expectedVersion: number | undefined;
}

export interface ProfileStore {
  /** Names the profiles of this store: this process queues and remembers its writes by it. */
  readonly name: string;
  /** The stored profiles of these customers (consistent reads); a customer without one is absent. */
  read(customerIds: readonly string[]): Promise<Map<string, VersionedProfile>>;
  /** The size of the profile's record at this version as the store counts it (estimated upwards). */
  itemBytes(profile: CustomerProfile, version: number): number;
  /** Writes the profiles, each only if its version is still the one expected, many together; every group is sent. */
  write(writes: readonly ProfileWrite[]): Promise<WriteOutcome[]>;
  /** Writes these profiles as they are, at this version, whatever is stored (for `rebuild-profiles`). */
  replace(profiles: readonly CustomerProfile[], version: number): Promise<void>;
}

export type EventKind = 'visits' | 'coupons' | 'complaints';

/** A visit, coupon or complaint as stored: keyed by customer and `eventKey` (kind, day and fingerprint). */
export interface StoredEvent {
  customerId: string;
  eventKey: string;
  kind: EventKind;
  day: Day;
  repId?: string | undefined;
}

export interface EventStore {
  /** Which of these events are stored already, as `customerId\u0000eventKey`. */
  stored(keys: readonly Pick<StoredEvent, 'customerId' | 'eventKey'>[]): Promise<Set<string>>;
  put(events: readonly StoredEvent[]): Promise<void>;
  /** The days of the customer's stored complaints, sorted (consistent read). */
  complaintDays(customerId: string): Promise<Day[]>;
  /** Every stored event (for `rebuild-profiles`). */
  all(): AsyncIterable<Pick<StoredEvent, 'customerId' | 'kind' | 'day'>>;
}

export interface MasterStore {
  /** The stored records of this kind with these ids, by id. */
  get(kind: 'customers' | 'reps', ids: readonly string[]): Promise<Map<string, Record<string, unknown>>>;
  put(kind: 'customers' | 'reps', items: readonly Record<string, unknown>[]): Promise<void>;
}
