// ESLint for the toolkit's TypeScript (typescript-eslint's recommended rules, without type information so that it
// runs in seconds); Prettier owns the layout. Run by `npm run lint` and in CI.
import tseslint from './tools/lint/node_modules/typescript-eslint/dist/index.js';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'packages/map/src/generated/**'] },
  {
    files: ['packages/*/src/**/*.ts', 'packages/*/test/**/*.ts', 'test/**/*.ts'],
    extends: [tseslint.configs.recommended],
    rules: {
      // A leading underscore marks a value that is there for its position (a destructured rest, a callback's first argument).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
);
