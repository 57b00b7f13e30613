// The façade's route table: every documented path, in the order the guide documents them, and how a
// request finds its route (404 for an unknown path, 405 for a known path with another method).
import { AppError } from '../../../platform/errors.ts';
import type { Envelope, Route } from '../route.ts';
import { clusterRoutes } from './clusters.ts';
import { driftRoutes } from './drift.ts';
import { executionRoutes } from './executions.ts';
import { groupRoutes } from './groups.ts';
import { lookupRoutes } from './lookups.ts';
import { planRoutes } from './plans.ts';
import { scheduleRoutes } from './schedules.ts';
import { spotRoutes } from './spot.ts';
import { staffRoutes } from './staff.ts';

export const ROUTES: readonly Route[] = [...groupRoutes, ...planRoutes, ...driftRoutes, ...scheduleRoutes, ...executionRoutes, ...lookupRoutes, ...staffRoutes, ...clusterRoutes, ...spotRoutes];

interface Compiled {
  route: Route;
  pattern: RegExp;
  names: string[];
}
const compiled: Compiled[] = ROUTES.map((route) => {
  const names: string[] = [];
  // A literal segment beats a parameter ("/protection-groups/resolve" is not the group "resolve").
  const source = route.path.replace(/\{(\w+)\}/g, (_, n: string) => {
    names.push(n);
    return '([^/]+)';
  });
  return { route, pattern: new RegExp(`^${source}$`), names };
});
const literalFirst = [...compiled].sort((a, b) => a.names.length - b.names.length);

/** The envelope of the documented path a request names, whatever its method: its 405 answers in it too. */
export function envelopeOf(path: string): Envelope {
  return literalFirst.find((c) => c.pattern.test(path))?.route.envelope ?? 'guide';
}

export function findRoute(method: string, path: string): { route: Route; params: Record<string, string> } {
  const all = literalFirst.filter((c) => c.pattern.test(path));
  if (!all.length) throw new AppError('NOT_FOUND', `No such path: ${path}`, { path });
  // Only the most literal paths count: GET /protection-groups/resolve is a wrong method, not a group id.
  const matches = all.filter((c) => c.names.length === all[0].names.length);
  const exact = matches.find((c) => c.route.method === method);
  if (!exact) {
    const allowed = [...new Set(matches.map((c) => c.route.method))];
    throw new AppError('METHOD_NOT_ALLOWED', `${method} is not supported on ${path}; use ${allowed.join(', ')}`, { allowed });
  }
  const values = exact.pattern.exec(path)!.slice(1);
  return { route: exact.route, params: Object.fromEntries(exact.names.map((n, i) => [n, values[i]])) };
}
