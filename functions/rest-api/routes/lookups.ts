// DRS, target accounts, EC2 lookups, configuration, the current user and health (guide §4–§9).
import type {
  ConfigurationValidation,
  CurrentAccount,
  DrsAccount,
  DrsQuotas,
  Health,
  ServerTagQueryResult,
  SourceServerConnection,
  TagSyncResult,
  TargetAccount,
  TargetAccountConnection,
  TargetAccountValidation,
  User,
} from '../../../platform/generated/graphql.ts';
import { AppError } from '../../../platform/errors.ts';
import type { FieldOf } from '../../../platform/fields.ts';
import { guideReader, pick } from '../../../platform/guide-format.ts';
import { ACCOUNT, SERVER, TAG_QUERY } from '../operations.ts';
import { ACCOUNT_PARAM, REGION_PARAM, flag, region, text, type Context, type Route } from '../route.ts';
import { accountOut, serverOut, tagMap, tagQueryOut } from '../shapes.ts';
import { pages } from './groups.ts';

const reader = guideReader('INVALID_REQUEST');
const accountId = (c: Context) => text(c, 'accountId') ?? null;

function parsed(json: string): unknown {
  return JSON.parse(json);
}

/** GET /ec2/<what>?region=…: one lookup, answered under the guide's list key. */
function ec2Lookup(path: string, field: FieldOf<'Query'>, key: string, selection: string, summary: string): Route {
  return {
    method: 'GET',
    path,
    tag: 'EC2 resources',
    summary,
    operations: [`Query.${field}`],
    query: [REGION_PARAM, ACCOUNT_PARAM],
    run: async (c) => {
      const items = await c.api.call<unknown[]>(field, `query E($region: String!, $accountId: String) { ${field}(region: $region, accountId: $accountId) { ${selection} } }`, {
        region: region(c),
        accountId: accountId(c),
      });
      return { [key]: items, count: items.length };
    },
  };
}

/** A target account's fields in either spelling. */
function accountInput(body: Record<string, unknown>) {
  const field = (camel: string) => {
    const v = pick(body, camel, camel[0].toUpperCase() + camel.slice(1));
    if (v != null && typeof v !== 'string') throw new AppError('INVALID_REQUEST', `${camel} must be a string`, { field: camel });
    return v as string | undefined;
  };
  return { accountId: field('accountId'), accountName: field('accountName'), crossAccountRoleArn: field('crossAccountRoleArn'), externalId: field('externalId') };
}

export const lookupRoutes: Route[] = [
  // ---------------------------------------------------------------- DRS
  {
    method: 'GET',
    path: '/drs/source-servers',
    tag: 'DRS',
    summary: 'DRS source servers of one or more regions, with their group assignments',
    operations: ['Query.listSourceServers'],
    query: [REGION_PARAM, { name: 'regions', description: 'Comma-separated regions, instead of region' }, ACCOUNT_PARAM],
    run: async (c) => {
      const regions = text(c, 'regions')?.split(',').map((r) => r.trim()).filter(Boolean);
      if (!text(c, 'region') && !regions?.length) throw new AppError('MISSING_REGION', 'region query parameter is required', { field: 'region' });
      const r = await c.api.call<SourceServerConnection>(
        'listSourceServers',
        `query S($region: String, $regions: [String!], $accountId: String) { listSourceServers(region: $region, regions: $regions, accountId: $accountId) { items { ${SERVER} } } }`,
        { region: text(c, 'region'), regions, accountId: accountId(c) },
      );
      return { servers: r.items.map(serverOut), count: r.items.length };
    },
  },
  {
    method: 'POST',
    path: '/drs/source-servers/query-by-tags',
    tag: 'DRS',
    summary: 'DRS source servers whose tags match every given tag',
    operations: ['Query.queryServersByTags'],
    query: [REGION_PARAM, ACCOUNT_PARAM],
    body: { description: 'tags: {Key: Value}', example: { tags: { 'DR-Application': 'HRP', 'DR-Tier': 'Database' } } },
    run: async (c) => {
      const tags = reader.readTags(pick(c.body(), 'tags', 'Tags', 'serverSelectionTags', 'ServerSelectionTags'));
      if (!tags?.length) throw new AppError('INVALID_TAGS', 'tags must be a non-empty object of Key: Value', { field: 'tags' });
      const r = await c.api.call<ServerTagQueryResult>(
        'queryServersByTags',
        `query Q($region: String!, $tags: [TagInput!]!, $accountId: String) { queryServersByTags(region: $region, tags: $tags, accountId: $accountId) { ${TAG_QUERY} } }`,
        { region: region(c), tags, accountId: accountId(c) ?? pick(c.body(), 'accountId') ?? null },
      );
      return tagQueryOut(r);
    },
  },
  {
    method: 'GET',
    path: '/drs/quotas',
    tag: 'DRS',
    summary: "DRS limits and this account's current use of them",
    operations: ['Query.getDrsQuotas'],
    query: [REGION_PARAM, ACCOUNT_PARAM],
    run: async (c) => {
      const q = await c.api.call<DrsQuotas>(
        'getDrsQuotas',
        `query Q($region: String!, $accountId: String) { getDrsQuotas(region: $region, accountId: $accountId) { region maxReplicatingServers currentReplicatingServers maxConcurrentJobs currentActiveJobs maxServersPerJob maxTotalServersInActiveJobs currentServersInActiveJobs } }`,
        { region: region(c), accountId: accountId(c) },
      );
      const { region: r, ...quotas } = q;
      return { region: r, quotas };
    },
  },
  {
    method: 'POST',
    path: '/drs/tag-sync',
    tag: 'DRS',
    summary: 'Copy EC2 instance tags to their DRS source servers',
    operations: ['Mutation.syncDrsTags'],
    body: { description: 'regions: [region, …], dryRun: boolean', example: { regions: ['us-east-1'], dryRun: true } },
    run: async (c) => {
      const body = c.body();
      const regions = pick(body, 'regions', 'Regions') ?? (typeof body.region === 'string' ? [body.region] : undefined);
      if (regions == null) throw new AppError('MISSING_REGION', 'regions is required', { field: 'regions' });
      const dryRun = pick(body, 'dryRun', 'DryRun') ?? flag(c, 'dryRun') ?? false;
      const r = await c.api.call<TagSyncResult>(
        'syncDrsTags',
        `mutation T($regions: [String!]!, $dryRun: Boolean) { syncDrsTags(regions: $regions, dryRun: $dryRun) { dryRun regions serversScanned serversChanged changes { sourceServerId sourceInstanceId region tagsAdded { key value } tagsChanged { key value } } } }`,
        { regions, dryRun },
      );
      return { ...r, changes: r.changes.map((x) => ({ ...x, tagsAdded: tagMap(x.tagsAdded), tagsChanged: tagMap(x.tagsChanged) })) };
    },
  },
  {
    method: 'GET',
    path: '/drs/accounts',
    tag: 'DRS',
    summary: 'Accounts where DRS is initialized, and in which regions',
    operations: ['Query.listDrsAccounts'],
    run: async (c) => {
      const accounts = await c.api.call<DrsAccount[]>('listDrsAccounts', `query A { listDrsAccounts { accountId accountName regions isCurrentAccount } }`);
      return { accounts, count: accounts.length };
    },
  },
  // ---------------------------------------------------------------- target accounts
  {
    method: 'GET',
    path: '/accounts/targets',
    tag: 'Accounts',
    summary: 'Registered target accounts',
    operations: ['Query.listTargetAccounts'],
    run: async (c) => {
      const r = await pages(c, (limit, nextToken) =>
        c.api.call<TargetAccountConnection>(
          'listTargetAccounts',
          `query L($limit: Int, $nextToken: String) { listTargetAccounts(limit: $limit, nextToken: $nextToken) { items { ${ACCOUNT} } nextToken } }`,
          { limit, nextToken },
        ),
      );
      return { accounts: r.items.map(accountOut), count: r.items.length, nextToken: r.nextToken };
    },
  },
  {
    method: 'POST',
    path: '/accounts/targets',
    tag: 'Accounts',
    summary: 'Register a target account and its cross-account role',
    operations: ['Mutation.registerTargetAccount'],
    created: true,
    body: {
      description: 'accountId (12 digits), accountName, crossAccountRoleArn, externalId',
      example: { accountId: '123456789012', accountName: 'Production Account', crossAccountRoleArn: 'arn:aws:iam::123456789012:role/DRSOrchestrationRole' },
    },
    run: async (c) =>
      accountOut(
        await c.api.call<TargetAccount>('registerTargetAccount', `mutation R($input: RegisterTargetAccountInput!) { registerTargetAccount(input: $input) { ${ACCOUNT} } }`, {
          input: accountInput(c.body()),
        }),
      ),
  },
  {
    method: 'PUT',
    path: '/accounts/targets/{id}',
    tag: 'Accounts',
    summary: "Update a target account's name, role or external id",
    operations: ['Mutation.updateTargetAccount'],
    body: { description: 'accountName, crossAccountRoleArn, externalId', example: { accountName: 'Production' } },
    run: async (c) => {
      const { accountId: _a, ...input } = accountInput(c.body());
      return accountOut(
        await c.api.call<TargetAccount>(
          'updateTargetAccount',
          `mutation U($id: ID!, $input: UpdateTargetAccountInput!) { updateTargetAccount(id: $id, input: $input) { ${ACCOUNT} } }`,
          { id: c.params.id, input },
        ),
      );
    },
  },
  {
    method: 'DELETE',
    path: '/accounts/targets/{id}',
    tag: 'Accounts',
    summary: 'Remove a target account (refused while a group uses it)',
    operations: ['Mutation.deleteTargetAccount'],
    run: async (c) => {
      const a = await c.api.call<TargetAccount>('deleteTargetAccount', `mutation D($id: ID!) { deleteTargetAccount(id: $id) { id accountId } }`, { id: c.params.id });
      return { message: 'Target account removed', id: a.id, accountId: a.accountId };
    },
  },
  {
    method: 'POST',
    path: '/accounts/targets/{id}/validate',
    tag: 'Accounts',
    summary: 'Assume the cross-account role and check the DRS permissions it needs',
    operations: ['Mutation.validateTargetAccount'],
    run: async (c) =>
      c.api.call<TargetAccountValidation>(
        'validateTargetAccount',
        `mutation V($id: ID!) { validateTargetAccount(id: $id) { id valid message missingPermissions validatedAt } }`,
        { id: c.params.id },
      ),
  },
  {
    method: 'GET',
    path: '/accounts/current',
    tag: 'Accounts',
    summary: 'The account and region this API runs in',
    operations: ['Query.getCurrentAccount'],
    run: async (c) => c.api.call<CurrentAccount>('getCurrentAccount', `query A { getCurrentAccount { accountId arn region } }`),
  },
  // ---------------------------------------------------------------- EC2
  ec2Lookup('/ec2/subnets', 'listSubnets', 'subnets', 'subnetId vpcId availabilityZone cidrBlock name', 'Subnets of a region (launch configuration)'),
  ec2Lookup('/ec2/security-groups', 'listSecurityGroups', 'securityGroups', 'groupId groupName vpcId description', 'Security groups of a region'),
  ec2Lookup('/ec2/instance-types', 'listInstanceTypes', 'instanceTypes', 'instanceType vCpus memoryGiB', 'EC2 instance types of a region'),
  ec2Lookup('/ec2/instance-profiles', 'listInstanceProfiles', 'instanceProfiles', 'instanceProfileName instanceProfileId arn roles', 'IAM instance profiles'),
  // ---------------------------------------------------------------- configuration
  {
    method: 'GET',
    path: '/config/export',
    tag: 'Configuration',
    summary: 'Export every protection group and recovery plan',
    operations: ['Query.exportConfiguration'],
    run: async (c) => parsed(await c.api.call<string>('exportConfiguration', `query X { exportConfiguration }`)),
  },
  {
    method: 'POST',
    path: '/config/import',
    tag: 'Configuration',
    summary: 'Import a configuration; existing names are skipped (?dryRun=true validates only)',
    operations: ['Mutation.importConfiguration'],
    query: [{ name: 'dryRun', description: 'true: report what would happen, change nothing', type: 'boolean' }],
    body: { description: 'The export document (camelCase or the guide\'s PascalCase)', example: { metadata: { schemaVersion: '1.0' }, protectionGroups: [], recoveryPlans: [] } },
    run: async (c) => {
      const document = JSON.stringify(c.body());
      const r = await c.api.call<string>('importConfiguration', `mutation I($input: AWSJSON!, $dryRun: Boolean) { importConfiguration(input: $input, dryRun: $dryRun) }`, {
        input: document,
        dryRun: flag(c, 'dryRun') ?? false,
      });
      return parsed(r);
    },
  },
  {
    method: 'GET',
    path: '/config/validate',
    tag: 'Configuration',
    summary: 'Check the stored configuration: group references, servers, launch configurations',
    operations: ['Query.validateConfiguration'],
    run: async (c) =>
      c.api.call<ConfigurationValidation>('validateConfiguration', `query V { validateConfiguration { valid issues { severity resourceType resourceName message } } }`),
  },
  // ---------------------------------------------------------------- you and the service
  {
    method: 'GET',
    path: '/users/current',
    tag: 'Users',
    summary: 'The signed-in user: groups (roles) and permissions',
    operations: ['Query.me'],
    run: async (c) => {
      const me = await c.api.call<User>('me', `query M { me { username email groups permissions } }`);
      return { ...me, roles: me.groups };
    },
  },
  {
    method: 'GET',
    path: '/health',
    tag: 'Health',
    summary: 'Service health (no token needed)',
    operations: ['Query.health'],
    open: true,
    run: async (c) => c.api.call<Health>('health', `query H { health { status version timestamp dependencies { name status latencyMs message } } }`),
  },
];
