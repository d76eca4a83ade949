/**
 * Where recent firehose pages of a whole bank ended, so that a page at a deep offset seeks instead of walking.
 *
 * A page at `offset` normally makes the database step over `offset` entries of the (bank, last_ok_date,
 * customer_id) index; the last page of 100,000 customers costs several times the first. A checkpoint is the
 * (last_ok_date, customer_id) of the row just before every CHECKPOINT-th position that a page happened to read;
 * a later page at offset O seeks to the nearest checkpoint C <= O and steps over O - C entries only. Rows are still
 * read whole and fresh for every page; only positions are remembered, and only for MAX_AGE_MS: a customer created
 * or removed before a checkpoint within that time shifts the pages read from it by one, as it would shift two plain
 * offset reads made that far apart. Attribute filters and date windows are not remembered (their rows change with
 * every update); they keep the plain walk.
 */
export const CHECKPOINT = 500;
const MAX_AGE_MS = 1000;
const MAX_CHECKPOINTS = 10_000;

/** Where a checkpoint's page starts: strictly after this row in the page order. */
export interface SeekKey {
  lastOkDate: number;
  customerId: string;
}

interface Entry extends SeekKey {
  at: number;
}

export class FirehosePositions {
  private readonly checkpoints = new Map<string, Entry>();

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** The nearest usable checkpoint at or below `offset`: its offset and key. */
  nearest(bankId: string, direction: 'asc' | 'desc', offset: number): { offset: number; key: SeekKey } | undefined {
    const now = this.now();
    for (let c = Math.floor(offset / CHECKPOINT) * CHECKPOINT; c > 0; c -= CHECKPOINT) {
      const k = this.checkpoints.get(`${bankId}\u0000${direction}\u0000${c}`);
      if (k && now - k.at <= MAX_AGE_MS) return { offset: c, key: k };
    }
    return undefined;
  }

  /** Records the checkpoints inside a page read at `offset` (rows in page order, last_ok_date as stored). */
  record(bankId: string, direction: 'asc' | 'desc', offset: number, rows: { last_ok_date: number | string | null; customer_id: string }[]): void {
    const first = Math.ceil((offset + 1) / CHECKPOINT) * CHECKPOINT;
    for (let c = first; c <= offset + rows.length; c += CHECKPOINT) {
      const row = rows[c - 1 - offset]!;
      // A row without a date sorts apart (NULLs first ascending, last descending): no checkpoint there.
      if (row.last_ok_date === null) continue;
      if (this.checkpoints.size >= MAX_CHECKPOINTS) this.checkpoints.clear();
      this.checkpoints.set(`${bankId}\u0000${direction}\u0000${c}`, { lastOkDate: Number(row.last_ok_date), customerId: row.customer_id, at: this.now() });
    }
  }
}
