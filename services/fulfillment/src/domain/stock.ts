import { Decimal } from 'decimal.js';
import { DomainError } from '../../../../shared/errors.ts';
import type { DeliveryLine } from '../../../../shared/contracts/fulfillment/index.ts';

/**
 * Pure stock rules: what a level may become, how free stock is shared out
 * (oldest first), and how much of a delivery note the stock allows. The
 * service applies the answers under row locks, in one transaction with the
 * ledger entries.
 */

export interface Level {
  onHand: Decimal;
  reserved: Decimal;
}

export const ZERO = new Decimal(0);

export function available(level: Level): Decimal {
  return level.onHand.minus(level.reserved);
}

/** A change of a level; refuses any that makes on hand, reserved or available negative. */
export function applyChange(level: Level, change: { onHand: Decimal; reserved: Decimal }, what: string, field = 'quantity'): Level {
  const next = { onHand: level.onHand.plus(change.onHand), reserved: level.reserved.plus(change.reserved) };
  if (next.onHand.isNegative() || next.reserved.isNegative() || available(next).isNegative()) {
    throw insufficientStock(
      `${what}: on hand ${level.onHand.toString()}, reserved ${level.reserved.toString()}, available ${available(level).toString()}`,
      field,
    );
  }
  return next;
}

export function insufficientStock(message: string, field: string): DomainError {
  return new DomainError(409, 'insufficient_stock', message, [{ field, message }]);
}

/** The level after a manual correction; it may not take away stock that is reserved for orders. */
export function correctedLevel(level: Level, change: Decimal): Level {
  const next = { onHand: level.onHand.plus(change), reserved: level.reserved };
  if (next.onHand.isNegative() || available(next).isNegative()) {
    throw insufficientStock(
      `correcting by ${change.toString()} would leave ${next.onHand.toString()} on hand for ${level.reserved.toString()} reserved; release reservations first`,
      'quantity',
    );
  }
  return next;
}

export interface Want<K> {
  key: K;
  want: Decimal;
}

/** Shares free stock out over the wants in their order (oldest first): each takes what it needs while stock lasts. */
export function allocate<K>(free: Decimal, wants: Want<K>[]): { key: K; take: Decimal }[] {
  let left = Decimal.max(free, ZERO);
  const out: { key: K; take: Decimal }[] = [];
  for (const w of wants) {
    if (left.isZero()) break;
    if (!w.want.gt(0)) continue;
    const take = Decimal.min(w.want, left);
    left = left.minus(take);
    out.push({ key: w.key, take });
  }
  return out;
}

/** What the warehouse knows of one order position when a delivery note is planned. */
export interface PositionStock {
  /** The level the position ships from; null: the product is not stock-managed. */
  stockKey: string | null;
  /** Reserved for the position and not yet on an open delivery note. */
  reservedFree: Decimal;
}

export interface FittedNote {
  lines: DeliveryLine[];
  /** Free stock the note reserves on top of the positions' reservations, per position. */
  extraReservations: { orderPosition: number; stockKey: string; quantity: Decimal }[];
}

/**
 * Fits a planned delivery note to the stock: each stock-managed line ships from
 * its position's reservation first, then from free stock of its level (shared by
 * all lines of the note). When a line does not fit, the note is refused naming
 * the line, unless `takeWhatIsAvailable` (an order that allows backorders and a
 * note without explicit lines): then the line takes what there is, and the rest
 * stays open. Lines of products without stock are not limited.
 */
export function fitNoteToStock(
  planned: DeliveryLine[],
  positions: Map<number, PositionStock>,
  free: Map<string, Decimal>,
  takeWhatIsAvailable: boolean,
): FittedNote {
  const freeLeft = new Map(free);
  const reservedLeft = new Map([...positions].map(([pos, p]) => [pos, p.reservedFree]));
  const lines: DeliveryLine[] = [];
  const extra: FittedNote['extraReservations'] = [];
  planned.forEach((line, i) => {
    const stockKey = positions.get(line.orderPosition)?.stockKey ?? null;
    if (!stockKey) {
      lines.push(line);
      return;
    }
    const wanted = new Decimal(line.quantity);
    const fromReserved = Decimal.min(wanted, reservedLeft.get(line.orderPosition) ?? ZERO);
    const freeHere = freeLeft.get(stockKey) ?? ZERO;
    let fromFree = wanted.minus(fromReserved);
    if (fromFree.gt(freeHere)) {
      if (!takeWhatIsAvailable) {
        throw insufficientStock(
          `position ${line.orderPosition} (${line.sku}): ${wanted.toString()} ${line.unit} wanted, ${fromReserved.plus(freeHere).toString()} available to this order ` +
            `(${fromReserved.toString()} reserved, ${freeHere.toString()} free)`,
          `lines[${i}].quantity`,
        );
      }
      fromFree = freeHere;
    }
    reservedLeft.set(line.orderPosition, (reservedLeft.get(line.orderPosition) ?? ZERO).minus(fromReserved));
    freeLeft.set(stockKey, freeHere.minus(fromFree));
    const quantity = fromReserved.plus(fromFree);
    if (quantity.isZero()) return;
    if (fromFree.gt(0)) extra.push({ orderPosition: line.orderPosition, stockKey, quantity: fromFree });
    lines.push({ ...line, quantity: quantity.toString() });
  });
  if (lines.length === 0) throw insufficientStock('nothing of the open quantities is in stock; the order waits for goods (backorder)', 'lines');
  return { lines: lines.map((l, i) => ({ ...l, position: i + 1 })), extraReservations: extra };
}

/** How a shipped line draws on its level: from the position's reservation first, the rest from free stock. */
export function shipmentChange(
  level: Level,
  quantity: Decimal,
  reservedForPosition: Decimal,
  what: string,
  field: string,
): { onHand: Decimal; reserved: Decimal; fromReserved: Decimal } {
  const fromReserved = Decimal.min(quantity, reservedForPosition, level.reserved);
  const change = { onHand: quantity.negated(), reserved: fromReserved.negated() };
  applyChange(level, change, what, field);
  return { ...change, fromReserved };
}
