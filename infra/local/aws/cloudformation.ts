// AWS CloudFormation (awsQuery in, XML out, API version 2010-05-15) as one of the AWS emulator's
// services: CreateStack (TemplateBody, or TemplateURL naming an object of the emulated S3), DescribeStacks,
// DescribeStackEvents and DeleteStack, per account and region (a caller with assumed-role credentials
// works in the role's account).
//
// The parts: cloudformation-template.ts reads and checks a template and plans the stack (with
// cloudformation-intrinsics.ts for the functions and cloudformation-resources.ts for each resource
// type's ids, attributes, EC2 checks and durations); cloudformation-lifecycle.ts turns a plan into
// timed events; this file is the API.
//
// Lifecycle on the simulated clock, planned whole when the call is made (as DRS jobs are, drs-jobs.ts)
// and revealed as time passes, durations divided by the emulator's simSpeed: the stack's
// CREATE_IN_PROGRESS ("User Initiated"), then each resource, once what it depends on is complete,
// CREATE_IN_PROGRESS, CREATE_IN_PROGRESS "Resource creation Initiated" (with its physical id) and
// CREATE_COMPLETE, then the stack's CREATE_COMPLETE with its Outputs. When a resource fails (an EC2
// check in cloudformation-resources.ts, or the fault switch below) it ends CREATE_FAILED with the
// reason, resources still in progress end CREATE_FAILED "Resource creation cancelled", and the stack
// goes ROLLBACK_IN_PROGRESS ("The following resource(s) failed to create: [A, B]. Rollback requested by
// user."), deletes what was created in reverse dependency order and ends ROLLBACK_COMPLETE — which, as
// in AWS, carries no StackStatusReason: the reason is in the events. OnFailure DO_NOTHING ends
// CREATE_FAILED instead, DELETE goes on to DELETE_COMPLETE. DeleteStack: DELETE_IN_PROGRESS, each
// resource DELETE_IN_PROGRESS/DELETE_COMPLETE, DELETE_COMPLETE; the stack is then found by its id only.
//
// Fault switch (loopback-only HTTP control, see index.ts): {failStacks: [glob over stack names, `*`
// any run of characters], reason?, failResource?}. A stack created while its name matches fails: the
// resource `failResource` when the template has it, else the last resource to be created, with
// `reason` (default: a handler failure in CloudFormation's words) as its CREATE_FAILED reason.
//
// Wire shapes: AWS's documented DescribeStacks answer (API reference example), the fields and the
// error codes and messages of LocalStack's AWS-validated snapshots (tests/aws/services/cloudformation/
// api/test_stacks.snapshot.json: "Stack with id X does not exist", "Stack [X] does not exist",
// "Stack [X] already exists", events' EventId forms, ROLLBACK_COMPLETE without a reason).
import { randomUUID } from 'node:crypto';
import { type StackRecord, planCreation, planDeletion, statusAt } from './cloudformation-lifecycle.ts';
import { planStack, readTemplate } from './cloudformation-template.ts';
import type { EmulatorState } from './fixtures.ts';
import { type AwsRequest, type AwsService, type CallContext, type Params, ServiceError, paginate, paramList, paramString, paramStrings, parseFormBody, queryAuthError, queryError, queryResponse } from './protocol.ts';
import { type S3Service, s3ObjectUrl } from './s3.ts';

const XMLNS = 'http://cloudformation.amazonaws.com/doc/2010-05-15/';
const STACK_NAME = /^[a-zA-Z][-a-zA-Z0-9]*$/;
const MAX_BODY = 51200;
const PAGE_SIZE = 100;
const CAPABILITIES = ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND'];
const ON_FAILURE = ['DO_NOTHING', 'ROLLBACK', 'DELETE'];

export interface CloudFormationFaults {
  /** Globs over stack names (`*` matches any run of characters); a matching new stack fails. */
  failStacks: string[];
  /** The failed resource's ResourceStatusReason. */
  reason?: string;
  /** The logical id of the resource that fails (default: the last one created). */
  failResource?: string;
}

export interface CloudFormationService extends AwsService {
  faults: CloudFormationFaults;
  /** The /__local/cloudformation/* controls: an answer for `METHOD /path`, or undefined if not one of them. */
  control(route: string, body: Buffer): { status: number; value: unknown } | undefined;
}

const validation = (message: string) => new ServiceError('ValidationError', message);
const constraint = (value: string, member: string, rule: string) => validation(`1 validation error detected: Value ${value} at '${member}' failed to satisfy constraint: ${rule}`);

function glob(pattern: string): RegExp {
  return new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

// ---------------------------------------------------------------- the service

/** The template a TemplateURL names, read from the emulated S3, or CloudFormation's ValidationError. */
function readTemplateUrl(s3: Pick<S3Service, 'getObject'>, url: string): string {
  const at = s3ObjectUrl(url);
  if (!at) throw validation('TemplateURL must be a supported URL.');
  try {
    return s3.getObject(at.bucket, at.key).body.toString('utf8');
  } catch (err) {
    if (!(err instanceof ServiceError)) throw err;
    throw validation(`S3 error: ${err.message}\nFor more information check http://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html`);
  }
}

export function createCloudFormationService(state: EmulatorState, s3: Pick<S3Service, 'getObject'>): CloudFormationService {
  const stacks = new Map<string, StackRecord[]>();
  const faults: CloudFormationFaults = { failStacks: [] };

  const scope = (ctx: CallContext) => `${ctx.principal.accountId}:${ctx.region}`;
  const all = (ctx: CallContext) => stacks.get(scope(ctx)) ?? [];
  const live = (stack: StackRecord, now: Date) => statusAt(stack, now.getTime()).status !== 'DELETE_COMPLETE';

  /** A stack by id (any status) or by name (not deleted). */
  function find(nameOrId: string, ctx: CallContext): StackRecord | undefined {
    const list = all(ctx);
    if (nameOrId.startsWith('arn:')) return list.find((s) => s.stackId === nameOrId);
    return list.filter((s) => s.stackName === nameOrId && live(s, ctx.now)).pop();
  }

  function importValue(ctx: CallContext, name: string): string | undefined {
    for (const s of all(ctx)) {
      if (statusAt(s, ctx.now.getTime()).status !== 'CREATE_COMPLETE') continue;
      const found = s.outputs.find((o) => o.ExportName === name);
      if (found) return found.OutputValue;
    }
    return undefined;
  }

  function templateBody(req: Params): string {
    const body = paramString(req, 'TemplateBody');
    const url = paramString(req, 'TemplateURL');
    if (body !== undefined && url !== undefined) throw validation('Specify exactly one of TemplateBody or TemplateUrl.');
    if (body === undefined && url === undefined) throw validation('Either Template URL or Template Body must be specified.');
    if (body !== undefined) {
      if (body.length > MAX_BODY) throw constraint(`'${body}'`, 'templateBody', `Member must have length less than or equal to ${MAX_BODY}`);
      return body;
    }
    return readTemplateUrl(s3, url as string);
  }

  function createStack(req: Params, ctx: CallContext) {
    const name = paramString(req, 'StackName');
    if (name === undefined) throw constraint('null', 'stackName', 'Member must not be null');
    if (name.length > 128) throw constraint(`'${name}'`, 'stackName', 'Member must have length less than or equal to 128');
    if (!STACK_NAME.test(name)) throw constraint(`'${name}'`, 'stackName', 'Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*|arn:[-a-zA-Z0-9:/._+]*');
    const capabilities = paramStrings(req, 'Capabilities');
    const badCapability = capabilities.find((c) => !CAPABILITIES.includes(c));
    if (badCapability) throw constraint(`'[${capabilities.join(', ')}]'`, 'capabilities', `Member must satisfy constraint: [Member must satisfy enum value set: [${CAPABILITIES.join(', ')}]]`);
    const onFailureParam = paramString(req, 'OnFailure');
    const disableRollback = paramString(req, 'DisableRollback');
    if (onFailureParam !== undefined && !ON_FAILURE.includes(onFailureParam)) throw constraint(`'${onFailureParam}'`, 'onFailure', `Member must satisfy enum value set: [${ON_FAILURE.join(', ')}]`);
    if (onFailureParam !== undefined && disableRollback !== undefined) throw validation('You can specify either DisableRollback or OnFailure, but not both.');
    if (find(name, ctx)) throw new ServiceError('AlreadyExistsException', `Stack [${name}] already exists`);

    const template = readTemplate(templateBody(req));
    const stackId = `arn:aws:cloudformation:${ctx.region}:${ctx.principal.accountId}:stack/${name}/${randomUUID()}`;
    const given = paramList(req, 'Parameters').flatMap((p) => {
      const key = paramString(p, 'ParameterKey');
      const value = paramString(p, 'ParameterValue');
      return key !== undefined && value !== undefined ? [{ key, value }] : [];
    });
    const plan = planStack(template, {
      parameters: given,
      capabilities,
      stackName: name,
      stackId,
      accountId: ctx.principal.accountId,
      region: ctx.region,
      importValue: (n) => importValue(ctx, n),
    });
    if (faults.failStacks.some((p) => glob(p).test(name)) && plan.resources.length) {
      const target = plan.resources.find((r) => r.logicalId === faults.failResource) ?? plan.resources[plan.resources.length - 1];
      target.failure = faults.reason ?? `Resource handler returned message: "Injected failure: the local CloudFormation fault switch matched stack ${name}" (RequestToken: ${randomUUID()}, HandlerErrorCode: GeneralServiceException)`;
    }
    const timeout = paramString(req, 'TimeoutInMinutes');
    const stack: StackRecord = {
      stackId,
      stackName: name,
      accountId: ctx.principal.accountId,
      region: ctx.region,
      created: ctx.now.getTime(),
      description: plan.description,
      parameters: plan.parameters,
      tags: paramList(req, 'Tags').map((t) => ({ Key: paramString(t, 'Key') ?? '', Value: paramString(t, 'Value') ?? '' })),
      capabilities,
      notificationArns: paramStrings(req, 'NotificationARNs'),
      timeoutInMinutes: timeout === undefined ? undefined : Number(timeout),
      disableRollback: disableRollback === 'true' || onFailureParam === 'DO_NOTHING',
      onFailure: onFailureParam ?? (disableRollback === 'true' ? 'DO_NOTHING' : 'ROLLBACK'),
      roleArn: paramString(req, 'RoleARN'),
      clientRequestToken: paramString(req, 'ClientRequestToken'),
      terminationProtection: paramString(req, 'EnableTerminationProtection') === 'true',
      resources: plan.resources,
      outputs: plan.outputs,
      events: [],
      simSpeed: state.simSpeed,
    };
    planCreation(stack, ctx.now.getTime());
    stacks.set(scope(ctx), [...all(ctx), stack]);
    return { StackId: stackId };
  }

  function describe(stack: StackRecord, now: number) {
    const current = statusAt(stack, now);
    const complete = current.status === 'CREATE_COMPLETE';
    return {
      StackId: stack.stackId,
      StackName: stack.stackName,
      Description: stack.description,
      Parameters: stack.parameters.length ? stack.parameters : undefined,
      CreationTime: new Date(stack.created),
      DeletionTime: stack.deletionAt !== undefined && stack.deletionAt <= now ? new Date(stack.deletionAt) : undefined,
      LastUpdatedTime: new Date(stack.created),
      RollbackConfiguration: {},
      StackStatus: current.status,
      StackStatusReason: current.reason,
      DisableRollback: stack.disableRollback,
      NotificationARNs: stack.notificationArns,
      TimeoutInMinutes: stack.timeoutInMinutes,
      Capabilities: stack.capabilities.length ? stack.capabilities : undefined,
      Outputs: complete && stack.outputs.length ? stack.outputs : undefined,
      RoleARN: stack.roleArn,
      Tags: stack.tags,
      EnableTerminationProtection: stack.terminationProtection,
      DriftInformation: { StackDriftStatus: 'NOT_CHECKED' },
    };
  }

  function describeStacks(req: Params, ctx: CallContext) {
    const name = paramString(req, 'StackName');
    const now = ctx.now.getTime();
    let list: StackRecord[];
    if (name !== undefined) {
      const stack = find(name, ctx);
      if (!stack) throw validation(`Stack with id ${name} does not exist`);
      list = [stack];
    } else {
      list = all(ctx).filter((s) => live(s, ctx.now)).reverse();
    }
    const { page, next } = paginate(list, PAGE_SIZE, paramString(req, 'NextToken'), `cfn:${scope(ctx)}:stacks:${name ?? ''}`, () => validation('Invalid NextToken'));
    return { Stacks: page.map((s) => describe(s, now)), NextToken: next };
  }

  function describeStackEvents(req: Params, ctx: CallContext) {
    const name = paramString(req, 'StackName');
    if (name === undefined) throw constraint('null', 'stackName', 'Member must not be null');
    const stack = find(name, ctx);
    if (!stack) throw validation(`Stack [${name}] does not exist`);
    const now = ctx.now.getTime();
    const events = stack.events.filter((e) => e.at <= now).reverse();
    const { page, next } = paginate(events, PAGE_SIZE, paramString(req, 'NextToken'), `cfn:${stack.stackId}:events`, () => validation('Invalid NextToken'));
    return {
      StackEvents: page.map((e) => ({
        StackId: stack.stackId,
        EventId: e.eventId,
        StackName: stack.stackName,
        LogicalResourceId: e.logicalId,
        PhysicalResourceId: e.physicalId,
        ResourceType: e.type,
        Timestamp: new Date(e.at),
        ResourceStatus: e.status,
        ResourceStatusReason: e.reason,
        ResourceProperties: e.properties,
        ClientRequestToken: stack.clientRequestToken,
      })),
      NextToken: next,
    };
  }

  function deleteStack(req: Params, ctx: CallContext) {
    const name = paramString(req, 'StackName');
    if (name === undefined) throw constraint('null', 'stackName', 'Member must not be null');
    // Deleting a stack that does not exist (or no longer does) succeeds, as in AWS.
    const stack = find(name, ctx);
    if (!stack) return {};
    const status = statusAt(stack, ctx.now.getTime()).status;
    if (status === 'DELETE_IN_PROGRESS' || status === 'DELETE_COMPLETE') return {};
    if (stack.terminationProtection) throw validation(`Stack [${stack.stackName}] cannot be deleted while TerminationProtection is enabled`);
    planDeletion(stack, ctx.now.getTime());
    return {};
  }

  function setFaults(patch: unknown): void {
    if (!patch || typeof patch !== 'object' || Array.isArray(patch)) throw new Error('the faults must be a JSON object');
    const p = patch as Record<string, unknown>;
    const unknown = Object.keys(p).filter((k) => !['failStacks', 'reason', 'failResource'].includes(k));
    if (unknown.length) throw new Error(`unknown switches: ${unknown.join(', ')} (known: failStacks, reason, failResource)`);
    if (p.failStacks !== undefined && (!Array.isArray(p.failStacks) || !p.failStacks.every((s) => typeof s === 'string'))) throw new Error('failStacks must be a list of stack name globs');
    if (p.reason !== undefined && typeof p.reason !== 'string') throw new Error('reason must be a string');
    if (p.failResource !== undefined && typeof p.failResource !== 'string') throw new Error('failResource must be a logical resource id');
    if (Object.keys(p).length === 0) {
      faults.failStacks = [];
      delete faults.reason;
      delete faults.failResource;
      return;
    }
    if (p.failStacks !== undefined) faults.failStacks = [...(p.failStacks as string[])];
    if (p.reason !== undefined) faults.reason = p.reason as string;
    if (p.failResource !== undefined) faults.failResource = p.failResource as string;
  }

  const actions: Record<string, (req: Params, ctx: CallContext) => Record<string, unknown>> = {
    CreateStack: createStack,
    DescribeStacks: describeStacks,
    DescribeStackEvents: describeStackEvents,
    DeleteStack: deleteStack,
  };

  return {
    faults,
    handle(req: AwsRequest, ctx: CallContext) {
      const params = parseFormBody(req.body);
      const action = paramString(params, 'Action') ?? '';
      const run = actions[action];
      if (!run) throw new ServiceError('InvalidAction', `Could not find operation ${action} for version 2010-05-15`);
      return queryResponse(action, XMLNS, run(params, ctx), ctx.requestId);
    },
    authFailure: (failure, requestId) => queryError(queryAuthError(failure), XMLNS, requestId),
    error: (err, requestId) => queryError(err, XMLNS, requestId),
    control(route, body) {
      if (route === 'GET /__local/cloudformation/faults') return { status: 200, value: faults };
      if (route !== 'POST /__local/cloudformation/faults') return undefined;
      try {
        setFaults(body.length ? JSON.parse(body.toString('utf8')) : {});
      } catch (err) {
        return { status: 400, value: { error: 'BAD_REQUEST', message: err instanceof Error ? err.message : String(err) } };
      }
      return { status: 200, value: faults };
    },
  };
}
