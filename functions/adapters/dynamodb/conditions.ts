/** A conditional write refused because the item changed (or exists) meanwhile: the caller's cue to re-read. */
export const isConditionFailure = (error: unknown): boolean =>
  (error as { name?: string }).name === 'ConditionalCheckFailedException';
