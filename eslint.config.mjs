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
      // Rooms small enough to read (STYLE.md 13): a file over 800 lines is split by what it does, tests included.
      'max-lines': ['error', { max: 800 }],
    },
  },
  {
    // A function over 120 lines is split into named steps. Tests are exempt: a describe() block is one long function
    // by nature, and the file limit above keeps them in check.
    files: ['packages/*/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'max-lines-per-function': ['error', { max: 120 }],
    },
  },
);
