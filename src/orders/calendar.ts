// UTC calendar arithmetic for legal deadlines: "6 months" from 31 August is 28/29 February.

/**
 * Adds whole calendar months in UTC, keeping the time of day and clamping the day of month
 * to the target month's length. Example: 2025-08-31T10:00Z + 6 -> 2026-02-28T10:00Z.
 */
export function addMonthsUtc(ms: number, months: number): number {
  const d = new Date(ms);
  const total = d.getUTCFullYear() * 12 + d.getUTCMonth() + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12;
  const day = Math.min(d.getUTCDate(), daysInMonthUtc(year, month));
  const timeOfDay = ms - utcDay(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  return utcDay(year, month, day) + timeOfDay;
}

/** Days in a 0-based month. */
function daysInMonthUtc(year: number, month0: number): number {
  return new Date(utcDay(year, month0 + 1, 1) - 86_400_000).getUTCDate();
}

/** Date.UTC, but correct for years 0..99 too (Date.UTC maps those to 1900..1999). */
function utcDay(year: number, month0: number, day: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month0, day);
  return d.getTime();
}
