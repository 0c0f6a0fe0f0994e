import type { Locale } from '../../core/locale.ts';
import type { IngestStore, KnownRep } from './ingest-store.ts';
import { textFor } from '../../text/catalogue.ts';

export type { KnownRep };

/**
 * What a rep value in an export stands for. `unchecked`: the reps table is empty, so nothing can be checked
 * (orders may come before reps); the value is kept as given.
 */
export type RepMatch =
  | { kind: 'id'; repId: string }
  | { kind: 'name'; repId: string }
  | { kind: 'unknown' }
  | { kind: 'ambiguous'; repIds: string[] }
  | { kind: 'unchecked'; repId: string };

/** A rep value that names no rep: the row is refused. */
export type RepMismatch = Extract<RepMatch, { kind: 'unknown' | 'ambiguous' }>;

export const isMismatch = (match: RepMatch): match is RepMismatch =>
  match.kind === 'unknown' || match.kind === 'ambiguous';

/**
 * The reps table as a lookup from what exports write in a rep column: a rep id, or a rep's name (ERPs
 * export 业务员 as the person's name as often as the code). Built once per import or request, so each row
 * costs two map lookups.
 *
 * @example
 * const reps = new RepDirectory([{ repId: 'R01', name: '李娜' }]);
 * reps.match('李娜'); // { kind: 'name', repId: 'R01' }
 */
export class RepDirectory {
  readonly reps: readonly KnownRep[];
  readonly #ids: Set<string>;
  readonly #byName = new Map<string, string[]>();

  constructor(reps: readonly KnownRep[]) {
    this.reps = [...reps].sort((a, b) => (a.repId < b.repId ? -1 : a.repId > b.repId ? 1 : 0));
    this.#ids = new Set(reps.map((rep) => rep.repId));
    for (const rep of this.reps) {
      const name = rep.name?.trim();
      if (!name) continue;
      const ids = this.#byName.get(name);
      if (ids) ids.push(rep.repId);
      else this.#byName.set(name, [rep.repId]);
    }
  }

  /** No reps yet: values cannot be checked. */
  get empty(): boolean {
    return this.reps.length === 0;
  }

  /** Exact id first, then the one rep with exactly this name (both trimmed). */
  match(value: string): RepMatch {
    const text = value.trim();
    if (this.empty) return { kind: 'unchecked', repId: text };
    if (this.#ids.has(text)) return { kind: 'id', repId: text };
    const named = this.#byName.get(text);
    if (named === undefined) return { kind: 'unknown' };
    if (named.length > 1) return { kind: 'ambiguous', repIds: named };
    return { kind: 'name', repId: named[0] as string };
  }

  /** Why `value` names no rep, for the admin: the value, and the reps there are to choose from (or both ids). */
  problem(value: string, match: RepMismatch, locale: Locale): string {
    const text = textFor(locale).ingest;
    if (match.kind === 'ambiguous') {
      return text.repAmbiguous(value, match.repIds.length, match.repIds.join(text.listSeparator));
    }
    return text.repUnknown(value, this.#knownList(locale));
  }

  #knownList(locale: Locale): string {
    const text = textFor(locale).ingest;
    const listed = this.reps
      .slice(0, MAX_LISTED_REPS)
      .map((rep) => (rep.name ? `${rep.repId} ${rep.name}` : rep.repId));
    const more = this.reps.length - listed.length;
    const list = listed.join(text.listSeparator);
    if (more <= 0) return list;
    return text.knownReps(list, more, this.reps.length);
  }
}

/** How many reps a message lists before it only counts the rest. */
const MAX_LISTED_REPS = 10;

/** The reps table as a {@link RepDirectory}: ids and names only, one read of the reps there are. */
export async function loadRepDirectory(store: Pick<IngestStore, 'reps'>): Promise<RepDirectory> {
  return new RepDirectory(await store.reps.list());
}

/**
 * Said once when rep values were stored without a check because the reps table is empty: a value that is a
 * name would otherwise reach the daily run, whose digests for it fail.
 */
export function uncheckedRepsNotice(locale: Locale): string {
  return textFor(locale).ingest.repsUnchecked;
}
