import { Decimal } from 'decimal.js';
import { StateMachine } from '../../../../shared/state-machine.ts';
import { DomainError, ValidationError } from '../../../../shared/errors.ts';
import type { PricedLine } from '../../../../shared/contracts/common.ts';
import type { ReturnLine, ReturnRequestLine, ReturnStatus } from '../../../../shared/contracts/fulfillment/returns.ts';

export type ReturnAction = 'receive' | 'cancel';

/** Return lifecycle: announced → received; only a return whose goods have not arrived can be cancelled. */
export const returnStates = new StateMachine<ReturnStatus, ReturnAction>('return', {
  announced: { receive: 'received', cancel: 'cancelled' },
  received: {},
  cancelled: {},
});

interface PositionQuantity {
  orderPosition: number;
  quantity: string;
}

/** An earlier return's line: which note it named, if any (lines from before notes could be named have none). */
interface ReturnedQuantity extends PositionQuantity {
  deliveryNoteNumber?: string | null | undefined;
}

/** A delivery note of the order, as far as a return needs it. */
export interface NoteForReturn {
  number: string;
  status: string;
  lines: { position: number; orderPosition: number; quantity: string }[];
}

/** A requested line with its order position settled (and the note line it came with, if named). */
export interface ResolvedReturnLine extends Omit<ReturnRequestLine, 'orderPosition'> {
  orderPosition: number;
  deliveryNotePosition?: number | undefined;
}

const ZERO = new Decimal(0);
const sumOf = (lines: PositionQuantity[], pos: number) => lines.filter((l) => l.orderPosition === pos).reduce((a, l) => a.plus(l.quantity), ZERO);

/**
 * Decides the lines of a new return from the order's lines, what shipped notes
 * delivered and what earlier returns (announced or received, not cancelled)
 * already take back. Refuses a return for an order of which nothing has
 * shipped, an unknown or charge position, and more than is still returnable
 * per position (shipped − returned − earlier lines of this request), naming the line.
 */
export function planReturn(
  orderLines: PricedLine[],
  shipped: PositionQuantity[],
  earlierReturns: ReturnedQuantity[],
  requested: ReturnRequestLine[],
  notes: NoteForReturn[] = [],
): ReturnLine[] {
  if (!shipped.some((l) => new Decimal(l.quantity).gt(0))) {
    throw new DomainError(409, 'nothing_shipped', 'nothing of this order has shipped yet; only shipped goods can be returned', [
      { field: 'orderNumber', message: 'no shipped delivery note' },
    ]);
  }
  const resolved = resolveReturnLines(notes, earlierReturns, requested);
  const planned: ReturnLine[] = [];
  resolved.forEach((r, i) => {
    const line = orderLines.find((l) => l.position === r.orderPosition && l.kind !== 'charge');
    if (!line)
      throw new ValidationError(`order has no goods position ${r.orderPosition}`, [
        { field: `lines[${i}].orderPosition`, message: 'no such order position (charges are never shipped)' },
      ]);
    const returnable = sumOf(shipped, line.position).minus(sumOf(earlierReturns, line.position)).minus(sumOf(planned, line.position));
    if (new Decimal(r.quantity).gt(returnable)) {
      const message = `position ${r.orderPosition}: returning ${r.quantity} ${line.unit} but only ${Decimal.max(returnable, ZERO).toString()} of ${sumOf(shipped, line.position).toString()} shipped can still be returned`;
      throw new DomainError(409, 'exceeds_shipped', message, [{ field: `lines[${i}].quantity`, message }]);
    }
    planned.push({
      position: i + 1,
      orderPosition: line.position,
      sku: line.sku,
      description: line.description,
      quantity: new Decimal(r.quantity).toString(),
      unit: line.unit,
      reason: r.reason,
      condition: r.condition,
      deliveryNoteNumber: r.deliveryNoteNumber ?? null,
      deliveryNotePosition: r.deliveryNotePosition ?? null,
      warehouse: null,
    });
  });
  return planned;
}

/**
 * Settles the order position of each requested line. A line naming a delivery note
 * takes its position from that note: the note must be one of the order's and shipped,
 * its line given by `deliveryNotePosition`, or by `orderPosition`, or be its only line;
 * and at most what the note shipped of that position minus earlier returns naming the
 * note (and earlier lines of this request) may come back. Lines without a note pass as they are.
 */
export function resolveReturnLines(notes: NoteForReturn[], earlierReturns: ReturnedQuantity[], requested: ReturnRequestLine[]): ResolvedReturnLine[] {
  const out: ResolvedReturnLine[] = [];
  requested.forEach((r, i) => {
    const { deliveryNoteNumber: noteNumber, ...rest } = r;
    if (noteNumber === undefined) {
      out.push({ ...rest, orderPosition: r.orderPosition! });
      return;
    }
    const field = (name: string) => `lines[${i}].${name}`;
    const note = notes.find((n) => n.number === noteNumber);
    if (!note)
      throw new ValidationError(`delivery note ${noteNumber} is not one of this order's`, [
        { field: field('deliveryNoteNumber'), message: 'not a delivery note of this order' },
      ]);
    if (note.status !== 'shipped') {
      const message = `delivery note ${noteNumber} is ${note.status}, not shipped; only shipped goods can be returned`;
      throw new DomainError(409, 'note_not_shipped', message, [{ field: field('deliveryNoteNumber'), message }]);
    }
    let noteLine: NoteForReturn['lines'][number] | undefined;
    if (r.deliveryNotePosition !== undefined) {
      noteLine = note.lines.find((l) => l.position === r.deliveryNotePosition);
      if (!noteLine)
        throw new ValidationError(`delivery note ${noteNumber} has no position ${r.deliveryNotePosition}`, [
          { field: field('deliveryNotePosition'), message: 'no such position on the delivery note' },
        ]);
      if (r.orderPosition !== undefined && r.orderPosition !== noteLine.orderPosition)
        throw new ValidationError(`position ${noteLine.position} of ${noteNumber} ships order position ${noteLine.orderPosition}, not ${r.orderPosition}`, [
          { field: field('orderPosition'), message: `the delivery note line ships order position ${noteLine.orderPosition}` },
        ]);
    } else if (r.orderPosition !== undefined) {
      noteLine = note.lines.find((l) => l.orderPosition === r.orderPosition);
      if (!noteLine)
        throw new ValidationError(`delivery note ${noteNumber} ships nothing of order position ${r.orderPosition}`, [
          { field: field('orderPosition'), message: `not on delivery note ${noteNumber}` },
        ]);
    } else {
      if (note.lines.length !== 1)
        throw new ValidationError(`delivery note ${noteNumber} has ${note.lines.length} lines: name the line`, [
          { field: field('deliveryNotePosition'), message: 'required: the delivery note has several lines' },
        ]);
      noteLine = note.lines[0]!;
    }
    const orderPosition = noteLine.orderPosition;
    const ofNote = (lines: ReturnedQuantity[]) =>
      sumOf(
        lines.filter((l) => l.deliveryNoteNumber === noteNumber),
        orderPosition,
      );
    const shippedOnNote = sumOf(note.lines, orderPosition);
    const returnable = shippedOnNote.minus(ofNote(earlierReturns)).minus(ofNote(out));
    if (new Decimal(r.quantity).gt(returnable)) {
      const message = `delivery note ${noteNumber}, order position ${orderPosition}: returning ${r.quantity} but only ${Decimal.max(returnable, ZERO).toString()} of ${shippedOnNote.toString()} it shipped can still be returned`;
      throw new DomainError(409, 'exceeds_shipped', message, [{ field: field('quantity'), message }]);
    }
    out.push({ ...rest, orderPosition, deliveryNoteNumber: noteNumber, deliveryNotePosition: noteLine.position });
  });
  return out;
}

/** Which warehouse a received line goes to: damaged goods into the blocked one, resaleable goods back where the line shipped from; null: the warehouse keeps no stock of the product. */
export function returnWarehouse(condition: ReturnLine['condition'], shippedFrom: string | null, blockedWarehouse: string): string | null {
  if (shippedFrom === null) return null;
  return condition === 'damaged' ? blockedWarehouse : shippedFrom;
}
