// Lint: TypeScript everywhere; the APPSYNC_JS rules (AppSync's own plugin) on resolvers/, plus a ban
// on `throw`, which the runtime rejects but the plugin does not catch.
import tseslint from 'typescript-eslint';
import appsync from '@aws-appsync/eslint-plugin';

export default [
  { ignores: ['node_modules/**', 'dist/**', 'cdk.out/**', '.local/**', 'functions/shared/generated/**'] },
  ...tseslint.configs.recommended.map((c) => ({ ...c, files: ['**/*.ts'] })),
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    ...appsync.configs.recommended,
    files: ['resolvers/**/*.ts'],
    languageOptions: {
      ...appsync.configs.recommended.languageOptions,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
  },
  {
    files: ['resolvers/**/*.ts'],
    rules: {
      'no-restricted-syntax': ['error', { selector: 'ThrowStatement', message: 'APPSYNC_JS has no throw: use util.error.' }],
    },
  },
];
