// Type-aware lint (typescript-eslint) for the server (src/), its tests and the dashboard (web/src).
// Kept: the rules that catch what tsc does not (floating and misused promises, awaiting non-promises,
// unsafe `any` flowing into typed server code, unused code, rejections that are not Errors).
// Off, with the reason:
// - unbound-method: our interfaces are plain objects of arrow functions (clock.now, logger.info), safe to pass.
// - require-await: async is kept on functions that implement an async interface without awaiting yet.
// - no-control-regex: stripping control characters from what a server or a person sent is deliberate, and common here.
// - no-base-to-string: every String(x) left in the code stands after a typeof guard, for unknown driver values.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'bench/**', 'data/**', '**/*.d.ts', '**/*.mjs', '**/*.cjs', '*.config.ts', '*.config.js', 'web/vite.config.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-base-to-string': 'off',
      'no-control-regex': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true }],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      // An AbortSignal's reason and a driver's error are typed any/unknown; they are Errors in practice.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingAny: true, allowThrowingUnknown: true }],
    },
  },
  {
    // Tests read JSON answers as `any` on purpose: the assertion is the type check.
    files: ['test/**', '**/*.test.ts', '**/*.test.tsx'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
    },
  },
);
