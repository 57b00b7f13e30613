// Metrics and traces of every Lambda invocation: `instrument(service, handler, outcomeOf)` wraps a handler
// entry point (platform/resolver-event.ts resolverHandler, and the functions' own entry points).
//
// Metrics (Powertools, CloudWatch EMF on stdout): per invocation `Requests`, and `ClientErrors` or
// `InternalErrors` by the outcome (a resolver answers its errors as data, so Lambda's own Errors metric
// never counts them), plus Powertools' `ColdStart`. Only where the stack sets
// POWERTOOLS_METRICS_NAMESPACE (infra/cdk/functions.ts): the local stack and tests set none, so
// nothing is buffered or printed there.
//
// Traces: the functions run with X-Ray active tracing (infra/cdk/functions.ts), which records each
// invocation and its init without any code here. Powertools Tracer (aws-xray-sdk-core) costs ~25 ms of
// cold init when imported, so it is never imported at init nor bundled: with DRS_POWERTOOLS_TRACER=1
// (set by CDK when context `powertoolsTracerLayerArn` attaches the Powertools layer) it is required
// on the first invocation from the layer, and each invocation gets a `## handler` subsegment with the
// cold-start, service and field annotations and HTTPS subsegments of the AWS calls.
import { createRequire } from 'node:module';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Tracer } from '@aws-lambda-powertools/tracer';

export type Outcome = 'ok' | 'client-error' | 'internal-error';

interface Context {
  awsRequestId?: string;
}

let metrics: Metrics | undefined;
function metricsOf(service: string): Metrics | undefined {
  const namespace = process.env.POWERTOOLS_METRICS_NAMESPACE;
  if (!namespace || process.env.POWERTOOLS_METRICS_DISABLED === 'true') return undefined;
  return (metrics ??= new Metrics({ namespace, serviceName: service }));
}

/** Not a literal: esbuild leaves it alone (no bundling, no init cost); Node resolves it from the layer (NODE_PATH). */
const TRACER_MODULE = ['@aws-lambda-powertools', 'tracer'].join('/');
let tracer: Tracer | null | undefined;
function tracerOf(service: string): Tracer | null {
  if (tracer !== undefined) return tracer;
  tracer = null;
  if (process.env.DRS_POWERTOOLS_TRACER !== '1') return tracer;
  try {
    const { Tracer: T } = createRequire(import.meta.url)(TRACER_MODULE) as typeof import('@aws-lambda-powertools/tracer');
    tracer = new T({ serviceName: service });
  } catch (e) {
    console.warn(JSON.stringify({ level: 'WARN', message: 'Powertools Tracer not loaded; X-Ray active tracing only', error: (e as Error).message }));
  }
  return tracer;
}

async function traced<R>(t: Tracer | null, annotations: Record<string, string>, run: () => Promise<R>): Promise<R> {
  const parent = t?.getSegment();
  if (!t || !parent) return run();
  const sub = parent.addNewSubsegment('## handler');
  t.setSegment(sub);
  t.annotateColdStart();
  t.addServiceNameAnnotation();
  for (const [k, v] of Object.entries(annotations)) t.putAnnotation(k, v);
  try {
    return await run();
  } catch (e) {
    t.addErrorAsMetadata(e as Error);
    throw e;
  } finally {
    sub.close();
    t.setSegment(parent);
  }
}

/**
 * The handler, with a metric per invocation and its outcome (`outcomeOf` its answer; a throw is an
 * internal error) and, when enabled, a trace subsegment annotated with `annotate(event)`.
 */
export function instrument<E, R, C extends Context = Context>(
  service: string,
  handler: (event: E, context?: C) => Promise<R>,
  outcomeOf: (answer: R) => Outcome = () => 'ok',
  annotate: (event: E) => Record<string, string> = () => ({}),
): (event: E, context?: C) => Promise<R> {
  return async (event, context) => {
    const m = metricsOf(service);
    m?.captureColdStartMetric();
    m?.addMetric('Requests', MetricUnit.Count, 1);
    let outcome: Outcome = 'internal-error';
    try {
      const answer = await traced(tracerOf(service), annotate(event), () => handler(event, context));
      outcome = outcomeOf(answer);
      return answer;
    } finally {
      if (m) {
        if (outcome !== 'ok') m.addMetric(outcome === 'client-error' ? 'ClientErrors' : 'InternalErrors', MetricUnit.Count, 1);
        if (context?.awsRequestId) m.addMetadata('requestId', context.awsRequestId);
        m.publishStoredMetrics();
      }
    }
  };
}
