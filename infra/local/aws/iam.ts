// AWS IAM (awsQuery in, XML out): the instance profiles a launch configuration can name (listed,
// created and deleted: a deleted one leaves the launch templates that name it dangling), and roles'
// trust policies (GetRole, UpdateAssumeRolePolicy: what STS AssumeRole then allows, iam-trust.ts).
import { denial } from './deny.ts';
import { type EmulatorState, type IamRoleRecord, upperId } from './fixtures.ts';
import { trustOf } from './iam-trust.ts';
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

  function profileName(req: Params): string {
    const name = paramString(req, 'InstanceProfileName');
    if (!name || !/^[\w+=,.@-]{1,128}$/.test(name)) {
      throw new ServiceError('ValidationError', `1 validation error detected: Value '${name}' at 'instanceProfileName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+`);
    }
    return name;
  }

  /** CreateInstanceProfile (no roles yet, as in IAM): tests and the readiness switches add and remove profiles. */
  function createInstanceProfile(req: Params, ctx: CallContext) {
    const iam = state.accounts[ctx.principal.accountId].iam;
    const name = profileName(req);
    if (iam.instanceProfiles.some((p) => p.InstanceProfileName === name)) throw new ServiceError('EntityAlreadyExists', `Instance Profile ${name} already exists.`, 409);
    const path = paramString(req, 'Path') ?? '/';
    const profile = {
      Path: path,
      InstanceProfileName: name,
      InstanceProfileId: `AIPA${upperId(`${ctx.principal.accountId}:instance-profile:${name}:${Date.now()}`, 17)}`,
      Arn: `arn:aws:iam::${ctx.principal.accountId}:instance-profile${path}${name}`,
      CreateDate: new Date(),
      Roles: [],
    };
    iam.instanceProfiles.push(profile);
    return { InstanceProfile: profile };
  }

  function deleteInstanceProfile(req: Params, ctx: CallContext) {
    const iam = state.accounts[ctx.principal.accountId].iam;
    const name = profileName(req);
    if (!iam.instanceProfiles.some((p) => p.InstanceProfileName === name)) throw new ServiceError('NoSuchEntity', `Instance Profile ${name} cannot be found.`, 404);
    iam.instanceProfiles = iam.instanceProfiles.filter((p) => p.InstanceProfileName !== name);
    return {};
  }

  function role(req: Params, ctx: CallContext): IamRoleRecord {
    const name = paramString(req, 'RoleName');
    if (!name || !/^[\w+=,.@-]{1,64}$/.test(name)) {
      throw new ServiceError('ValidationError', `1 validation error detected: Value '${name ?? 'null'}' at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+`);
    }
    const found = state.accounts[ctx.principal.accountId].iam.roles.find((r) => r.role.RoleName === name);
    if (!found) throw new ServiceError('NoSuchEntity', `The role with name ${name} cannot be found.`, 404);
    return found;
  }

  /** Replaces the trust policy; IAM answers it URL-encoded, as sent. */
  function updateAssumeRolePolicy(req: Params, ctx: CallContext) {
    const record = role(req, ctx);
    const document = paramString(req, 'PolicyDocument');
    if (document === undefined) throw new ServiceError('ValidationError', "1 validation error detected: Value null at 'policyDocument' failed to satisfy constraint: Member must not be null");
    record.trust = trustOf(document);
    record.role.AssumeRolePolicyDocument = encodeURIComponent(document);
    return {};
  }

  return {
    handle(req: AwsRequest, ctx: CallContext) {
      const params = parseFormBody(req.body);
      const action = paramString(params, 'Action');
      const denied = denial(state, 'iam', action ?? '', ctx);
      if (denied) throw denied;
      if (action === 'ListInstanceProfiles') return queryResponse(action, XMLNS, listInstanceProfiles(params, ctx), ctx.requestId);
      if (action === 'CreateInstanceProfile') return queryResponse(action, XMLNS, createInstanceProfile(params, ctx), ctx.requestId);
      if (action === 'DeleteInstanceProfile') return queryResponse(action, XMLNS, deleteInstanceProfile(params, ctx), ctx.requestId);
      if (action === 'GetRole') return queryResponse(action, XMLNS, { Role: role(params, ctx).role }, ctx.requestId);
      if (action === 'UpdateAssumeRolePolicy') return queryResponse(action, XMLNS, updateAssumeRolePolicy(params, ctx), ctx.requestId);
      throw new ServiceError('InvalidAction', `Could not find operation ${action} for version 2010-05-08`);
    },
    authFailure: (failure, requestId) => queryError(queryAuthError(failure), XMLNS, requestId),
    error: (err, requestId) => queryError(err, XMLNS, requestId),
  };
}
