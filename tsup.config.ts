import { defineConfig } from 'tsup';

// One entry per public subpath; the CLI is an extra ESM-only entry with a shebang.
const modules = ['envelope', 'classifier', 'trust', 'gate', 'redact', 'audit', 'agent', 'transports'];

export default defineConfig([
  {
    entry: {
      index: 'src/index.ts',
      ...Object.fromEntries(modules.map((m) => [`${m}/index`, `src/${m}/index.ts`])),
    },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    splitting: true,
    treeshake: true,
    target: 'node20',
    platform: 'node',
    shims: true,
  },
  {
    entry: { 'cli/main': 'src/cli/main.ts' },
    format: ['esm'],
    dts: false,
    sourcemap: true,
    clean: false,
    target: 'node20',
    platform: 'node',
    banner: { js: '#!/usr/bin/env node' },
  },
]);
