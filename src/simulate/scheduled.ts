// Money that moves on fixed days: salaries (on the employer's payday, a weekend payday moved
// to the Friday before), pensions (on the 10th, likewise) and rent (on the renter's day).
import { type DayInfo, HOUR, MINUTE } from './calendar.js';
import { payingAccount, personDevice } from './population.js';
import type { Rng } from './random.js';
import { CH_TRANSFER, type DayRows, purposeCode } from './rows.js';
import type { World } from './world.js';

const SALARY = purposeCode('salary');
const PENSION = purposeCode('pension');
const RENT = purposeCode('rent');

/** True if the nominal day `nominal` of this month (0 = last) is paid today. */
export function paidToday(day: DayInfo, nominal: number): boolean {
  const d = nominal === 0 ? day.daysInMonth : Math.min(nominal, day.daysInMonth);
  // weekday of day d of this month, 0 = Monday
  const wd = (((day.weekday + d - day.dayOfMonth) % 7) + 7) % 7;
  const effective = wd === 5 ? d - 1 : wd === 6 ? d - 2 : d;
  // a payday moved before the 1st stays on the 1st
  return Math.max(1, effective) === day.dayOfMonth;
}

export function scheduledDay(world: World, day: DayInfo, rows: DayRows, rng: Rng): void {
  const pop = world.people;
  for (const [payday, employees] of world.payroll) {
    if (!paidToday(day, payday)) continue;
    // a batch run by each employer's bank in the morning
    const batchAt = day.start + 9 * HOUR + rng.int(2 * HOUR);
    for (const p of employees) {
      const e = pop.employer[p]!;
      const t = batchAt + ((e * 7) % 50) * MINUTE + rng.int(600);
      rows.push(
        t,
        world.employerAccount[e]!,
        pop.acctStart[p]!,
        pop.salary[p]!,
        CH_TRANSFER,
        -1,
        SALARY,
      );
    }
  }
  if (paidToday(day, 10)) {
    for (const p of world.pensioners) {
      const t = day.start + 8 * HOUR + rng.int(3 * HOUR);
      rows.push(t, world.pensionFund, pop.acctStart[p]!, pop.pension[p]!, CH_TRANSFER, -1, PENSION);
    }
  }
  for (const p of world.renters[day.dayOfMonth] ?? []) {
    const t = day.start + 8 * HOUR + rng.int(14 * HOUR);
    rows.push(
      t,
      payingAccount(pop, p, rng),
      pop.acctStart[pop.landlord[p]!]!,
      pop.rent[p]!,
      CH_TRANSFER,
      personDevice(pop, p, rng),
      RENT,
    );
  }
}
