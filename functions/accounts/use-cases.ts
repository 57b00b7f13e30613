// Target accounts: register, update, delete and validate the cross-account roles that DRS and EC2 calls
// for groups and plans in other accounts run with (domain/target-accounts/credentials.ts assumes them).
import { randomUUID } from 'node:crypto';
import { DescribeJobsCommand, DescribeRecoveryInstancesCommand, DescribeSourceServersCommand, DrsClient } from '@aws-sdk/client-drs';
import { DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { currentAccountId } from '../../platform/aws/sts.ts';
import { assumeRole, forgetAccount } from '../../domain/target-accounts/credentials.ts';
import { AppError } from '../../platform/errors.ts';
import { actor, type Identity } from '../../platform/resolver-event.ts';
import type {
  RegisterTargetAccountInput,
  TargetAccount,
  TargetAccountValidation,
  UpdateTargetAccountInput,
} from '../../platform/generated/graphql.ts';
import {
  getTargetAccount,
  insertTargetAccount,
  notFound,
  publicAccount,
  recordValidation,
  removeTargetAccount,
  saveTargetAccount,
  type StoredTargetAccount,
} from '../../domain/target-accounts/store.ts';

/** The role name of the guide's "Required Cross-Account IAM Role", used when none is given. */
export const DEFAULT_ROLE_NAME = 'DRSOrchestrationRole';
const ACCOUNT_ID = /^\d{12}$/;
const ROLE_ARN = /^arn:aws(?:-[a-z]+)*:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
const NAME_MAX = 128;

function validAccountId(accountId: string | null | undefined): string {
  if (accountId == null || accountId === '') throw new AppError('MISSING_FIELD', 'accountId is required', { field: 'accountId' });
  if (!ACCOUNT_ID.test(accountId)) throw new AppError('INVALID_ACCOUNT_ID', 'accountId must be a 12-digit AWS account ID', { field: 'accountId' });
  return accountId;
}

function validRoleArn(arn: string, accountId: string): string {
  const m = ROLE_ARN.exec(arn.trim());
  if (!m) throw new AppError('INVALID_ROLE_ARN', `"${arn}" is not an IAM role ARN`, { field: 'crossAccountRoleArn' });
  if (m[1] !== accountId) {
    throw new AppError('INVALID_ROLE_ARN', `The cross-account role must be in account ${accountId}, not ${m[1]}`, { field: 'crossAccountRoleArn' });
  }
  return arn.trim();
}

/** null and "" mean no external id. */
function validExternalId(externalId: string | null | undefined): string | null {
  if (externalId == null || externalId === '') return null;
  if (!EXTERNAL_ID.test(externalId)) {
    throw new AppError('INVALID_EXTERNAL_ID', 'externalId must be 2-1224 characters of letters, digits and +=,.@:/-_', { field: 'externalId' });
  }
  return externalId;
}

function validAccountName(name: string | null | undefined): string | null {
  const trimmed = name?.trim();
  if (!trimmed) return null;
  if (trimmed.length > NAME_MAX) throw new AppError('INVALID_NAME', `accountName must be ${NAME_MAX} characters or fewer`, { field: 'accountName' });
  return trimmed;
}

export async function registerAccount(input: RegisterTargetAccountInput, who: Identity): Promise<TargetAccount> {
  const accountId = validAccountId(input.accountId);
  const roleArn = input.crossAccountRoleArn ? validRoleArn(input.crossAccountRoleArn, accountId) : `arn:aws:iam::${accountId}:role/${DEFAULT_ROLE_NAME}`;
  const externalId = validExternalId(input.externalId);
  const accountName = validAccountName(input.accountName);
  if (accountId === (await currentAccountId())) {
    throw new AppError('INVALID_ACCOUNT_ID', `Account ${accountId} is the account this API runs in; only other accounts are target accounts`, {
      field: 'accountId',
    });
  }
  const now = new Date().toISOString();
  const a: StoredTargetAccount = {
    id: randomUUID(),
    accountId,
    accountName,
    crossAccountRoleArn: roleArn,
    externalId,
    hasExternalId: !!externalId,
    validationStatus: 'NOT_VALIDATED',
    validationMessage: null,
    lastValidatedAt: null,
    createdAt: now,
    updatedAt: now,
    createdBy: actor(who),
    updatedBy: actor(who),
  };
  await insertTargetAccount(a);
  return publicAccount(a);
}

async function mustGet(id: string): Promise<StoredTargetAccount> {
  const a = await getTargetAccount(id);
  if (!a) throw notFound(id);
  return a;
}

/** Fields left out (null) stay as they are; externalId "" removes the external id. */
export async function updateAccount(id: string, input: UpdateTargetAccountInput, who: Identity): Promise<TargetAccount> {
  const before = await mustGet(id);
  const roleArn = input.crossAccountRoleArn != null ? validRoleArn(input.crossAccountRoleArn, before.accountId) : before.crossAccountRoleArn;
  const externalId = input.externalId != null ? validExternalId(input.externalId) : before.externalId;
  const after: StoredTargetAccount = {
    ...before,
    accountName: input.accountName != null ? validAccountName(input.accountName) : before.accountName,
    crossAccountRoleArn: roleArn,
    externalId,
    updatedAt: new Date().toISOString(),
    updatedBy: actor(who),
  };
  const roleChanged = roleArn !== before.crossAccountRoleArn || (externalId ?? null) !== (before.externalId ?? null);
  const saved = await saveTargetAccount(after, roleChanged);
  if (roleChanged) forgetAccount(before.accountId);
  return publicAccount(saved);
}

export async function deleteAccount(id: string): Promise<TargetAccount> {
  const a = await mustGet(id);
  await removeTargetAccount(a);
  forgetAccount(a.accountId);
  return publicAccount(a);
}

// ---- validation

/** Read-only calls that show the role holds the DRS and EC2 permissions the orchestrator needs. */
type Check = { permission: string; run: (c: { drs: DrsClient; ec2: EC2Client }) => Promise<unknown> };
const CHECKS: Check[] = [
  { permission: 'drs:DescribeSourceServers', run: (c) => c.drs.send(new DescribeSourceServersCommand({ filters: {}, maxResults: 1 })) },
  { permission: 'drs:DescribeJobs', run: (c) => c.drs.send(new DescribeJobsCommand({ filters: {}, maxResults: 1 })) },
  { permission: 'drs:DescribeRecoveryInstances', run: (c) => c.drs.send(new DescribeRecoveryInstancesCommand({ filters: {}, maxResults: 1 })) },
  { permission: 'ec2:DescribeInstances', run: (c) => c.ec2.send(new DescribeInstancesCommand({ MaxResults: 5 })) },
];
/** Granted by the guide's role too, but only provable by acting: reported, not called. */
const UNCHECKED = ['drs:StartRecovery', 'drs:CreateRecoveryInstanceForDrs', 'ec2:CreateLaunchTemplateVersion'];

const isAccessDenied = (e: Error & { $metadata?: { httpStatusCode?: number } }) =>
  /AccessDenied|UnauthorizedOperation|NotAuthorized|Forbidden/i.test(e.name) || e.$metadata?.httpStatusCode === 403;

async function probe(a: StoredTargetAccount, region: string): Promise<{ valid: boolean; message: string; missingPermissions: string[] }> {
  let credentials: AwsCredentialIdentity;
  try {
    credentials = await assumeRole({ accountId: a.accountId, roleArn: a.crossAccountRoleArn!, externalId: a.externalId });
  } catch (e) {
    const err = e as Error;
    return {
      valid: false,
      message: `Cannot assume ${a.crossAccountRoleArn}${a.externalId ? ' with the external id' : ''}: ${err.name}: ${err.message}`,
      missingPermissions: ['sts:AssumeRole'],
    };
  }
  const sts = new STSClient({ region, credentials });
  const drs = new DrsClient({ region, credentials, maxAttempts: 3 });
  const ec2 = new EC2Client({ region, credentials, maxAttempts: 3 });
  try {
    const who = await sts.send(new GetCallerIdentityCommand({}));
    if (who.Account !== a.accountId) {
      return { valid: false, message: `The role's credentials belong to account ${who.Account}, not ${a.accountId}`, missingPermissions: [] };
    }
    const missing: string[] = [];
    const notes: string[] = [];
    for (const check of CHECKS) {
      try {
        await check.run({ drs, ec2 });
      } catch (e) {
        const err = e as Error;
        if (isAccessDenied(err)) missing.push(check.permission);
        // The call was authorized; DRS is simply not set up in this region.
        else if (err.name === 'UninitializedAccountException') notes.push(`DRS is not initialized in ${region}`);
        else notes.push(`${check.permission} could not be checked: ${err.name}: ${err.message}`);
      }
    }
    const unexpected = notes.filter((n) => !n.startsWith('DRS is not initialized'));
    const valid = missing.length === 0 && unexpected.length === 0;
    const head = valid
      ? `Assumed ${a.crossAccountRoleArn} (${who.Arn}); ${CHECKS.map((c) => c.permission).join(', ')} allowed in ${region}`
      : missing.length
        ? `Assumed ${a.crossAccountRoleArn}, but it lacks ${missing.join(', ')} in ${region}`
        : `Assumed ${a.crossAccountRoleArn}, but some permissions could not be checked`;
    const tail = `${[...new Set(notes)].map((n) => `; ${n}`).join('')}. Not verifiable without side effects: ${UNCHECKED.join(', ')}.`;
    return { valid, message: head + tail, missingPermissions: missing };
  } finally {
    sts.destroy();
    drs.destroy();
    ec2.destroy();
  }
}

/**
 * Assumes the account's role now (never from a cache: this tests the role as it is) and checks what it
 * may do; records the outcome on the account and answers it.
 */
export async function validateAccount(id: string): Promise<TargetAccountValidation> {
  const a = await mustGet(id);
  const region = process.env.AWS_REGION ?? 'us-east-1';
  const result = await probe(a, region);
  const validatedAt = new Date().toISOString();
  await recordValidation(a, { valid: result.valid, message: result.message, validatedAt });
  return { id, ...result, validatedAt };
}
