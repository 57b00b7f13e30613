// Lambda data source for protection-group writes and DRS lookups: routes a resolver event to the domain.
import { Logger } from '@aws-lambda-powertools/logger';
import { AppError } from '../shared/errors.ts';
import { answer, authorize, type ResolverAnswer, type ResolverEvent } from '../shared/resolver-event.ts';
import { createGroup, deleteGroup, listSourceServers, previewByTags, updateGroup } from './domain.ts';

const logger = new Logger({ serviceName: 'protection-groups' });

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const routes: Record<string, (args: any, event: ResolverEvent) => Promise<unknown>> = {
  'Mutation.createProtectionGroup': (a, e) => createGroup(a.input, e.identity),
  'Mutation.updateProtectionGroup': (a, e) => updateGroup(a.id, a.input, e.identity),
  'Mutation.deleteProtectionGroup': (a, e) => deleteGroup(a.id, e.identity),
  'Query.previewServersByTags': (a) => previewByTags(a.region, a.tags),
  'Query.listSourceServers': (a) => listSourceServers(a.region, a.regions),
};

export const handler = async (event: ResolverEvent): Promise<ResolverAnswer> =>
  answer(
    async () => {
      const route = routes[event.field];
      if (!route) throw new AppError('NOT_IMPLEMENTED', `${event.field} is not served by this function`);
      authorize(event.field, event.identity);
      return route(event.arguments, event);
    },
    (e) => logger.error('unhandled', { error: e as Error, field: event.field }),
  );
