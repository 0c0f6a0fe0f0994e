import type { Locale } from '../../core/locale.ts';
import { textFor } from '../../text/catalogue.ts';

/**
 * Other requests kept changing the records this one writes (orders, profiles) faster than it could write
 * them. What was written is stored; sending the batch again finishes the rest and counts nothing twice, so
 * the caller is asked to retry (503 with Retry-After) rather than told the service failed.
 */
export abstract class IngestContentionError extends Error {
  /** Seconds a caller should wait before sending the batch again. */
  readonly retryAfterSeconds = 2;

  /** What is contended, in the caller's language: `订单 P1 正被其他请求同时修改` / `order P1 is being changed by other requests`. */
  protected abstract contended(locale: Locale): string;

  describe(locale: Locale): string {
    return textFor(locale).ingest.retryBatch(this.contended(locale), this.retryAfterSeconds);
  }
}
