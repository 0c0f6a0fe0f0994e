/**
 * A progress line on stderr: redrawn in place on a terminal, a line every 10% when piped into a log so
 * the log stays readable.
 */
export function progressReporter(
  label: string,
  total: number,
  write: (text: string) => void,
  isTty: boolean,
) {
  let lastDecile = -1;
  return {
    update(done: number): void {
      const fraction = total === 0 ? 1 : Math.min(1, done / total);
      if (isTty) {
        const width = 30;
        const filled = Math.round(fraction * width);
        write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
        if (done >= total) write('\n');
        return;
      }
      const decile = Math.floor(fraction * 10);
      if (decile !== lastDecile) {
        lastDecile = decile;
        write(`${label} ${Math.round(fraction * 100)}% (${done}/${total})\n`);
      }
    },
  };
}
