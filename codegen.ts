// Types for resolvers/ and functions/ from schema.graphql. CI regenerates and fails on a diff.
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: ['infra/appsync-builtins.graphql', 'schema.graphql'],
  generates: {
    'platform/generated/graphql.ts': {
      plugins: ['typescript'],
      config: {
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
      },
    },
  },
};
export default config;
