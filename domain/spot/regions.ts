// Choosing where to launch: the cheapest current spot price per region, regions in price order.
import type { SpotPrice } from '@aws-sdk/client-ec2';

export interface RegionOffer {
  region: string;
  /** The cheapest zone of the region and its price now. */
  availabilityZone: string;
  price: number;
}

/**
 * The price in force in each zone is the newest entry of that zone's history; a region's offer is its
 * cheapest zone. Regions without any price (type not offered) are left out. Cheapest first; equal
 * prices keep the configured order.
 */
export function rankRegions(histories: ReadonlyArray<{ region: string; prices: readonly SpotPrice[] }>): RegionOffer[] {
  const offers: Array<RegionOffer & { order: number }> = [];
  histories.forEach(({ region, prices }, order) => {
    const latest = new Map<string, { at: number; price: number }>();
    for (const p of prices) {
      const zone = p.AvailabilityZone;
      const price = Number(p.SpotPrice);
      if (!zone || !Number.isFinite(price)) continue;
      const at = p.Timestamp ? new Date(p.Timestamp).getTime() : 0;
      const seen = latest.get(zone);
      if (!seen || at > seen.at) latest.set(zone, { at, price });
    }
    let best: RegionOffer | undefined;
    for (const [zone, { price }] of latest) if (!best || price < best.price) best = { region, availabilityZone: zone, price };
    if (best) offers.push({ ...best, order });
  });
  return offers.sort((a, b) => a.price - b.price || a.order - b.order).map(({ order: _order, ...o }) => o);
}

/** Launch errors that mean "try the next region" rather than "the run failed". */
export const CAPACITY_ERRORS = new Set(['InsufficientInstanceCapacity', 'InsufficientCapacity', 'SpotMaxPriceTooLow', 'MaxSpotInstanceCountExceeded']);
