// amplify_outputs.json for a deployed stack, from `cdk deploy --outputs-file`:
//   npx cdk deploy -c stage=dev --outputs-file cdk-outputs.json
//   npx tsx infra/cdk/amplify-outputs.ts cdk-outputs.json [amplify_outputs.json] [--stack drs-orchestrator-dev]
// The same shape the local stack writes to .local/amplify_outputs.json (infra/amplify-outputs.ts), without
// the local user-pool endpoint: Amplify.configure(outputs) as AWS's docs show.
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { amplifyOutputs, type AmplifyOutputs } from '../amplify-outputs.ts';

/** The CfnOutputs infra/cdk/stack.ts declares that the configuration needs. */
const NEEDED = ['GraphqlUrl', 'UserPoolId', 'UserPoolClientId', 'Region'] as const;

/** The outputs of one stack of a `--outputs-file` document (the only one with a GraphqlUrl, or `stack`). */
export function fromCdkOutputs(document: Record<string, Record<string, string>>, stack?: string): AmplifyOutputs {
  const candidates = stack ? [stack] : Object.keys(document).filter((s) => document[s]?.GraphqlUrl);
  if (candidates.length !== 1) {
    throw new Error(stack ? `no stack ${stack} in the outputs` : `expected one stack with a GraphqlUrl output, found ${candidates.length}: name one with --stack`);
  }
  const o = document[candidates[0]] ?? {};
  const missing = NEEDED.filter((k) => !o[k]);
  if (missing.length) throw new Error(`stack ${candidates[0]} lacks the outputs ${missing.join(', ')}`);
  return amplifyOutputs({ region: o.Region, userPoolId: o.UserPoolId, userPoolClientId: o.UserPoolClientId, graphqlUrl: o.GraphqlUrl });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--stack');
  const stack = at >= 0 ? args.splice(at, 2)[1] : undefined;
  const [input, output = 'amplify_outputs.json'] = args;
  if (!input) {
    console.error('usage: tsx infra/cdk/amplify-outputs.ts <cdk-outputs.json> [amplify_outputs.json] [--stack <name>]');
    process.exit(2);
  }
  try {
    writeFileSync(output, `${JSON.stringify(fromCdkOutputs(JSON.parse(readFileSync(input, 'utf8')), stack), null, 2)}\n`);
    console.log(`wrote ${output}`);
  } catch (e) {
    console.error((e as Error).message);
    process.exit(1);
  }
}
