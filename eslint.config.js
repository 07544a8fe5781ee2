// Lint rules that keep the code in the shape STYLE.md describes: a pure shared/ core, no `any`
// there, no barrel `export *`, and React hooks used correctly.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['**/dist/**', 'node_modules/**', '.test-output/**', 'data/**', 'client/public/**', 'bench/**/*.py', 'bench/tmp/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'ExportAllDeclaration', message: 'No barrel `export *`: export names one by one (STYLE.md).' }],
    },
  },
  {
    files: ['shared/src/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['node:*', 'fs', 'path', 'http', 'crypto', 'ws', 'better-sqlite3'], message: 'shared/ is pure: no Node APIs.' },
          { group: ['react', 'react-dom', '@xyflow/*', 'zustand', 'y-websocket', 'y-indexeddb'], message: 'shared/ is pure: no UI or transport.' },
        ],
      }],
    },
  },
  {
    files: ['client/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    // The two classic rules. The React Compiler rules of v7 flag the identity caching our
    // node and edge hooks do on purpose (refs read in useMemo), and we do not use the compiler.
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    files: ['client/src/**/*.{ts,tsx}'],
    ignores: ['client/src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/server/**'], message: 'The client imports only shared/.' }] }],
    },
  },
  {
    files: ['server/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/client/**'], message: 'The server imports only shared/.' }] }],
    },
  },
  {
    files: ['client/public/**/*.js'],
    languageOptions: { globals: { ...globals.serviceworker } },
  },
);
