import type { Knex } from 'knex';

export const PERIODS = ['second', 'minute', 'hour', 'day', 'week', 'month'] as const;
export type Period = (typeof PERIODS)[number];

/** OBP's window lengths (a month is 30 days). */
export const PERIOD_SECONDS: Readonly<Record<Period, number>> = {
  second: 1,
  minute: 60,
  hour: 3600,
  day: 86_400,
  week: 604_800,
  month: 2_592_000,
};

/** A consumer's call limits: calls allowed per period, -1 for no limit; in force from `fromDate` to `toDate`. */
export interface CallLimits {
  consumerId: string;
  fromDate: Date;
  toDate: Date;
  perPeriod: Record<Period, number>;
}

export const NO_LIMITS: Readonly<Record<Period, number>> = { second: -1, minute: -1, hour: -1, day: -1, week: -1, month: -1 };

// How long an instance reuses limits it read: a changed limit applies everywhere within this time.
const CACHE_MS = 1000;
const CACHE_MAX_ENTRIES = 10_000;

interface Row {
  consumer_id: string;
  from_date: number | string;
  to_date: number | string;
  per_second: number | string;
  per_minute: number | string;
  per_hour: number | string;
  per_day: number | string;
  per_week: number | string;
  per_month: number | string;
}

function toLimits(r: Row): CallLimits {
  return {
    consumerId: r.consumer_id,
    fromDate: new Date(Number(r.from_date)),
    toDate: new Date(Number(r.to_date)),
    perPeriod: Object.fromEntries(PERIODS.map((p) => [p, Number(r[`per_${p}`])])) as Record<Period, number>,
  };
}

/**
 * Per-consumer call limits (OBP's `…/consumer/call-limits`). Keyed by consumer id, so they apply to whatever
 * identifies the consumer of a request (a DirectLogin token today, an OAuth2 client tomorrow).
 */
export class CallLimitStore {
  private readonly cache = new Map<string, { readAt: number; limits: CallLimits | undefined }>();

  constructor(private readonly db: Knex) {}

  async get(consumerId: string): Promise<CallLimits | undefined> {
    const r = await this.db<Row>('consumer_call_limits').where({ consumer_id: consumerId }).first();
    return r && toLimits(r);
  }

  /** Creates or replaces the consumer's limits in one statement (no read-then-write race). */
  async set(limits: CallLimits): Promise<CallLimits> {
    const row = {
      consumer_id: limits.consumerId,
      from_date: limits.fromDate.getTime(),
      to_date: limits.toDate.getTime(),
      ...Object.fromEntries(PERIODS.map((p) => [`per_${p}`, limits.perPeriod[p]])),
      updated_at: Date.now(),
    };
    await this.db('consumer_call_limits').insert(row).onConflict('consumer_id').merge();
    this.cache.delete(limits.consumerId);
    return limits;
  }

  /** The limits in force now, read at most once a second per consumer (the per-request path). */
  async inForce(consumerId: string, now = Date.now()): Promise<Record<Period, number> | undefined> {
    let entry = this.cache.get(consumerId);
    if (!entry || entry.readAt <= now - CACHE_MS) {
      if (this.cache.size >= CACHE_MAX_ENTRIES) this.cache.clear();
      entry = { readAt: now, limits: await this.get(consumerId) };
      this.cache.set(consumerId, entry);
    }
    const l = entry.limits;
    if (!l || l.fromDate.getTime() > now || l.toDate.getTime() < now) return undefined;
    return l.perPeriod;
  }
}
