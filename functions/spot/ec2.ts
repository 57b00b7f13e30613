// The EC2 calls of provisioning: spot prices per region, the launch (next region on a capacity
// error), what EC2 says of an instance, and termination of what provisioning launched (by its tag).
import { DescribeInstancesCommand, DescribeSpotPriceHistoryCommand, type Instance, RunInstancesCommand, TerminateInstancesCommand } from '@aws-sdk/client-ec2';
import { GetParameterCommand } from '@aws-sdk/client-ssm';
import { ec2In } from '../../platform/aws/ec2.ts';
import { ssm } from '../../platform/aws/ssm.ts';
import { PUBLIC_AMI_PARAMETER, SPOT_TAG, type SpotConfig } from '../../domain/spot/model.ts';
import { CAPACITY_ERRORS, type RegionOffer, rankRegions } from '../../domain/spot/regions.ts';

const stage = () => process.env.STAGE ?? 'dev';

/** The configured regions, cheapest first (each region's price: its cheapest zone's, now). */
export async function offers(config: SpotConfig, now = new Date()): Promise<RegionOffer[]> {
  const histories = await Promise.all(
    config.regions.map(async (region) => {
      const r = await ec2In(region).send(
        new DescribeSpotPriceHistoryCommand({ InstanceTypes: [config.instanceType as never], ProductDescriptions: ['Linux/UNIX'], StartTime: now, EndTime: now }),
      );
      return { region, prices: r.SpotPriceHistory ?? [] };
    }),
  );
  return rankRegions(histories);
}

async function imageFor(config: SpotConfig, region: string): Promise<string> {
  const configured = config.launch[region]?.imageId;
  if (configured) return configured;
  const r = await ssm(region).send(new GetParameterCommand({ Name: PUBLIC_AMI_PARAMETER }));
  return r.Parameter!.Value!;
}

export interface Launched {
  offer: RegionOffer;
  instance: Instance;
  /** Regions skipped for want of capacity, in the order tried. */
  skipped: Array<{ region: string; reason: string }>;
}

/** Launches one spot instance in the cheapest region that has capacity. `token`: idempotency per run. */
export async function launchCheapest(config: SpotConfig, token: string): Promise<Launched> {
  const skipped: Launched['skipped'] = [];
  for (const offer of await offers(config)) {
    const subnetId = config.launch[offer.region]?.subnetId;
    try {
      const r = await ec2In(offer.region).send(
        new RunInstancesCommand({
          ImageId: await imageFor(config, offer.region),
          InstanceType: config.instanceType as never,
          MinCount: 1,
          MaxCount: 1,
          ClientToken: `${token}-${offer.region}`.slice(0, 64),
          InstanceMarketOptions: { MarketType: 'spot', SpotOptions: { SpotInstanceType: 'one-time', InstanceInterruptionBehavior: 'terminate' } },
          // A configured subnet (regions without a default VPC); otherwise the default VPC in the cheapest zone.
          ...(subnetId
            ? { NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: subnetId, AssociatePublicIpAddress: true }] }
            : { Placement: { AvailabilityZone: offer.availabilityZone } }),
          TagSpecifications: [
            {
              ResourceType: 'instance',
              Tags: [
                { Key: SPOT_TAG, Value: stage() },
                { Key: 'Name', Value: `drs-orchestrator-spot-${stage()}` },
              ],
            },
          ],
        }),
      );
      return { offer, instance: r.Instances![0], skipped };
    } catch (e) {
      if (!CAPACITY_ERRORS.has((e as Error).name)) throw e;
      skipped.push({ region: offer.region, reason: (e as Error).name });
    }
  }
  throw Object.assign(new Error(`No spot capacity in ${config.regions.join(', ')}`), { name: 'NoSpotCapacity' });
}

/** What EC2 says of one instance now (undefined: EC2 no longer lists it). */
export async function describe(region: string, instanceId: string): Promise<Instance | undefined> {
  try {
    const r = await ec2In(region).send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
    return r.Reservations?.flatMap((x) => x.Instances ?? [])[0];
  } catch (e) {
    if ((e as Error).name === 'InvalidInstanceID.NotFound') return undefined;
    throw e;
  }
}

const LIVE = ['pending', 'running', 'stopping', 'stopped'];

/** Terminates every live instance of this stage's provisioning in a region (found by its tag); answers their ids. */
export async function terminateTagged(region: string, alsoIds: string[] = []): Promise<string[]> {
  const r = await ec2In(region).send(
    new DescribeInstancesCommand({
      Filters: [
        { Name: `tag:${SPOT_TAG}`, Values: [stage()] },
        { Name: 'instance-state-name', Values: LIVE },
      ],
    }),
  );
  const tagged = (r.Reservations ?? []).flatMap((x) => x.Instances ?? []).map((i) => i.InstanceId!);
  const live = new Set(tagged);
  for (const id of alsoIds) {
    const i = await describe(region, id);
    if (i && LIVE.includes(i.State?.Name ?? '') && i.Tags?.some((t) => t.Key === SPOT_TAG && t.Value === stage())) live.add(id);
  }
  if (live.size) await ec2In(region).send(new TerminateInstancesCommand({ InstanceIds: [...live] }));
  return [...live];
}
