// Protection groups (guide §1): GraphQL's group operations in the guide's REST shapes.
import type { ProtectionGroup, ProtectionGroupConnection, ServerTagQueryResult } from '../../../platform/generated/graphql.ts';
import { AppError } from '../../../platform/errors.ts';
import { guideReader, isObj, pick } from '../../../platform/guide-format.ts';
import { GROUP, TAG_QUERY } from '../operations.ts';
import { integer, text, type Context, type Route } from '../route.ts';
import { groupOut, tagQueryOut, type KeyStyle } from '../shapes.ts';

const reader = guideReader('INVALID_REQUEST');
const TAG = 'Protection groups';

/** The keys the request used for LaunchConfig, so the answer speaks them back. */
function keyStyle(body: Record<string, unknown>): KeyStyle {
  const lc = pick(body, 'LaunchConfig', 'launchConfig');
  const keys = isObj(lc) ? Object.keys(lc) : [];
  return keys.length && keys.every((k) => /^[a-z]/.test(k)) ? 'camel' : 'pascal';
}

export async function getGroup(c: Context, id: string): Promise<ProtectionGroup> {
  const g = await c.api.call<ProtectionGroup | null>('getProtectionGroup', `query G($id: ID!) { getProtectionGroup(id: $id) { ${GROUP} } }`, { id });
  if (!g) throw new AppError('PROTECTION_GROUP_NOT_FOUND', `Protection Group ${id} not found`, { id });
  return g;
}

/** Every page, unless the caller asked for one page with ?limit (then nextToken continues it). */
export async function pages<T>(
  c: Context,
  fetch: (limit: number, nextToken: string | null) => Promise<{ items: T[]; nextToken?: string | null }>,
): Promise<{ items: T[]; nextToken: string | null }> {
  const limit = integer(c, 'limit', 1, 100);
  let next = text(c, 'nextToken') ?? null;
  const items: T[] = [];
  do {
    const page = await fetch(limit ?? 100, next);
    items.push(...page.items);
    next = page.nextToken ?? null;
  } while (next && limit === undefined);
  return { items, nextToken: next };
}

const LIST = `query L($filter: ProtectionGroupFilter, $limit: Int, $nextToken: String) {
  listProtectionGroups(filter: $filter, limit: $limit, nextToken: $nextToken) { items { ${GROUP} } nextToken } }`;

const LIST_PARAMS = [
  { name: 'name', description: 'Case-insensitive part of the name' },
  { name: 'nameExact', description: 'The exact name, case-insensitive' },
  { name: 'region', description: 'Only groups in this region' },
  { name: 'limit', description: 'One page of at most this many (1–100); without it every page', type: 'integer' },
  { name: 'nextToken', description: 'The nextToken of the previous page' },
] as const;

export const groupRoutes: Route[] = [
  {
    method: 'GET',
    path: '/protection-groups',
    tag: TAG,
    summary: 'List protection groups',
    operations: ['Query.listProtectionGroups'],
    query: LIST_PARAMS,
    run: async (c) => {
      const filter = { nameContains: text(c, 'name'), name: text(c, 'nameExact'), region: text(c, 'region') };
      const r = await pages(c, (limit, nextToken) =>
        c.api.call<ProtectionGroupConnection>('listProtectionGroups', LIST, { filter, limit, nextToken }),
      );
      return { groups: r.items.map((g) => groupOut(g)), count: r.items.length, nextToken: r.nextToken };
    },
  },
  {
    method: 'POST',
    path: '/protection-groups',
    tag: TAG,
    summary: 'Create a protection group (explicit servers or tag selection)',
    operations: ['Mutation.createProtectionGroup'],
    created: true,
    body: {
      description: 'GroupName/name, Description, Region, AccountId, SourceServerIds or ServerSelectionTags ({Key: Value}), LaunchConfig (PascalCase or camelCase keys)',
      example: { GroupName: 'Database-Servers', Region: 'us-east-1', ServerSelectionTags: { 'DR-Application': 'HRP', 'DR-Tier': 'Database' }, LaunchConfig: { CopyTags: true } },
    },
    run: async (c) => {
      const input = reader.readGroup(c.body());
      const g = await c.api.call<ProtectionGroup>(
        'createProtectionGroup',
        `mutation C($input: CreateProtectionGroupInput!) { createProtectionGroup(input: $input) { ${GROUP} } }`,
        { input },
      );
      return groupOut(g, keyStyle(c.body()));
    },
  },
  {
    method: 'GET',
    path: '/protection-groups/{id}',
    tag: TAG,
    summary: 'Get a protection group',
    operations: ['Query.getProtectionGroup'],
    run: async (c) => groupOut(await getGroup(c, c.params.id)),
  },
  {
    method: 'PUT',
    path: '/protection-groups/{id}',
    tag: TAG,
    summary: 'Update a protection group (optimistic locking: send the version you read)',
    operations: ['Mutation.updateProtectionGroup'],
    body: { description: 'version (required), GroupName, Description, SourceServerIds, ServerSelectionTags, LaunchConfig; Region and AccountId cannot change', example: { version: 1, Description: 'Updated description' } },
    run: async (c) => {
      const body = c.body();
      const version = body.version ?? body.Version;
      if (version == null) throw new AppError('MISSING_FIELD', 'version is required (the version you read)', { field: 'version' });
      if (typeof version !== 'number' || !Number.isInteger(version)) throw new AppError('INVALID_REQUEST', 'version must be an integer', { field: 'version' });
      // Region and account are the group's identity in DRS; a PUT of a whole read-back group may carry them.
      const { region: _r, accountId: _a, ...changes } = reader.readGroup(body);
      const g = await c.api.call<ProtectionGroup>(
        'updateProtectionGroup',
        `mutation U($id: ID!, $input: UpdateProtectionGroupInput!) { updateProtectionGroup(id: $id, input: $input) { ${GROUP} } }`,
        { id: c.params.id, input: { ...changes, version } },
      );
      return groupOut(g, keyStyle(body));
    },
  },
  {
    method: 'DELETE',
    path: '/protection-groups/{id}',
    tag: TAG,
    summary: 'Delete a protection group (refused while a plan uses it)',
    operations: ['Mutation.deleteProtectionGroup'],
    run: async (c) => {
      const g = await c.api.call<ProtectionGroup>('deleteProtectionGroup', `mutation D($id: ID!) { deleteProtectionGroup(id: $id) { ${GROUP} } }`, { id: c.params.id });
      return { message: 'Protection Group deleted', id: g.id, name: g.name };
    },
  },
  {
    method: 'POST',
    path: '/protection-groups/resolve',
    tag: TAG,
    summary: 'Preview the servers a tag selection matches',
    operations: ['Query.previewServersByTags'],
    body: { description: 'region, serverSelectionTags ({Key: Value}), accountId', example: { region: 'us-east-1', serverSelectionTags: { 'DR-Application': 'HRP' } } },
    run: async (c) => {
      const body = c.body();
      const region = pick(body, 'region', 'Region');
      if (typeof region !== 'string' || !region) throw new AppError('MISSING_REGION', 'region is required', { field: 'region' });
      const tags = reader.readTags(pick(body, 'serverSelectionTags', 'ServerSelectionTags', 'tags', 'Tags'));
      if (!tags?.length) throw new AppError('INVALID_TAGS', 'ServerSelectionTags must be a non-empty object', { field: 'serverSelectionTags' });
      const r = await c.api.call<ServerTagQueryResult>(
        'previewServersByTags',
        `query P($region: String!, $tags: [TagInput!]!, $accountId: String) { previewServersByTags(region: $region, tags: $tags, accountId: $accountId) { ${TAG_QUERY} } }`,
        { region, tags, accountId: pick(body, 'accountId', 'AccountId') ?? null },
      );
      return tagQueryOut(r);
    },
  },
  {
    method: 'POST',
    path: '/protection-groups/{id}/resolve',
    tag: TAG,
    summary: "Resolve a group's servers now (its list, or what its tags match in DRS today)",
    operations: ['Query.resolveProtectionGroup'],
    run: async (c) =>
      tagQueryOut(
        await c.api.call<ServerTagQueryResult>('resolveProtectionGroup', `query R($id: ID!) { resolveProtectionGroup(id: $id) { ${TAG_QUERY} } }`, {
          id: c.params.id,
        }),
      ),
  },
];
