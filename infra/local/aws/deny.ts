// The readiness switch `deny` (readiness-control.ts): an operation answered with the service's own
// access-denied error, as when the caller's policy lacks that action. Each service's `handle` asks
// `denial` once it knows the operation's name; IAM is global, so its calls match any region.
import type { EmulatorState } from './fixtures.ts';
import { type CallContext, ServiceError } from './protocol.ts';

export type DeniableService = 'iam' | 'sts' | 'drs' | 'ec2';
export interface DenyRule {
  /** `<service>:<Operation>`, e.g. iam:ListInstanceProfiles. */
  action: string;
  /** Only callers of this account (default: any). */
  accountId?: string;
  /** Only calls signed for this region (default: any). */
  region?: string;
}

const ACTION = /^(iam|sts|drs|ec2):[A-Z][A-Za-z0-9]{2,63}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

/** A deny list from JSON, checked before anything changes (the message says what is wrong). */
export function denyRules(value: unknown, accounts: readonly string[]): DenyRule[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new Error('deny must be a list of {action, accountId?, region?}');
  return value.map((r: Partial<DenyRule> | null) => {
    if (typeof r?.action !== 'string' || !ACTION.test(r.action)) {
      throw new Error(`deny.action must be "<service>:<Operation>" with service iam, sts, drs or ec2 (e.g. iam:ListInstanceProfiles), not ${JSON.stringify(r?.action)}`);
    }
    if (r.accountId !== undefined && !accounts.includes(r.accountId)) throw new Error(`deny.accountId: no account ${JSON.stringify(r.accountId)} (known: ${accounts.join(', ')})`);
    if (r.region !== undefined && (typeof r.region !== 'string' || !REGION.test(r.region))) throw new Error(`deny.region must be an AWS region name, not ${JSON.stringify(r.region)}`);
    return { action: r.action, ...(r.accountId ? { accountId: r.accountId } : {}), ...(r.region ? { region: r.region } : {}) };
  });
}

/** The error a denied call answers, or undefined when no rule denies it. */
export function denial(state: EmulatorState, service: DeniableService, operation: string, ctx: CallContext): ServiceError | undefined {
  const action = `${service}:${operation}`;
  const hit = (state.readiness?.deny ?? []).some(
    (r) => r.action === action && (!r.accountId || r.accountId === ctx.principal.accountId) && (!r.region || r.region === ctx.region),
  );
  if (!hit) return undefined;
  const why = `User: ${ctx.principal.arn} is not authorized to perform: ${action} because no identity-based policy allows the ${action} action`;
  if (service === 'drs') return new ServiceError('AccessDeniedException', why, 403);
  if (service === 'ec2') return new ServiceError('UnauthorizedOperation', `You are not authorized to perform this operation. ${why}`, 403);
  return new ServiceError('AccessDenied', why, 403);
}
