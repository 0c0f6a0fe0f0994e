import { ingestEvents } from './ingest-events.ts';
import { ingestMaster } from './ingest-master.ts';
import type { IngestDeps } from './ingest-deps.ts';
import { ingestOrders } from './ingest-orders.ts';
import type { IngestResult } from './ingest-result.ts';
import { INGEST_KINDS, type IngestKind } from '../../contracts/api.ts';

export { INGEST_KINDS, type IngestKind };

/** One batch of one kind of record, through the same path for the HTTP API and `churn-watch import`. */
export function ingest(
  kind: IngestKind,
  records: readonly unknown[],
  deps: IngestDeps,
): Promise<IngestResult> {
  switch (kind) {
    case 'orders':
      return ingestOrders(records, deps);
    case 'customers':
    case 'reps':
      return ingestMaster(kind, records, deps);
    case 'visits':
    case 'coupons':
    case 'complaints':
      return ingestEvents(kind, records, deps);
  }
}
