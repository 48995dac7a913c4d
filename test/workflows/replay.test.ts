import { readdirSync, readFileSync } from 'node:fs';
import { Worker } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';

/**
 * Determinism gate: the recorded history of every path of the sale workflow
 * must replay against today's workflow code (no server needed), and a
 * deliberately changed workflow must fail that replay. The behaviour tests in
 * this folder record the histories (RECORD_HISTORIES=1, see README).
 */
const dir = new URL('./histories/', import.meta.url);
const histories = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => ({
    workflowId: f.replace(/\.json$/, ''),
    history: historyFromJSON(JSON.parse(readFileSync(new URL(f, dir), 'utf8'))),
  }));

/** Every path a behaviour test walks; a new path gets its history here too. */
const PATHS = [
  'approval-reminder-escalation',
  'rejection',
  'expiry',
  'revision',
  'conversion',
  'partial-deliveries',
  'partial-invoices',
  'cancelled-invoice',
  'payments',
  'payments-provider-event',
  'cancel-before-shipping',
  'cancel-after-shipping',
  'order-type-standard',
  'order-type-cash-sale',
  'order-type-cash-sale-from-quote',
  'order-type-rush',
  'order-type-scheduled',
  'order-type-drop-ship',
  'continue-as-new-first-run',
  'continue-as-new-last-run',
  'plain-sale',
  'milestones',
  'make-to-order',
  'credit-note-settles',
  'billing-plan',
  'dunning',
  'recurring',
  'backorders',
  'line-cancel',
  'promised-date',
  'combined-invoice-lead',
  'combined-invoice-partner',
  'combined-invoice-workflow',
  'combined-invoice-dunning-lead',
];

async function replay(workflowsPath: string) {
  const results = [];
  for await (const r of Worker.runReplayHistories({ workflowsPath, replayName: 'determinism-gate' }, histories)) results.push(r);
  return results;
}

describe('workflow determinism', () => {
  it('has a recorded history of every path of the sale workflow', () => {
    expect(histories.map((h) => h.workflowId).sort()).toEqual([...PATHS].sort());
  });

  it('replays every recorded history against the current workflow code', async () => {
    const results = await replay(new URL('../../workflows/src/workflows/index.ts', import.meta.url).pathname);
    expect(results.map((r) => [r.workflowId, r.error?.message ?? null])).toEqual(histories.map((h) => [h.workflowId, null]));
  }, 120_000);

  it('fails replay for a deliberately changed workflow', async () => {
    const results = await replay(new URL('./changed/index.ts', import.meta.url).pathname);
    expect(results).toHaveLength(histories.length);
    for (const r of results) expect(r.error).toBeInstanceOf(DeterminismViolationError);
  }, 120_000);
});
