// Lambda data source for configuration export, import and integrity checks.
import type { ServedBy } from '../../infra/api.ts';
import { resolverHandler } from '../../platform/resolver-event.ts';
import { exportConfiguration } from './export.ts';
import { importConfiguration } from './import.ts';
import { validateConfiguration } from './validate.ts';

export const handler = resolverHandler<ServedBy<'configuration'>>('configuration', {
  'Query.exportConfiguration': () => exportConfiguration(),
  'Query.validateConfiguration': () => validateConfiguration(),
  'Mutation.importConfiguration': (a, e) => importConfiguration(a.input, a.dryRun === true, e.identity),
});
