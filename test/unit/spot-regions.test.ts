// Where spot provisioning launches: the cheapest region by its cheapest zone's current price
// (domain/spot/regions.ts), and how the spot function reads its configuration (domain/spot/model.ts).
import type { SpotPrice } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { spotConfig } from '../../domain/spot/model.ts';
import { CAPACITY_ERRORS, rankRegions } from '../../domain/spot/regions.ts';

const price = (zone: string, spot: string, at: string): SpotPrice => ({ AvailabilityZone: zone, SpotPrice: spot, Timestamp: new Date(at), InstanceType: 't3.micro', ProductDescription: 'Linux/UNIX' });

describe('rankRegions', () => {
  it('orders regions by their cheapest zone, cheapest first', () => {
    const ranked = rankRegions([
      { region: 'us-east-1', prices: [price('us-east-1a', '0.0040', '2026-01-01T00:00:00Z'), price('us-east-1b', '0.0038', '2026-01-01T00:00:00Z')] },
      { region: 'us-east-2', prices: [price('us-east-2a', '0.0031', '2026-01-01T00:00:00Z'), price('us-east-2c', '0.0030', '2026-01-01T00:00:00Z')] },
      { region: 'us-west-2', prices: [price('us-west-2b', '0.0034', '2026-01-01T00:00:00Z')] },
    ]);
    expect(ranked).toEqual([
      { region: 'us-east-2', availabilityZone: 'us-east-2c', price: 0.003 },
      { region: 'us-west-2', availabilityZone: 'us-west-2b', price: 0.0034 },
      { region: 'us-east-1', availabilityZone: 'us-east-1b', price: 0.0038 },
    ]);
  });

  it("uses each zone's newest price, not its cheapest in the history", () => {
    const ranked = rankRegions([
      { region: 'a-1', prices: [price('a-1a', '0.0010', '2026-01-01T00:00:00Z'), price('a-1a', '0.0050', '2026-01-02T00:00:00Z')] },
      { region: 'b-1', prices: [price('b-1a', '0.0040', '2026-01-02T00:00:00Z')] },
    ]);
    expect(ranked.map((r) => [r.region, r.price])).toEqual([
      ['b-1', 0.004],
      ['a-1', 0.005],
    ]);
  });

  it('leaves out regions with no price (type not offered) and keeps configured order on ties', () => {
    const ranked = rankRegions([
      { region: 'x-1', prices: [price('x-1a', '0.0020', '2026-01-01T00:00:00Z')] },
      { region: 'none-1', prices: [] },
      { region: 'y-1', prices: [price('y-1a', '0.0020', '2026-01-01T00:00:00Z'), { AvailabilityZone: 'y-1b', SpotPrice: 'n/a' }] },
    ]);
    expect(ranked.map((r) => r.region)).toEqual(['x-1', 'y-1']);
    expect(rankRegions([])).toEqual([]);
  });

  it('treats capacity errors as "next region"', () => {
    expect(CAPACITY_ERRORS.has('InsufficientInstanceCapacity')).toBe(true);
    expect(CAPACITY_ERRORS.has('UnauthorizedOperation')).toBe(false);
  });
});

describe('spotConfig', () => {
  it('reads regions, instance type and per-region launch settings from the environment', () => {
    expect(
      spotConfig({ SPOT_REGIONS: ' us-east-2, us-west-2 ,', SPOT_INSTANCE_TYPE: 'm5.large', SPOT_LAUNCH: '{"us-west-2":{"subnetId":"subnet-1","imageId":"ami-12345678"}}' }),
    ).toEqual({ regions: ['us-east-2', 'us-west-2'], instanceType: 'm5.large', launch: { 'us-west-2': { subnetId: 'subnet-1', imageId: 'ami-12345678' } } });
    expect(spotConfig({})).toEqual({ regions: [], instanceType: 't3.micro', launch: {} });
  });
});
