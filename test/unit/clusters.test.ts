// Cluster rules without a stack: CIDR math, the lock path, the seed's validation rules, the
// parameters and names a deployment is made of.
import { describe, expect, it } from 'vitest';
import { contains, formatCidr, isPrivate, lockPath, overlaps, parseCidr, subnets24 } from '../../domain/clusters/cidr.ts';
import { stackName, stackNamePrefix, stackParameters, stackTags, templateKey, validDeploy, validRegistration } from '../../domain/clusters/rules.ts';
import { AppError } from '../../platform/errors.ts';

const c = (t: string) => parseCidr(t)!;
const codeOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as AppError).code;
  }
  return 'none';
};
const seed = { name: 'Production Cluster', type: 'dedicated' as const, environment: 'Production', region: 'us-east-1', cidr: '10.0.0.0/16' };

describe('CIDR math', () => {
  it('parses strict CIDR notation with the host bits zero', () => {
    expect(c('10.0.0.0/16')).toEqual({ network: 0x0a000000, prefix: 16 });
    for (const bad of ['10.0.0.1/16', '10.0.0/16', '256.0.0.0/16', '10.0.0.0/33', '10.0.0.0', 'a.b.c.d/8', '010.0.0.0/16', ' 10.0.0.0/16x']) expect(parseCidr(bad), bad).toBeUndefined();
  });
  it('knows the private ranges', () => {
    for (const t of ['10.0.0.0/16', '172.16.0.0/16', '172.31.255.0/24', '192.168.0.0/16']) expect(isPrivate(c(t)), t).toBe(true);
    for (const t of ['11.0.0.0/16', '172.32.0.0/16', '172.15.0.0/16', '192.169.0.0/16', '8.0.0.0/8', '10.0.0.0/7']) expect(isPrivate(c(t)), t).toBe(false);
  });
  it('overlap is containment either way', () => {
    expect(overlaps(c('10.0.0.0/16'), c('10.0.128.0/17'))).toBe(true);
    expect(overlaps(c('10.0.128.0/17'), c('10.0.0.0/16'))).toBe(true);
    expect(overlaps(c('10.0.0.0/17'), c('10.0.128.0/17'))).toBe(false);
    expect(overlaps(c('10.0.0.0/16'), c('10.1.0.0/16'))).toBe(false);
    expect(contains(c('192.168.0.0/16'), c('192.168.4.0/22'))).toBe(true);
  });
  it('lock path: the /16../p-1 ancestors and the block itself; overlapping blocks share a node', () => {
    const p = lockPath(c('10.1.4.0/22'));
    expect(p.ancestors.map(formatCidr)).toEqual(['10.1.0.0/16', '10.1.0.0/17', '10.1.0.0/18', '10.1.0.0/19', '10.1.0.0/20', '10.1.0.0/21']);
    expect(formatCidr(p.self)).toBe('10.1.4.0/22');
    expect(lockPath(c('10.1.0.0/16')).ancestors).toEqual([]);
    // Property: two blocks overlap iff one's self node is on the other's path (the shared, conflicting item).
    const blocks = ['10.1.0.0/16', '10.1.0.0/17', '10.1.128.0/17', '10.1.4.0/22', '10.2.0.0/16', '10.1.4.0/22'].map(c);
    for (const a of blocks)
      for (const b of blocks) {
        const nodesOf = (x: typeof a) => [...lockPath(x).ancestors, x].map(formatCidr);
        const shared = nodesOf(a).includes(formatCidr(b)) || nodesOf(b).includes(formatCidr(a));
        expect(shared, `${formatCidr(a)} ${formatCidr(b)}`).toBe(overlaps(a, b));
      }
  });
  it('/24 subnets from the VPC block', () => {
    expect(subnets24(c('10.0.0.0/16'), 4)).toEqual(['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24', '10.0.3.0/24']);
    expect(subnets24(c('192.168.4.0/22'), 4)).toEqual(['192.168.4.0/24', '192.168.5.0/24', '192.168.6.0/24', '192.168.7.0/24']);
    expect(subnets24(c('10.0.0.0/23'), 4)).toEqual(['10.0.0.0/24', '10.0.1.0/24']);
  });
});

describe('registration rules', () => {
  it("accepts the seed's example", () => {
    expect(validRegistration(seed)).toMatchObject({ name: 'Production Cluster', cidr: c('10.0.0.0/16') });
  });
  it.each([
    [{ name: '' }, 'INVALID_CLUSTER'],
    [{ name: 'x'.repeat(256) }, 'INVALID_CLUSTER'],
    [{ type: 'huge' }, 'INVALID_CLUSTER'],
    [{ environment: 'prod' }, 'INVALID_CLUSTER'],
    [{ region: 'us-east-9' }, 'INVALID_REGION'],
    [{ cidr: '10.0.0.1/16' }, 'INVALID_CIDR'],
    [{ cidr: '8.8.0.0/16' }, 'INVALID_CIDR'],
    [{ cidr: '10.0.0.0/8' }, 'INVALID_CIDR'],
    [{ cidr: '10.0.0.0/24' }, 'INVALID_CIDR'],
  ])('%j → %s', (patch, code) => {
    expect(codeOf(() => validRegistration({ ...seed, ...patch } as never))).toBe(code);
  });
  it('accepts every region of the list and 255-character names', () => {
    expect(codeOf(() => validRegistration({ ...seed, region: 'eu-central-2', name: 'x'.repeat(255) }))).toBe('none');
  });
});

describe('deploy rules', () => {
  it('cross-account config needs a 12-digit account and a role name', () => {
    expect(validDeploy({ targetAccountId: '123456789012', roleName: 'CrossAccountDeploymentRole', externalId: 'optional-external-id' }).target).toEqual({
      accountId: '123456789012',
      roleName: 'CrossAccountDeploymentRole',
      externalId: 'optional-external-id',
    });
    expect(codeOf(() => validDeploy({ targetAccountId: '1234', roleName: 'R' }))).toBe('INVALID_CLUSTER');
    expect(codeOf(() => validDeploy({ targetAccountId: '123456789012' }))).toBe('INVALID_CLUSTER');
    expect(validDeploy(null)).toEqual({ target: null, parameters: [], tags: [] });
  });
  it('parameters: a list of key/value, never a computed one', () => {
    expect(validDeploy({ parameters: JSON.stringify([{ ParameterKey: 'CustomParam', ParameterValue: 'CustomValue' }]) }).parameters).toHaveLength(1);
    expect(codeOf(() => validDeploy({ parameters: JSON.stringify([{ ParameterKey: 'VpcCIDR', ParameterValue: '10.9.0.0/16' }]) }))).toBe('INVALID_CLUSTER');
    expect(codeOf(() => validDeploy({ parameters: JSON.stringify({ a: 1 }) }))).toBe('INVALID_CLUSTER');
    expect(codeOf(() => validDeploy({ parameters: '{' }))).toBe('INVALID_CLUSTER');
  });
  it('computes the stack from the record', () => {
    const rec = { id: '550e8400-e29b-41d4-a716-446655440004', name: 'Production Cluster', cidr: '10.0.0.0/16', environment: 'Production' };
    expect(stackName('dev', rec)).toBe('drs-orchestrator-dev-cluster-Production-Cluster-550e8400');
    expect(stackName('dev', rec).startsWith(stackNamePrefix('dev'))).toBe(true);
    expect(stackName('dev', { ...rec, name: '!!!' })).toBe('drs-orchestrator-dev-cluster-cluster-550e8400');
    expect(stackName('dev', { ...rec, name: 'n'.repeat(255) }).length).toBeLessThanOrEqual(128);
    expect(templateKey('shared')).toBe('shared-cluster-template.yaml');
    expect(Object.fromEntries(stackParameters(rec, [{ ParameterKey: 'VpcTenancy', ParameterValue: 'default' }]).map((p) => [p.ParameterKey, p.ParameterValue]))).toEqual({
      EnvironmentName: 'Production Cluster',
      VpcCIDR: '10.0.0.0/16',
      PublicSubnet1CIDR: '10.0.0.0/24',
      PublicSubnet2CIDR: '10.0.1.0/24',
      PrivateSubnet1CIDR: '10.0.2.0/24',
      PrivateSubnet2CIDR: '10.0.3.0/24',
      VpcTenancy: 'default',
    });
    expect(stackTags('dev', rec, [{ Key: 'Environment', Value: 'Prod' }]).map((t) => t.Key)).toEqual(['drs-orchestrator:cluster-id', 'drs-orchestrator:stage', 'Environment']);
  });
});
