// Types for resolvers/ and functions/ from schema.graphql. CI regenerates and fails on a diff.
//   graphql.ts   the schema's types, inputs and each field's arguments (`Query<Field>Args`)
//   resolvers.ts typescript-resolvers' per-field resolver signatures; platform/fields.ts reads the root
//                types' field names and argument types from it (the keys of the wiring, the RBAC table
//                and each Lambda's routes)
//   inputs.ts    every input position as run-time data (infra/codegen/input-shapes.ts), for the input
//                limits of platform/input-limits.ts
// And for consumers: operations/generated/ (the client preset) from the operations in operations/*.graphql —
// typed documents (TypedDocumentNode) the dashboard (dashboard/) and scripts pass to Amplify's
// generateClient().graphql or any GraphQL client.
import type { CodegenConfig } from '@graphql-codegen/cli';
import { createRequire } from 'node:module';
import * as inputShapes from './infra/codegen/input-shapes.ts';

const base = {
  enumsAsTypes: true,
  avoidOptionals: { field: true, inputValue: false, object: false },
  maybeValue: 'T | null',
  scalars: {
    AWSDateTime: 'string',
    AWSDate: 'string',
    AWSTime: 'string',
    AWSTimestamp: 'number',
    AWSJSON: 'string',
    AWSEmail: 'string',
    AWSURL: 'string',
    AWSPhone: 'string',
    AWSIPAddress: 'string',
  },
};

/** Our own plugin by name; every other from node_modules, as graphql-codegen loads them by default. */
const INPUT_SHAPES = 'drs-input-shapes';
const localRequire = createRequire(import.meta.url);

const config: CodegenConfig = {
  schema: ['infra/appsync-builtins.graphql', 'schema.graphql'],
  pluginLoader: async (name: string) => (name === INPUT_SHAPES ? inputShapes : localRequire(name)),
  generates: {
    'operations/generated/': {
      preset: 'client',
      documents: ['operations/*.graphql'],
      // Plain documents and types: no fragment masking, no graphql() tag lookup needed at run time.
      presetConfig: { fragmentMasking: false },
      config: { enumsAsTypes: true, scalars: base.scalars, useTypeImports: true, dedupeFragments: true },
    },
    'platform/generated/inputs.ts': { plugins: [INPUT_SHAPES] },
    'platform/generated/graphql.ts': {
      plugins: ['typescript'],
      config: base,
    },
    'platform/generated/resolvers.ts': {
      plugins: [{ add: { content: "import type * as Types from './graphql.ts';" } }, 'typescript-resolvers'],
      config: {
        ...base,
        // The schema's own types come from graphql.ts; type-only imports, so no bundle pulls in graphql-js.
        namespacedImportName: 'Types',
        useTypeImports: true,
        // A resolver is a function (not also `{ resolve }`): its parameters are the field's arguments.
        makeResolverTypeCallable: true,
      },
    },
  },
};
export default config;
