// One local "Lambda container": a worker thread with the function's own environment that loads the
// same bundle CDK deploys and runs its handler for each event the parent sends.
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';

const { handler } = await import(pathToFileURL(workerData.bundle).href);
let requests = 0;

parentPort.on('message', async ({ id, event }) => {
  const context = {
    functionName: workerData.functionName,
    awsRequestId: `${workerData.functionName}-${++requests}`,
    getRemainingTimeInMillis: () => workerData.timeoutMs,
  };
  try {
    parentPort.postMessage({ id, result: await handler(event, context) });
  } catch (e) {
    parentPort.postMessage({ id, error: { errorType: e?.name ?? 'Error', errorMessage: e?.message ?? String(e) } });
  }
});
