import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'coverage/', 'test-results/', 'public/vendor/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  // no code compares role strings: who may do what is asked of can() in src/platform/access/policy.ts
  {
    files: ['src/**/*.ts'],
    ignores: ['src/platform/access/policy.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "BinaryExpression[operator=/^[!=]==?$/][left.property.name='role'][right.type='Literal']",
          message:
            'Ask can(user, capability) from src/platform/access/policy.ts; do not compare role strings.',
        },
        {
          selector: "BinaryExpression[operator=/^[!=]==?$/][right.property.name='role'][left.type='Literal']",
          message:
            'Ask can(user, capability) from src/platform/access/policy.ts; do not compare role strings.',
        },
      ],
    },
  },
  // platform depends on nothing above it: not modules, the app's assembly, the demo or the CLI
  {
    files: ['src/platform/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/modules/*', '**/modules/**', '**/app/**', '**/demo/**', '**/cli/**'],
              message:
                'Platform must not import modules, the app, the demo or the CLI (see docs/architecture.md).',
            },
          ],
        },
      ],
    },
  },
  // a module uses another only through what it offers others (public.ts), never its repository
  {
    files: ['src/modules/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../*/repository', '../*/repository.js'],
              message: 'Import what another module offers from its public.ts, not its repository.',
            },
            {
              group: ['**/platform/http/problems', '**/platform/http/problems.js'],
              message:
                'Modules throw domain errors (src/platform/errors.ts); the platform maps them to HTTP in one place.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['public/**/*.js'],
    languageOptions: {
      globals: {
        window: 'readonly',
        document: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        HTMLScriptElement: 'readonly',
        fetch: 'readonly',
      },
    },
  },
);
