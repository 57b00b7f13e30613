// `npm run openapi`: writes openapi.json, the REST façade's OpenAPI 3.1 generated from its route table.
import { writeFileSync } from 'node:fs';
import { ROUTES } from '../functions/rest-api/routes/index.ts';
import { openApi } from '../functions/rest-api/openapi.ts';
import pkg from '../package.json' with { type: 'json' };

export const openApiText = () => `${JSON.stringify(openApi(ROUTES, pkg.version), null, 2)}\n`;

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = new URL('../openapi.json', import.meta.url).pathname;
  writeFileSync(file, openApiText());
  console.log(`wrote ${file}: ${ROUTES.length} operations`);
}
