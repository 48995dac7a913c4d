import { readdirSync, readFileSync } from 'node:fs';
import { Worker } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';

/**
 * Determinism gate: recorded histories of every workflow type must replay
 * against today's workflow code (no server needed), and a deliberately
 * changed workflow must fail that replay.
 */
const dir = new URL('./histories/', import.meta.url);
const histories = readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => ({
  workflowId: f.replace(/\.json$/, ''),
  history: historyFromJSON(JSON.parse(readFileSync(new URL(f, dir), 'utf8'))),
}));

async function replay(workflowsPath: string) {
  const results = [];
  for await (const r of Worker.runReplayHistories({ workflowsPath, replayName: 'determinism-gate' }, histories)) results.push(r);
  return results;
}

describe('workflow determinism', () => {
  it('has recorded histories of the sale workflow', () => {
    expect(histories.length).toBeGreaterThanOrEqual(4);
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
