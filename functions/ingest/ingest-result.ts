/** What the ingest API answers and `churn-watch import` sums up. */
export interface IngestResult {
  /** Records stored (new, or changed since the last delivery). */
  accepted: number;
  /** Records identical to what is already stored: a retry or a re-import. */
  duplicates: number;
  rejected: RejectedRecord[];
}

export interface RejectedRecord {
  /** Position of the record in the batch. */
  index: number;
  errors: { path: string; message: string }[];
}
