// Lint: TypeScript-aware rules for server, collectors, tests and bench;
// the Vue plugin for client components. `any` is an error everywhere.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import vue from 'eslint-plugin-vue'

export default tseslint.config(
  { ignores: ['node_modules/**', 'client/dist/**', 'data/**', 'tests/artifacts/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    rules: {
      // TypeScript (tsc and vue-tsc) already rejects undefined names, with the right globals for browser and Node.
      'no-undef': 'off',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
    },
  },
  {
    // The capacity engine is a pure function of config, series and `now`:
    // no clock, no randomness, no timers, no process or network access.
    // (Imports are policed by .dependency-cruiser.cjs, see tests/architecture/.)
    // The alert evaluation (rules, lifecycle, silences) is held to the same.
    files: ['server/capacity/**/*.ts', 'server/alerts/evaluation/**/*.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        ...['setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask', 'process', 'fetch', 'performance'].map((name) => ({
          name,
          message: `server/capacity is pure: ${name} is not allowed; take it as an argument`,
        })),
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'server/capacity reads no clock: take `now` as an argument',
        },
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'server/capacity reads no clock: take `now` as an argument',
        },
        {
          selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']",
          message: 'server/capacity is deterministic: no Math.random',
        },
      ],
    },
  },
)
