/**
 * The sale lifecycle's whole Temporal contract: task queue, workflow id,
 * updates, query and search attributes. Pure: imported by the workflow, the
 * worker and the gateway alike.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import type { QuoteContentInput, QuoteStatus } from '../../shared/contracts/quote/index.ts';
import type { Actor, OrderType } from '../../shared/contracts/common.ts';
import type { OrderStatus, ScheduleLine } from '../../shared/contracts/order/index.ts';
import type { DeliveryNoteStatus, ShippingMethod } from '../../shared/contracts/fulfillment/index.ts';
import type { InvoiceKind, InvoiceStatus } from '../../shared/contracts/invoicing/index.ts';
import type { BilledInvoice } from './workflows/sale-progress.ts';

export const SALE_WORKFLOW = 'saleWorkflow';

/** Operators find a sale by its first document's number: `sale:AN-2026-00042` (or `sale:AB-…` for a direct order). */
export function saleWorkflowId(saleNumber: string): string {
  return `sale:${saleNumber}`;
}

export type SaleStage =
  | 'quote_draft'
  | 'pending_approval'
  | 'approved'
  | 'quote_sent'
  | 'expired'
  | 'quote_accepted'
  | 'ordered'
  | 'partially_delivered'
  | 'delivered'
  | 'invoiced'
  | 'paid'
  | 'rejected'
  | 'cancelled';

export interface SaleInput {
  /** Set for a sale that starts with a quote … */
  quoteNumber?: string;
  /** … or for a direct order (phone or counter sale), which starts at 'ordered'. */
  orderNumber?: string;
  customerNumber: string;
  /** Gross total in the base currency, for the search attribute. */
  totalBase: string;
  /** Who created the quote: they may not approve it. */
  authorId?: string;
  /** A direct order's type, for the KontorOrderType search attribute of its start. */
  orderType?: OrderType;
  /** The quote's assignee and the instant it lapses, so the sale need not read the quote to begin. */
  assignee?: string | null;
  expiresAt?: string | null;
  /** Set when a run continues as new: where the previous run stood. */
  continued?: { state: SaleState; ledger: SaleLedger };
}

/** What a sale keeps besides its visible state, and carries into its next run: numbers and decisions, never documents. */
export interface SaleLedger {
  /** Shipped delivery notes, and whether they cover the whole order (the fulfillment service says so when a note ships). */
  shipments: string[];
  delivered: boolean;
  invoices: BilledInvoice[];
  /** How often each repeatable step was taken (`AB-2026-00042:delivery` → 2): the last part of its idempotency key. */
  steps: Record<string, number>;
  /** Whether the order type's own steps (cash sale, rush alert, drop-ship hand-over) are done. */
  automationDone: boolean;
  /** Schedule lines whose date has not come yet. */
  pendingSchedule: ScheduleLine[];
  /** Overdue notices sent, one per milestone and planned date (`<id>:<date>`); absent in runs from before milestones. */
  milestoneNotices?: string[];
  /** Make-to-order lines waiting for their goods, with the instant their promised date passes. */
  production?: ProductionFacts[];
  /** Positions whose goods were received (also before the sale adopted its order). */
  goodsReceived?: number[];
  /** Overdue notices to the planners, one per position and promised date (`<position>:<date>`). */
  productionNotices?: string[];
  /** Every shipped delivery note is invoiced at once. */
  invoiceOnShipment?: boolean;
  /** Automatic billing attempts, one per plan item and trigger state (`<key>:<state>`), so a refused one is not repeated. */
  autoBillingTried?: string[];
  /** The recurring contract's next period to bill (absent: no contract; null next: it ended). */
  subscription?: SubscriptionFacts;
  /** The dunning levels' delays after the due date ("7d", "21d", …), read from the invoicing service when the first invoice falls due. */
  dunningLevels?: { title: string; afterDue: string }[];
  /** Backordered positions the warehouse served since the sale last looked: the warehouse is to be told. */
  stockAvailable?: number[];
  /** Status changes of combined invoices this sale leads, still to be told to the other orders' sales. */
  partnerNotices?: { sale: string; invoiceNumber: string; status: 'paid' | 'cancelled' }[];
}

/**
 * What a step answers: the document's number and the few facts the sale
 * decides on, never the document itself, so the history stays small whatever
 * the number of lines. The gateway reads the document from its owner.
 */
export interface QuoteFacts {
  kind: 'quote';
  number: string;
  status: QuoteStatus;
  revision: number;
  createdBy: string;
  assignee: string | null;
  expiresAt: string | null;
  orderType: OrderType;
  grossBase: string;
  /** The approval level waiting for a decision, if any. */
  pendingApproval: { level: number; role: string } | null;
}

export interface OrderFacts {
  kind: 'order';
  number: string;
  status: OrderStatus;
  orderType: OrderType;
  /** Lieferplan lines (scheduled orders only): the sale surfaces each on its date. */
  schedule: ScheduleLine[];
  /** Set when each delivery note is to be invoiced as it ships (the customer's or the order's choice). */
  invoiceOnShipment?: true;
  /** Make-to-order lines: the sale waits for their goods and reminds the planner when the promised date passes (absent in facts from before make-to-order). */
  makeToOrder?: ProductionFacts[];
}

/** A make-to-order line as the sale watches it: its position and promised date, nothing of the line itself. */
export interface ProductionFacts {
  position: number;
  promisedDate: string | null;
  /** The instant the promised date has passed (the end of that day, Europe/Berlin); null without a promised date. */
  dueAt: string | null;
}

export interface AwaitedProduction {
  position: number;
  promisedDate: string | null;
  /** The promised date has passed without the goods. */
  overdue: boolean;
}

export interface DeliveryFacts {
  kind: 'delivery_note';
  number: string;
  orderNumber: string;
  status: DeliveryNoteStatus;
  /** After shipping: whether the shipped notes now cover every ordered position. */
  orderComplete: boolean;
  /** After shipping: positions of the order that wait for stock (backorder); absent when none do. */
  awaitingStock?: number[];
}

/** What a cancelled line answers: the order's facts and what the sale decides on. */
export interface LineCancelFacts extends OrderFacts {
  position: number;
  /** Something of the line is still to ship. */
  lineOpen: boolean;
  /** Shipped and cancelled quantities now cover every goods line. */
  orderComplete: boolean;
  /** The line still has quantity waiting for stock. */
  awaitingStock: boolean;
}

export interface InvoiceFacts {
  kind: 'invoice';
  number: string;
  status: InvoiceStatus;
  gross: string;
  deliveryNoteNumbers: string[];
  /** Set for invoices other than delivery invoices (down_payment, progress, final, …). */
  invoiceKind?: InvoiceKind;
  /** Payable by the end of this day (Europe/Berlin); dunning starts after it. */
  dueDate?: string;
}

export type StepFacts = QuoteFacts | OrderFacts | DeliveryFacts | InvoiceFacts;

/** Reminder and escalation times, read from the sales settings when they are needed. */
export interface SaleTimings {
  approvalReminderAfter: string;
  approvalEscalateAfter: string;
  escalationRole: string;
  expiryReminderBefore: string;
}

export interface SaleState {
  stage: SaleStage;
  stagesReached: SaleStage[];
  /** The sale's key: the quote number, or the order number of a direct order. */
  saleNumber: string;
  quoteNumber: string | null;
  revision: number;
  authorId: string | null;
  assignee: string | null;
  expiresAt: string | null;
  orderType: string;
  /** The approval level waiting for a decision and the role that decides it. */
  approval: { level: number; role: string; remindedAt: string | null; escalatedAt: string | null } | null;
  expiryRemindedAt: string | null;
  /** Scheduled delivery lines whose date has come. */
  dueScheduleLines: { date: string; orderPosition: number; quantity: string }[];
  customer: string;
  totalBase: string;
  orderNumber: string | null;
  deliveryNoteNumbers: string[];
  invoiceNumbers: string[];
  /** Document numbers whose PDF has been rendered and stored. */
  documents: string[];
  /** The order's milestone plan as the sale watches it (absent in runs from before milestones). */
  milestones?: WatchedMilestone[];
  milestonePlanVersion?: number;
  /** Make-to-order lines whose goods the sale waits for (absent in runs from before make-to-order). */
  awaitingProduction?: AwaitedProduction[];
  /** The billing plan's items and invoices (only orders billed by plan). */
  billing?: SaleBilling;
  /** Positions a shipment left on backorder, waiting for stock (absent until a shipment leaves one). */
  awaitingStock?: number[];
}

/** A milestone as the sale watches it: the few facts it decides on. The plan itself stays with the order service. */
export interface MilestoneFacts {
  id: string;
  name: string;
  plannedDate: string;
  /** The instant the planned date has passed (the end of that day, Europe/Berlin): from then on an open milestone is overdue. */
  dueAt: string;
  status: 'planned' | 'in_progress' | 'done' | 'cancelled';
  responsible: string;
}

export interface WatchedMilestone extends MilestoneFacts {
  /** Open and past its due instant, as the sale last looked. */
  overdue: boolean;
}

/** Sent by the gateway after every change of an order's plan; a signal of an older plan version than the sale knows is ignored. */
export interface MilestonePlanFacts {
  planVersion: number;
  milestones: MilestoneFacts[];
}

export const SearchKeys = {
  documentNumber: defineSearchAttributeKey('KontorDocumentNumber', SearchAttributeType.KEYWORD),
  documents: defineSearchAttributeKey('KontorDocuments', SearchAttributeType.KEYWORD_LIST),
  customer: defineSearchAttributeKey('KontorCustomer', SearchAttributeType.KEYWORD),
  stage: defineSearchAttributeKey('KontorStage', SearchAttributeType.KEYWORD),
  totalBase: defineSearchAttributeKey('KontorTotalBase', SearchAttributeType.DOUBLE),
  orderType: defineSearchAttributeKey('KontorOrderType', SearchAttributeType.KEYWORD),
  milestoneOverdue: defineSearchAttributeKey('KontorMilestoneOverdue', SearchAttributeType.BOOL),
  nextMilestoneDate: defineSearchAttributeKey('KontorNextMilestoneDate', SearchAttributeType.DATETIME),
  /** Some position of the order waits for stock (backorder). */
  awaitingStock: defineSearchAttributeKey('KontorAwaitingStock', SearchAttributeType.BOOL),
};

export const stateQuery = defineQuery<SaleState>('state');

/** Every step names who asked for it; services write that into their audit trail. */
export interface ByActor {
  actor?: Actor;
}

export const editQuoteUpdate = defineUpdate<QuoteFacts, [{ content: QuoteContentInput; expectedVersion?: number } & ByActor]>('editQuote');
export const submitForApprovalUpdate = defineUpdate<QuoteFacts, [ByActor?]>('submitForApproval');
export const decideApprovalUpdate = defineUpdate<QuoteFacts, [{ level: number; decision: 'approve' | 'reject'; reason?: string } & ByActor]>('decideApproval');
export const sendQuoteUpdate = defineUpdate<QuoteFacts, [ByActor?]>('sendQuote');
export const acceptQuoteUpdate = defineUpdate<QuoteFacts, [ByActor?]>('acceptQuote');
export const rejectQuoteUpdate = defineUpdate<QuoteFacts, [{ reason?: string } & ByActor]>('rejectQuote');
export const convertToOrderUpdate = defineUpdate<OrderFacts, [{ revision?: number } & ByActor]>('convertToOrder');
export const createDeliveryNoteUpdate = defineUpdate<DeliveryFacts, [{ lines?: { orderPosition: number; quantity: string }[] } & ByActor]>(
  'createDeliveryNote',
);
export const shipDeliveryNoteUpdate = defineUpdate<
  DeliveryFacts,
  [{ number: string; method?: ShippingMethod; carrier: string; trackingNumber?: string } & ByActor]
>('shipDeliveryNote');
export const createInvoiceUpdate = defineUpdate<InvoiceFacts, [{ deliveryNoteNumbers: string[] } & ByActor]>('createInvoice');
/**
 * A payment on an invoice of the sale: money received (`transfer`, also when the payment provider reported it:
 * `providerEventId` then keys the step) or the customer's credit balance used (`credit`).
 */
export const recordPaymentUpdate = defineUpdate<InvoiceFacts, [PaymentRequest & ByActor]>('recordPayment');
export interface PaymentRequest {
  invoiceNumber: string;
  amount: string;
  receivedAt?: string;
  reference?: string;
  kind?: 'transfer' | 'credit';
  providerEventId?: string;
}
export const cancelQuoteUpdate = defineUpdate<QuoteFacts, [{ reason?: string } & ByActor]>('cancelQuote');
export const cancelOrderUpdate = defineUpdate<OrderFacts, [{ reason: string } & ByActor]>('cancelOrder');
export const cancelInvoiceUpdate = defineUpdate<InvoiceFacts, [{ invoiceNumber: string; reason: string } & ByActor]>('cancelInvoice');
export const milestonesChangedSignal = defineSignal<[MilestonePlanFacts]>('milestonesChanged');
/** Sent by the gateway when the goods of a make-to-order line were received: the line may ship. */
export const goodsReceivedSignal = defineSignal<[{ position: number }]>('goodsReceived');
/**
 * Sent by the gateway's correction relay when a credit note was issued against an invoice of
 * the sale (credit notes are no step of the sale): the invoice's status after it, so an invoice
 * that credit notes (and payments) settled counts as paid.
 */
export const invoiceCorrectedSignal = defineSignal<[{ invoiceNumber: string; status: InvoiceStatus }]>('invoiceCorrected');

/**
 * A combined invoice (Sammelrechnung) billed notes of this sale's order besides other orders' notes: sent by
 * the combinedInvoice workflow once the invoicing service issued it. The sale of the invoice's first order
 * leads it (payments, cancellation and dunning go through that sale: it gets the due date and the other sales
 * as `partners`, and tells them when the invoice is paid or cancelled, by invoiceCorrected); the others
 * keep the invoice as billing their notes and learn its status from the leading sale.
 */
export const combinedInvoiceSignal = defineSignal<[CombinedInvoiceNotice]>('combinedInvoiceIssued');
export interface CombinedInvoiceNotice {
  invoiceNumber: string;
  status: InvoiceStatus;
  gross: string;
  /** The notes of this sale's order the invoice bills. */
  deliveryNoteNumbers: string[];
  /** Only to the leading sale: the due date (its dunning) and the other orders' sales. */
  dueDate?: string;
  partners?: string[];
}

/** The workflow that issues a combined invoice and tells each order's sale; ID `combined-invoice:<request key>`. */
export const COMBINED_INVOICE_WORKFLOW = 'combinedInvoiceWorkflow';
export function combinedInvoiceWorkflowId(requestKey: string): string {
  return `combined-invoice:${requestKey}`;
}
export interface CombinedInvoiceInput {
  deliveryNoteNumbers: string[];
  customerId?: string;
  /** The request's key: the invoicing service's idempotency key, so a retried workflow meets the invoice of its first attempt. */
  requestKey: string;
  actor?: Actor;
}

/** A billing plan item as the sale watches it: its key, its trigger and whether the sale bills it by itself. */
export interface BillingItemFacts {
  key: string;
  label: string;
  on: 'order_confirmed' | 'milestone_done' | 'positions_shipped' | 'manual';
  milestoneId?: string;
  auto: boolean;
}

/** Sent by the gateway after every change of an order's billing plan; an older version than the sale knows is ignored. */
export interface BillingPlanFacts {
  planVersion: number;
  items: BillingItemFacts[];
}

/** Where the billing of a plan-billed order stands: each item with its invoice, and the final invoice. */
export interface SaleBilling {
  planVersion: number;
  items: (BillingItemFacts & { invoiceNumber: string | null })[];
  finalInvoice: string | null;
}

export const billingPlanChangedSignal = defineSignal<[BillingPlanFacts]>('billingPlanChanged');
/** A project manager bills one item of the plan; overrideReason bills it before its trigger (audited). */
export const billPlanItemUpdate = defineUpdate<InvoiceFacts, [{ itemKey: string; overrideReason?: string } & ByActor]>('billPlanItem');
/** The final invoice (Schlussrechnung): the whole order less every earlier invoice. */
export const billFinalUpdate = defineUpdate<InvoiceFacts, [ByActor?]>('billFinal');
/** Time and material: the unbilled billable time entries of a period, billed besides the order's fixed price. */
export const billTimeUpdate = defineUpdate<InvoiceFacts, [{ from: string; to: string } & ByActor]>('billTime');
/** Cancels (part of) an order line that has not shipped; the order service decides and records it. */
export const cancelOrderLineUpdate = defineUpdate<LineCancelFacts, [{ position: number; quantity?: string; reason: string } & ByActor]>('cancelOrderLine');
/** Sent by the gateway when the promised date of a make-to-order line moved: the sale's timer follows the new date. */
export const promisedDateChangedSignal = defineSignal<[ProductionFacts]>('promisedDateChanged');
/** Sent by the gateway when a goods receipt reserved stock for backordered positions: they can ship now. */
export const stockAvailableSignal = defineSignal<[{ positions: number[] }]>('stockAvailable');

/** The next period of an order's recurring contract (null once it ended), as the invoicing service answers it. */
export interface SubscriptionFacts {
  version: number;
  next: { period: number; startsAt: string } | null;
}
/** Sent by the gateway after a recurring contract is created or changed (paused, resumed, ended, new prices). */
export const subscriptionChangedSignal = defineSignal<[SubscriptionFacts]>('subscriptionChanged');
/** Issues an invoice draft of this sale's delivery notes: it takes its number now. */
export const issueDraftUpdate = defineUpdate<InvoiceFacts, [{ draftId: string } & ByActor]>('issueDraft');
