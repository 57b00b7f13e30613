// AWS IAM (awsQuery in, XML out): the instance profiles a launch configuration can name.
import type { EmulatorState } from './fixtures.ts';
import { type AwsRequest, type AwsService, type CallContext, type Params, ServiceError, paginate, paramString, parseFormBody, queryAuthError, queryError, queryResponse } from './protocol.ts';

const XMLNS = 'https://iam.amazonaws.com/doc/2010-05-08/';

export function createIamService(state: EmulatorState): AwsService {
  function listInstanceProfiles(req: Params, ctx: CallContext) {
    const prefix = paramString(req, 'PathPrefix') ?? '/';
    const rawMax = paramString(req, 'MaxItems');
    const maxItems = rawMax === undefined ? 100 : Number(rawMax);
    if (!Number.isInteger(maxItems) || maxItems < 1 || maxItems > 1000) {
      throw new ServiceError('ValidationError', `1 validation error detected: Value '${rawMax}' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and 1000`);
    }
    const profiles = state.accounts[ctx.principal.accountId].iam.instanceProfiles.filter((p) => (p.Path ?? '/').startsWith(prefix));
    const { page, next } = paginate(profiles, maxItems, paramString(req, 'Marker'), `iam:${ctx.principal.accountId}:instance-profiles:${prefix}`, () => new ServiceError('InvalidInput', 'Invalid Marker.'));
    return { InstanceProfiles: page, IsTruncated: next !== undefined, Marker: next };
  }

  return {
    handle(req: AwsRequest, ctx: CallContext) {
      const params = parseFormBody(req.body);
      const action = paramString(params, 'Action');
      if (action === 'ListInstanceProfiles') return queryResponse(action, XMLNS, listInstanceProfiles(params, ctx), ctx.requestId);
      throw new ServiceError('InvalidAction', `Could not find operation ${action} for version 2010-05-08`);
    },
    authFailure: (failure, requestId) => queryError(queryAuthError(failure), XMLNS, requestId),
    error: (err, requestId) => queryError(err, XMLNS, requestId),
  };
}
