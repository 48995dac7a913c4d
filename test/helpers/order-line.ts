import type { PricedLine } from '../../shared/contracts/common.ts';

/** An order line for the warehouse's pure rules: only position, quantity and kind matter to them. */
export function orderLine(position: number, quantity: string, extra: Partial<PricedLine> = {}): PricedLine {
  return {
    position,
    productId: `p${position}`,
    sku: `SKU-${position}`,
    description: `Item ${position}`,
    quantity,
    unit: 'Stk',
    unitPrice: '10',
    discountPercent: '0',
    vatRate: '19',
    net: '0',
    ...extra,
  };
}
