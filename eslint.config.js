// Lint rules: typescript-eslint's recommended set, run on sources, tests and benchmarks, plus the
// dependency direction of the layers (ESLint's built-in no-restricted-imports, per folder).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const IO_MODULES = ['fs', 'fs/promises', 'child_process', 'net', 'http', 'https', 'dgram', 'tls'].flatMap((m) => [m, `node:${m}`]);

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'var/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // core is pure: it imports only itself and pure libraries, never a shell of ours or I/O.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: IO_MODULES.map((name) => ({ name, message: 'src/core is pure: do I/O in an adapter and pass the result in.' })),
          patterns: [
            {
              group: ['**/adapters/**', '**/controllers/**', '**/config/**', '**/runtime/**', '**/http/**', '**/sources/**', '**/lab/**', '**/cli/**', '**/observability/**', '**/log.js', '**/daemon*.js', '**/cli.js', '**/main.js'],
              message: 'src/core imports nothing of ours outside src/core (dependencies point inward).',
            },
          ],
        },
      ],
    },
  },
  {
    // Adapters translate outside systems for the controllers; they never call back into them.
    files: ['src/adapters/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/controllers/**'], message: 'adapters never import controllers.' }] }],
    },
  },
);
