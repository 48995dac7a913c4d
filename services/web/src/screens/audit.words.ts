import { addMessages, type Translate } from '../i18n.ts';

/**
 * Readable words for the audit trail's action codes (as the services record them). A code without words
 * here (a new one) shows as it is: the trail never hides an entry.
 */
const CODES: Record<string, [de: string, en: string]> = {
  created: ['Angelegt', 'Created'],
  updated: ['Geändert', 'Updated'],
  edited: ['Bearbeitet', 'Edited'],
  issued: ['Ausgestellt', 'Issued'],
  cancel: ['Storniert', 'Cancelled'],
  cancelled: ['Storniert', 'Cancelled'],
  discarded: ['Verworfen', 'Discarded'],
  delivered: ['Zustellung erfasst', 'Delivery recorded'],
  attributes_changed: ['Merkmale geändert', 'Attributes changed'],
  billing_plan_replaced: ['Abrechnungsplan festgelegt', 'Billing plan set'],
  billing_recorded: ['Abrechnung erfasst', 'Billing recorded'],
  delivery_recorded: ['Lieferung erfasst', 'Delivery recorded'],
  delivery_after_cancellation: ['Lieferung nach Storno erfasst', 'Delivery after cancellation recorded'],
  goods_received: ['Wareneingang erfasst', 'Goods received'],
  line_cancelled: ['Position storniert', 'Line cancelled'],
  milestone_added: ['Meilenstein hinzugefügt', 'Milestone added'],
  milestone_cancelled: ['Meilenstein abgesagt', 'Milestone cancelled'],
  milestone_done: ['Meilenstein erledigt', 'Milestone done'],
  milestone_edited: ['Meilenstein bearbeitet', 'Milestone edited'],
  milestone_plan_replaced: ['Meilensteinplan festgelegt', 'Milestone plan set'],
  milestone_rescheduled: ['Meilenstein verschoben', 'Milestone rescheduled'],
  milestone_started: ['Meilenstein begonnen', 'Milestone started'],
  milestones_reordered: ['Meilensteine umsortiert', 'Milestones reordered'],
  promised_date_changed: ['Zugesagter Termin geändert', 'Promised date changed'],
  subscription_created: ['Abonnement angelegt', 'Subscription started'],
  subscription_changed: ['Abonnement geändert', 'Subscription changed'],
  payment_recorded: ['Zahlung erfasst', 'Payment recorded'],
  refund_recorded: ['Erstattung erfasst', 'Refund recorded'],
  reminder_issued: ['Mahnung erstellt', 'Reminder issued'],
  matched_by_hand: ['Zahlung von Hand zugeordnet', 'Payment matched by hand'],
  credited: ['Gutgeschrieben', 'Credited'],
  approval_approve: ['Freigabe erteilt', 'Approved'],
  approval_reject: ['Freigabe abgelehnt', 'Approval rejected'],
};

addMessages({
  de: Object.fromEntries(Object.entries(CODES).map(([code, [de]]) => [`audit.${code}`, de])),
  en: Object.fromEntries(Object.entries(CODES).map(([code, [, en]]) => [`audit.${code}`, en])),
});

/** The words for an action code in the user's language, or the code itself when it has none. */
export function auditLabel(t: Translate, code: string): string {
  return Object.hasOwn(CODES, code) ? t(`audit.${code}`) : code;
}
