// Lint, including the import rules of DESIGN.md: the core imports no SDK, store, scheduler,
// i18n library or HTTP module, and no adapter imports another adapter.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const sdkPatterns = [
  '@slack/*',
  'botbuilder',
  'botbuilder-*',
  'botframework-*',
  'keyv',
  '@keyv/*',
  'node-cron',
  'i18next',
  'pino',
  'redis',
  '@redis/*',
  'sqlite3',
];
const adapters = ['slack', 'teams', 'playground', 'web'];

const coreBannedPaths = [
  { name: 'node:http', message: 'The core is platform-free: HTTP lives in adapters.' },
  { name: 'node:https', message: 'The core is platform-free: HTTP lives in adapters.' },
  { name: 'node:fs', message: 'The core is platform-free: files are read in infra.' },
  { name: 'node:fs/promises', message: 'The core is platform-free: files are read in infra.' },
];
const corePatterns = [
  { group: sdkPatterns, message: 'The core imports no SDK: declare what you need in core/ports.ts.' },
  {
    group: ['**/adapters/**', '**/infra/**', '**/cli/**', '**/config/**'],
    message: 'The core depends on nothing outside src/core.',
  },
];

/** Patterns that stop an adapter from importing another adapter. */
const otherAdapters = (self) =>
  adapters
    .filter((a) => a !== self)
    .flatMap((a) => [`**/adapters/${a}`, `**/adapters/${a}/**`, `../${a}/**`, `../${a}`]);

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test/artifacts/**', 'data/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        fetch: 'readonly',
        AbortController: 'readonly',
        TextEncoder: 'readonly',
        structuredClone: 'readonly',
        document: 'readonly',
        window: 'readonly',
        EventSource: 'readonly',
        performance: 'readonly',
        queueMicrotask: 'readonly',
      },
    },
    rules: {
      'no-empty': ['error', { allowEmptyCatch: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: coreBannedPaths,
          patterns: corePatterns,
        },
      ],
    },
  },
  {
    // The pure side (temporal's workflow/activity split): the engine and the plan rules never reach the service layer.
    files: ['src/core/engine/**/*.ts', 'src/core/plan/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: coreBannedPaths,
          patterns: [
            ...corePatterns,
            {
              group: ['**/service/**', '../service', '../service/*'],
              message: 'engine/ and plan/ are pure: they import nothing from core/service.',
            },
          ],
        },
      ],
    },
  },
  ...adapters.map((self) => ({
    files: [`src/adapters/${self}/**/*.ts`],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: otherAdapters(self), message: 'No adapter imports another adapter: share through src/core.' },
          ],
        },
      ],
    },
  })),
  {
    files: ['src/**/*.ts'],
    ignores: ['src/adapters/teams/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['botbuilder', 'botbuilder-*', 'botframework-*'],
              message: 'botbuilder stays inside src/adapters/teams.',
            },
          ],
        },
      ],
    },
  },
);
