// Lint: TypeScript everywhere; the APPSYNC_JS rules (AppSync's own plugin) on resolvers/, plus a ban
// on `throw`, which the runtime rejects but the plugin does not catch.
import tseslint from 'typescript-eslint';
import appsync from '@aws-appsync/eslint-plugin';

const restrict = (files, patterns) => ({ files, rules: { 'no-restricted-imports': ['error', { patterns }] } });
const INTO_FUNCTIONS = { regex: '(^|/)functions/', message: 'Only a Lambda imports its own functions/ folder: move shared code to domain/ or platform/.' };
function boundaries() {
  const sideways = (depth) => ({
    regex: `^(\\.\\./){${depth}}(?!\\.\\./)`,
    message: 'A function imports domain/ and platform/, never another functions/ folder.',
  });
  return [
    restrict(['functions/*/*.ts'], [sideways(1), INTO_FUNCTIONS]),
    restrict(['functions/*/*/*.ts'], [sideways(2), INTO_FUNCTIONS]),
    restrict(['domain/**/*.ts'], [INTO_FUNCTIONS]),
    restrict(['platform/**/*.ts'], [INTO_FUNCTIONS, { regex: '(^|/)domain/', message: 'platform/ is below domain/: take what it needs as a parameter.' }]),
  ];
}

export default [
  { ignores: ['node_modules/**', 'dist/**', 'cdk.out/**', '.local/**', 'platform/generated/**', 'operations/generated/**', 'test-results/**'] },
  ...tseslint.configs.recommended.map((c) => ({ ...c, files: ['**/*.ts'] })),
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  // The layout's boundaries (DESIGN.md "Shape"): a function imports domain/ and platform/, never another
  // function's folder; domain/ never imports functions/; platform/ imports neither.
  ...boundaries(),
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
