// ESLint flat config (decision 34 says why these rules). Prettier owns formatting
// (eslint-config-prettier turns off every rule it would fight); `npm run lint` runs both.
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import { importX, createNodeResolver } from 'eslint-plugin-import-x'
import prettier from 'eslint-config-prettier'
import globals from 'globals'

const root = path.dirname(fileURLToPath(import.meta.url))

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      'dist/**',
      'coverage/**',
      '.tmp/**',
      '.data/**',
      '.swc/**',
      'test-results/**',
      // function bundles built from index.ts (scripts/build-functions.mjs)
      'cloudfunctions/*/index.js',
    ],
  },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // `_`-prefixed names are the project's way to say "unused on purpose" (tsc's noUnused* allow them too).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
    },
  },
  {
    rules: {
      // Chinese copy spaces with the ideographic space (U+3000) on purpose.
      'no-irregular-whitespace': ['error', { skipJSXText: true }],
    },
  },
  // CommonJS files (config for jest and babel, the worker the gateway forks) require by nature.
  {
    files: ['**/*.{js,cjs}'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  // `any` stays out of the app and the functions. It is allowed where code reads JSON some other
  // party wrote and only picks fields out of it: the WeChat Pay adapters, the local cloud's
  // emulators of those APIs, tests (which also send malformed input on purpose) and scripts.
  {
    files: ['cloudfunctions/runtime/payment/**', 'localcloud/**', 'test/**', 'scripts/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  // Tests load built bundles and reload modules at run time (jest.isolateModules).
  {
    files: ['test/**'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  // Import cycles: the layering (test/unit/boundaries.test.ts) says which way imports go; a cycle breaks it silently.
  {
    files: [
      'src/**/*.{ts,tsx}',
      'cloudfunctions/**/*.ts',
      'localcloud/**/*.{ts,mjs,cjs,js}',
      'scripts/**/*.{ts,mjs,cjs,js}',
    ],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [
        createNodeResolver({
          extensions: ['.ts', '.tsx', '.mjs', '.cjs', '.js', '.json'],
          tsconfig: { configFile: path.join(root, 'tsconfig.json') },
        }),
      ],
      'import-x/extensions': ['.ts', '.tsx', '.mjs', '.cjs', '.js'],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  // The app: browser (WeChat / H5) globals, hooks rules.
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser, process: 'readonly' } },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // Global styles that only H5 needs are required conditionally, so the weapp build leaves them out.
      '@typescript-eslint/no-require-imports': ['error', { allow: ['\\.scss$'] }],
    },
  },
  {
    files: ['cloudfunctions/**', 'localcloud/**', 'scripts/**', 'config/**', 'types/**', '*.{js,mjs,cjs,ts}'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['test/**'],
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
  },
  // index.html's inline bootstrap runs in the browser; config/h5-loading.ts fills in its two placeholders.
  {
    files: ['config/h5-boot.js'],
    languageOptions: { globals: { ...globals.browser, __ROUTES__: 'readonly', __HOME__: 'readonly' } },
  },
  // Component tests render in jsdom; e2e tests hand callbacks to the browser (page.evaluate).
  {
    files: ['test/component/**', 'test/e2e/**', 'test/weapp/**'],
    languageOptions: { globals: globals.browser },
  },
  prettier,
)
