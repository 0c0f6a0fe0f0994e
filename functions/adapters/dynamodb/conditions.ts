/** A conditional write refused because the item changed (or exists) meanwhile: the caller's cue to re-read. */
export const isConditionFailure = (error: unknown): boolean =>
  (error as { name?: string }).name === 'ConditionalCheckFailedException';

/**
 * A single-item write refused because a transaction on the same item was under way (AWS only): nothing was
 * written, and the same write a moment later goes through or meets the transaction's result.
 */
export const isTransactionConflict = (error: unknown): boolean =>
  (error as { name?: string }).name === 'TransactionConflictException';
