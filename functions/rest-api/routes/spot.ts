// Spot capacity's paths (seed 003) in its bare JSON, each calling its GraphQL operation
// (listSpotInstances: a table read; setSpotProvisioning: the spot Lambda, admin only).
import type { SpotInstanceConnection, SpotProvisioning } from '../../../platform/generated/graphql.ts';
import { AppError } from '../../../platform/errors.ts';
import type { Route } from '../route.ts';

export const spotRoutes: Route[] = [
  {
    method: 'GET',
    path: '/spot-instances',
    tag: 'Spot capacity',
    summary: 'The running spot instances',
    envelope: 'spot',
    operations: ['Query.listSpotInstances'],
    run: async (c) => {
      const r = await c.api.call<SpotInstanceConnection>('listSpotInstances', `query S { listSpotInstances { items { instanceId region publicIp privateIp } } }`);
      if (!r.items.length) throw new AppError('NOT_FOUND', 'No active spot instances found');
      return { region: r.items[0].region, instances: r.items.map((i) => ({ instance_id: i.instanceId, region: i.region, public_ip: i.publicIp, private_ip: i.privateIp })) };
    },
  },
  {
    method: 'POST',
    path: '/spot-provisioning',
    tag: 'Spot capacity',
    summary: 'Enable or disable spot provisioning (disable with teardown removes resources)',
    envelope: 'spot',
    operations: ['Mutation.setSpotProvisioning'],
    body: { description: 'action: enable|disable, teardown: boolean', example: { action: 'disable', teardown: true } },
    run: async (c) => {
      const { action, teardown } = c.body();
      if (action !== 'enable' && action !== 'disable') throw new AppError('INVALID_REQUEST', 'action must be "enable" or "disable"', { field: 'action' });
      if (teardown != null && typeof teardown !== 'boolean') throw new AppError('INVALID_REQUEST', 'teardown must be true or false', { field: 'teardown' });
      const r = await c.api.call<SpotProvisioning>('setSpotProvisioning', `mutation P($a: SpotProvisioningAction!, $t: Boolean) { setSpotProvisioning(action: $a, teardown: $t) { enabled teardownRequested message } }`, {
        a: action,
        t: teardown ?? false,
      });
      return { message: r.message };
    },
  },
];
