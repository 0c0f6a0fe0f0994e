/** Where a command writes; tests hand in buffers, the CLI hands in stdout/stderr. */
export interface CommandIo {
  out(text: string): void;
  err(text: string): void;
}

/**
 * A mistake in how the command was called or in what it was given, reported as its message alone
 * (no stack trace) with the exit code.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}
