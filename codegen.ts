// Types for resolvers/ and functions/ from schema.graphql. CI regenerates and fails on a diff.
//   graphql.ts   the schema's types, inputs and each field's arguments (`Query<Field>Args`)
//   resolvers.ts typescript-resolvers' per-field resolver signatures; platform/fields.ts reads the root
//                types' field names and argument types from it (the keys of the wiring, the RBAC table
//                and each Lambda's routes)
import type { CodegenConfig } from '@graphql-codegen/cli';

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

const config: CodegenConfig = {
  schema: ['infra/appsync-builtins.graphql', 'schema.graphql'],
  generates: {
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
