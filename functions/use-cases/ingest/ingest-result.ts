/** What the ingest API answers and `churn-watch import` sums up. */
export interface IngestResult {
  /**
   * Records this request stored (new, or changed since the last delivery). For orders, counted from the
   * conditional writes themselves, so of several requests sending one order at once exactly one counts
   * it; a batch answered 503 stored part of its records, and its retry counts those as duplicates.
   */
  accepted: number;
  /** Records identical to what is stored (a retry, a re-import, a concurrent copy) or repeated in the batch. */
  duplicates: number;
  rejected: RejectedRecord[];
  /**
   * What the caller should know about records that were stored, in the caller's language (e.g. rep values
   * stored unchecked because the reps table is empty). Absent when there is nothing to say.
   */
  notices?: string[];
}

export interface RejectedRecord {
  /** Position of the record in the batch. */
  index: number;
  errors: { path: string; message: string }[];
}
