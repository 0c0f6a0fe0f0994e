import type { Locale } from '../../core/locale.ts';
import type { IngestDeps } from './ingest-deps.ts';
import type { OrderState } from './ingest-store.ts';
import type { StoredOrder } from './order-record.ts';
import { IngestContentionError } from './contention.ts';
import { textFor } from '../../text/catalogue.ts';

export type { OrderState };

/** Other requests kept changing the same orders faster than this one could write them (see the base class). */
export class OrderContentionError extends IngestContentionError {
  override readonly name = 'OrderContentionError';

  constructor(
    readonly orderId: string,
    attempts: number,
  ) {
    super(`order ${orderId} kept changing under us after ${attempts} attempts`);
  }

  protected contended(locale: Locale): string {
    return textFor(locale).ingest.orderContended(this.orderId);
  }
}

export interface OrderWriteOptions {
  /** Rounds of writes (refusals re-sent with the state the refusal returned) before giving up. */
  maxAttempts?: number;
  /** First backoff ceiling after a conflict; it doubles per round up to 1 s (full jitter). */
  baseDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface OrderWrites {
  /** The orders this request stored. */
  stored: StoredOrder[];
  /** Orders found already stored exactly so (another request stored them first). */
  alreadyStored: number;
  /** Order id → the customer a stored order belonged to before this request wrote it for another. */
  previousOwners: Map<string, string>;
  /** Why writing stopped early, for the caller to raise once the profiles of what was written are done. */
  failure?: unknown;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Writes the orders together (on DynamoDB in transactions of up to 100), each order only if it is still as this request read it
 * (absent, or the fingerprint read), so what a request counts as stored is exactly what it stored, and
 * the customer it took an order from is the one the condition checked. When another request got there
 * first, the refusal returns the order as now stored: the same fingerprint counts as already stored (of
 * five concurrent copies of a batch, one stores each order), another version is written over with that
 * state as the one to check (an order moved meanwhile leaves the customer that held it last). The other
 * orders of a refused transaction are sent again as they were; a conflict with another transaction waits
 * a random while first. A failed write stops further writes; the failure is returned for the caller to
 * raise after it brought the profiles of what was written up to date.
 */
export async function writeOrders(
  orders: readonly StoredOrder[],
  read: ReadonlyMap<string, OrderState>,
  deps: Pick<IngestDeps, 'store'>,
  options: OrderWriteOptions = {},
): Promise<OrderWrites> {
  const { maxAttempts = 10, baseDelayMs = 25, sleep = defaultSleep } = options;
  const stored: StoredOrder[] = [];
  const previousOwners = new Map<string, string>();
  let alreadyStored = 0;
  let failure: unknown;
  let pending = orders.map((order) => ({ order, state: read.get(order.orderId) }));
  for (let attempt = 0; pending.length > 0 && failure === undefined; attempt++) {
    if (attempt >= maxAttempts) {
      failure = new OrderContentionError((pending[0] as (typeof pending)[number]).order.orderId, attempt);
      break;
    }
    const outcomes = await deps.store.orders.write(
      pending.map(({ order, state }) => ({ order, expected: state })),
    );
    const next: typeof pending = [];
    let busy = false;
    for (const [i, entry] of pending.entries()) {
      const outcome = outcomes[i] as (typeof outcomes)[number];
      const { order, state } = entry;
      if (outcome.kind === 'written') {
        stored.push(order);
        if (state && state.customerId !== order.customerId)
          previousOwners.set(order.orderId, state.customerId);
      } else if (outcome.kind === 'refused') {
        const now = outcome.stored;
        if (now?.hash === order.hash) alreadyStored++;
        else next.push({ order, state: now });
      } else if (outcome.kind === 'failed') {
        failure ??= outcome.error;
      } else {
        if (outcome.kind === 'busy') busy = true;
        next.push({ order, state });
      }
    }
    pending = next;
    if (busy && pending.length > 0) await sleep(Math.random() * Math.min(1000, baseDelayMs * 2 ** attempt));
  }
  return { stored, alreadyStored, previousOwners, ...(failure === undefined ? {} : { failure }) };
}
