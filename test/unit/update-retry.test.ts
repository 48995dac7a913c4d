import { ServiceError } from '@temporalio/client';
import { isTaskFailure } from '../../services/gateway/src/sales-client.ts';

/** A gRPC error as @grpc/grpc-js builds it: code, details and metadata. */
function grpcError(code: number, details: string): Error {
  return Object.assign(new Error(`${code} ${details}`), { code, details, metadata: {} });
}

describe('an Update whose workflow task failed is asked again', () => {
  const taskFailed = 'Unable to perform workflow execution update due to unexpected workflow task failure.';

  it('recognises the server refusing the Update after its workflow task failed, wrapped by the client or bare', () => {
    expect(isTaskFailure(new ServiceError('Workflow Update failed', { cause: grpcError(9, taskFailed) }))).toBe(true);
    expect(isTaskFailure(grpcError(9, taskFailed))).toBe(true);
  });

  it('never retries other refusals: another precondition, another code, or no gRPC error at all', () => {
    expect(isTaskFailure(new ServiceError('Workflow Update failed', { cause: grpcError(9, 'workflow update is disabled') }))).toBe(false);
    expect(isTaskFailure(new ServiceError('Workflow Update failed', { cause: grpcError(5, taskFailed) }))).toBe(false);
    expect(isTaskFailure(new Error(taskFailed))).toBe(false);
  });
});
