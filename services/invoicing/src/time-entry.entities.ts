import { EntitySchema } from '@mikro-orm/core';

/** One time entry of a project order; billed once, by the invoice it names. */
export interface TimeEntryRow {
  id: string;
  orderNumber: string;
  person: string;
  productId: string;
  /** The activity's name when the entry was recorded. */
  activity: string;
  date: string;
  hours: string;
  rate?: string | null;
  billable: boolean;
  text: string;
  invoiceNumber?: string | null;
  createdBy: string;
  createdAt: Date;
}

export const TimeEntryEntity = new EntitySchema<TimeEntryRow>({
  name: 'TimeEntry',
  tableName: 'time_entry',
  properties: {
    id: { type: 'string', primary: true },
    orderNumber: { type: 'string' },
    person: { type: 'string' },
    productId: { type: 'string' },
    activity: { type: 'string' },
    date: { type: 'string', columnType: 'date' },
    hours: { type: 'decimal', precision: 8, scale: 2 },
    rate: { type: 'decimal', precision: 18, scale: 4, nullable: true },
    billable: { type: 'boolean' },
    text: { type: 'string' },
    invoiceNumber: { type: 'string', nullable: true },
    createdBy: { type: 'string' },
    createdAt: { type: 'datetime' },
  },
});
