// A role's trust policy (UpdateAssumeRolePolicy): IAM's own checks of the document, then what the
// emulator keeps of it (fixtures.ts RoleTrust, which sts.ts AssumeRole decides by): the accounts whose
// principals may assume the role and the sts:ExternalId they must pass. Account principals
// (`arn:aws:iam::<id>:root` or the bare id) and service or federated principals are modelled; what
// the local IAM cannot decide by account and external id is refused, saying so, rather than ignored.
import type { RoleTrust } from './fixtures.ts';
import { ServiceError } from './protocol.ts';

/** IAM's quota on a trust policy's size (ACLSizePerRole, default 2048 characters, whitespace aside). */
const MAX_SIZE = 2048;
const VERSIONS = ['2012-10-17', '2008-10-17'];
const ACCOUNT_PRINCIPAL = /^(?:arn:aws:iam::(\d{12}):root|(\d{12}))$/;
const ACTION = /^(?:\*|[a-z0-9-]+:[A-Za-z0-9*?]+)$/;

const malformed = (message: string) => new ServiceError('MalformedPolicyDocument', message);
const notModelled = (what: string) => malformed(`The local IAM keeps trust by account and sts:ExternalId only; it cannot model ${what}`);
const list = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

interface Statement {
  Effect?: unknown;
  Principal?: unknown;
  NotPrincipal?: unknown;
  Action?: unknown;
  NotAction?: unknown;
  Resource?: unknown;
  Condition?: unknown;
}

/** The accounts an AWS principal names; service and federated principals name none. */
function accountsOf(principal: unknown): string[] {
  if (principal === '*') throw notModelled('the principal "*"');
  if (!principal || typeof principal !== 'object' || Array.isArray(principal)) throw malformed('Invalid principal in policy');
  const out: string[] = [];
  for (const [kind, value] of Object.entries(principal)) {
    const values = list(value);
    if (!values.length || !values.every((v) => typeof v === 'string')) throw malformed(`Invalid principal in policy: "${kind}"`);
    if (kind === 'Service' || kind === 'Federated') continue;
    if (kind !== 'AWS') throw malformed(`Invalid principal in policy: "${kind}"`);
    for (const v of values as string[]) {
      const m = ACCOUNT_PRINCIPAL.exec(v);
      if (!m) throw v === '*' || v.startsWith('arn:aws:') ? notModelled(`the principal "${v}"`) : malformed(`Invalid principal in policy: "AWS":"${v}"`);
      out.push(m[1] ?? m[2]);
    }
  }
  return out;
}

/** The external id a statement's condition requires (undefined: none). */
function externalIdOf(condition: unknown): string | undefined {
  if (condition === undefined) return undefined;
  if (!condition || typeof condition !== 'object' || Array.isArray(condition)) throw malformed('Syntax errors in policy.');
  const entries = Object.entries(condition);
  const other = entries.find(([op, keys]) => op !== 'StringEquals' || !keys || typeof keys !== 'object' || Object.keys(keys).some((k) => k.toLowerCase() !== 'sts:externalid'));
  if (other) throw notModelled(`the condition ${JSON.stringify(Object.fromEntries([other]))}`);
  const ids = entries.flatMap(([, keys]) => Object.values(keys as object).flatMap(list));
  if (!ids.every((x) => typeof x === 'string')) throw malformed('Syntax errors in policy.');
  if (ids.length > 1) throw notModelled('several external ids');
  return ids[0] as string | undefined;
}

const assumes = (actions: unknown[]) => actions.some((a) => a === '*' || a === 'sts:*' || a === 'sts:AssumeRole');

/** Parses and checks a trust policy as IAM does; answers the trust the emulator keeps. */
export function trustOf(text: string): RoleTrust {
  if (text.replace(/\s/g, '').length > MAX_SIZE) throw new ServiceError('LimitExceeded', `Cannot exceed quota for ACLSizePerRole: ${MAX_SIZE}`, 409);
  let doc: { Version?: unknown; Statement?: unknown };
  try {
    doc = JSON.parse(text);
  } catch {
    throw malformed('This policy contains invalid Json');
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw malformed('This policy contains invalid Json');
  if (doc.Version !== undefined && !VERSIONS.includes(doc.Version as string)) throw malformed('The policy must contain a valid version string');
  const statements = list(doc.Statement) as Statement[];
  if (!statements.length) throw malformed('Missing required field Statement');
  const allowed = new Set<string>();
  const denied = new Set<string>();
  const externalIds = new Set<string | undefined>();
  for (const s of statements) {
    if (!s || typeof s !== 'object' || Array.isArray(s)) throw malformed('Syntax errors in policy.');
    if (s.Effect === undefined) throw malformed('Missing required field Effect');
    if (s.Effect !== 'Allow' && s.Effect !== 'Deny') throw malformed(`Invalid effect: ${String(s.Effect)}`);
    if (s.Resource !== undefined) throw malformed('Has prohibited field Resource');
    if (s.NotPrincipal !== undefined || s.NotAction !== undefined) throw notModelled('NotPrincipal or NotAction');
    if (s.Principal === undefined) throw malformed('Missing required field Principal');
    const actions = list(s.Action);
    if (!actions.length) throw malformed('Missing required field Action');
    if (!actions.every((a) => typeof a === 'string' && ACTION.test(a))) throw malformed('Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.');
    const accounts = accountsOf(s.Principal);
    const externalId = externalIdOf(s.Condition);
    if (!assumes(actions) || !accounts.length) continue;
    if (s.Effect === 'Deny') {
      if (s.Condition !== undefined) throw notModelled('a Deny with a condition');
      for (const a of accounts) denied.add(a);
      continue;
    }
    for (const a of accounts) allowed.add(a);
    externalIds.add(externalId);
  }
  if (externalIds.size > 1) throw notModelled('statements that ask for different external ids');
  const [externalId] = externalIds;
  return { accounts: [...allowed].filter((a) => !denied.has(a)), ...(externalId ? { externalId } : {}) };
}
