import { Decimal } from 'decimal.js';
import { roundMoney, toAmountString } from '../../../../shared/money.ts';
import { addDays } from '../../../../shared/dates.ts';
import type { DunningSettings } from '../../../../shared/contracts/invoicing/dunning.ts';

/** Until accounting sets its own: a friendly reminder after a week, two dunning letters with fees after three and five weeks. */
export const DEFAULT_DUNNING: DunningSettings = {
  levels: [
    { title: 'Zahlungserinnerung', afterDue: '7d', fee: '0.00' },
    { title: '1. Mahnung', afterDue: '21d', fee: '5.00' },
    { title: '2. Mahnung', afterDue: '35d', fee: '10.00' },
  ],
  // Basiszinssatz since 1 July 2025 (Deutsche Bundesbank); accounting updates it every half year.
  baseRatePercent: '1.27',
  pointsBusiness: '9',
  pointsConsumer: '5',
};

/** Calendar days from one ISO date to another (Europe/Berlin dates, so no clock time is involved). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Default interest per § 288 BGB: base rate plus 9 points between businesses, 5 with consumers (never below 0). */
export function interestRatePercent(settings: DunningSettings, customerType: 'business' | 'consumer'): Decimal {
  const rate = new Decimal(settings.baseRatePercent).plus(customerType === 'business' ? settings.pointsBusiness : settings.pointsConsumer);
  return Decimal.max(rate, 0);
}

/**
 * What a reminder states: the days since the due date, interest on the open
 * amount for those days (act/365, rounded once to the currency), the level's
 * fee and the total.
 */
export function reminderAmounts(input: {
  open: Decimal.Value;
  dueDate: string;
  issueDate: string;
  ratePercent: Decimal.Value;
  fee: Decimal.Value;
  currency: string;
}): { daysOverdue: number; interest: string; fee: string; total: string; payBy: string } {
  const daysOverdue = Math.max(0, daysBetween(input.dueDate, input.issueDate));
  const interest = roundMoney(new Decimal(input.open).times(input.ratePercent).div(100).times(daysOverdue).div(365), input.currency);
  const fee = roundMoney(input.fee, input.currency);
  return {
    daysOverdue,
    interest: toAmountString(interest, input.currency),
    fee: toAmountString(fee, input.currency),
    total: toAmountString(new Decimal(input.open).plus(interest).plus(fee), input.currency),
    payBy: addDays(input.issueDate, 7),
  };
}
