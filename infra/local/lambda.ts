// Local Lambda runtime: each function runs its esbuild bundle (the one CDK deploys) in a worker thread
// with its own environment, so module state and env stay per function as in Lambda.
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { LAMBDAS, functionName, lambdaBundleDir } from '../api.ts';

export interface LocalFunction {
  name: string;
  invoke(event: unknown): Promise<unknown>;
  /** Invocations so far (what Lambda would bill), for benchmarks. */
  invocations(): number;
  close(): Promise<void>;
}

export class LambdaError extends Error {
  constructor(readonly errorType: string, message: string) {
    super(message);
    this.name = errorType;
  }
}

export function startFunction(fn: keyof typeof LAMBDAS, root: string, env: Record<string, string>, stage: string): LocalFunction {
  const name = functionName(fn, stage);
  const worker = new Worker(new URL('./lambda-worker.mjs', import.meta.url), {
    workerData: { bundle: join(root, lambdaBundleDir(fn), 'index.mjs'), functionName: name, timeoutMs: LAMBDAS[fn].timeoutSeconds * 1000 },
    env: { ...env, AWS_LAMBDA_FUNCTION_NAME: name, POWERTOOLS_SERVICE_NAME: fn },
    execArgv: ['--enable-source-maps'],
  });
  worker.unref();
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let nextId = 0;
  let count = 0;
  worker.on('message', (m: { id: number; result?: unknown; error?: { errorType: string; errorMessage: string } }) => {
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (m.error) p.reject(new LambdaError(m.error.errorType, m.error.errorMessage));
    else p.resolve(m.result);
  });
  worker.on('error', (e) => {
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  });
  return {
    name,
    invocations: () => count,
    invoke(event) {
      count++;
      return new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, event });
      });
    },
    async close() {
      await worker.terminate();
    },
  };
}
