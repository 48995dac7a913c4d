import { z } from 'zod';
import { documentNumber, text } from '../../validation.ts';
import { defineCommand } from '../commands.ts';
import { keyed } from '../schemas.ts';

/**
 * Make-to-order lines: they ship only after their goods are received (bought
 * in, or production finished). The fulfillment service, which owns shipping,
 * records the release per order position.
 */

export const goodsReceivedBody = z.object({
  /** Where the goods came from (production order, supplier delivery note); kept in the audit trail. */
  reference: text(200).optional(),
});

export const productionReleaseSchema = z.object({
  orderNumber: z.string(),
  orderPosition: z.number().int(),
  releasedAt: z.string(),
  releasedBy: z.string(),
  reference: z.string().nullable(),
});
export type ProductionRelease = z.infer<typeof productionReleaseSchema>;

export const ProductionCommands = {
  /** The goods of a make-to-order line arrived: the line may ship. Again for a released line answers the first release. */
  goodsReceived: defineCommand(
    'fulfillment.production.goods_received',
    goodsReceivedBody.extend({ orderNumber: documentNumber, orderPosition: z.number().int().min(1), ...keyed }),
    productionReleaseSchema,
  ),
};
