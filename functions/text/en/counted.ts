/**
 * `1 row`, `2 rows`, `0 rows`: an English count with its noun (Chinese needs no plural).
 *
 * @example counted(1, 'manager') // '1 manager'
 */
export function counted(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}
