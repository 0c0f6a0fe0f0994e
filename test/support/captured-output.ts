import { vi } from 'vitest';

export interface CapturedOutput {
  /** Everything written to stdout and stderr since the capture began. */
  text(): string;
  /** The lines that are JSON objects (Powertools' log lines and EMF metrics), parsed. */
  records(): Record<string, unknown>[];
}

/**
 * Captures what the process writes to stdout and stderr, as a Lambda's log would receive it: Powertools'
 * Logger and Metrics write there directly, not through `console`. Restored by `vi.restoreAllMocks()`.
 */
export function captureOutput(): CapturedOutput {
  const chunks: string[] = [];
  const keep = (chunk: unknown) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(keep);
  vi.spyOn(process.stderr, 'write').mockImplementation(keep);
  const text = () => chunks.join('');
  return {
    text,
    records: () =>
      text()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
