/** What the ingest API answers and `churn-watch import` sums up. */
export interface IngestResult {
  /** Records stored (new, or changed since the last delivery). */
  accepted: number;
  /** Records identical to what is already stored: a retry or a re-import. */
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
