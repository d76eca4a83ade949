/** OBP's date renderings: full timestamps `yyyy-MM-ddTHH:mm:ssZ` (UTC, no milliseconds) and days `yyyy-MM-dd`. */

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export function formatDateTime(d: Date | null | undefined): string | null {
  if (!d) return null;
  return (
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}Z`
  );
}

export function formatDay(d: Date | null | undefined): string {
  if (!d) return '';
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

const REQUEST_DATE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{3}))?Z$/;

/**
 * Parses a request date in `yyyy-MM-ddTHH:mm:ssZ` or the same with milliseconds (policy P5g); anything else,
 * including impossible dates such as February 30th, is undefined.
 */
export function parseRequestDate(s: string): Date | undefined {
  const m = REQUEST_DATE.exec(s);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second, ms] = m.slice(1).map((v) => Number(v ?? 0)) as number[];
  const d = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0-99 to 1900-1999.
  d.setUTCFullYear(year!, month! - 1, day!);
  d.setUTCHours(hour!, minute!, second!, ms!);
  const roundTrips =
    d.getUTCFullYear() === year &&
    d.getUTCMonth() === month! - 1 &&
    d.getUTCDate() === day &&
    d.getUTCHours() === hour &&
    d.getUTCMinutes() === minute &&
    d.getUTCSeconds() === second;
  return roundTrips ? d : undefined;
}
