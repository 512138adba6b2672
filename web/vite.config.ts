import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

const outDir = 'dist';

// The Go binary embeds web/dist, and git tracks dist/.gitkeep so that the embed
// directive compiles before the first frontend build. Vite's emptyOutDir would
// delete that file, so we empty the directory ourselves and keep it.
function cleanOutDirKeepingGitkeep(): Plugin {
  return {
    name: 'opsmanager:clean-outdir',
    apply: 'build',
    buildStart() {
      let entries: string[] = [];
      try {
        entries = readdirSync(outDir);
      } catch {
        return; // nothing to clean yet
      }
      for (const entry of entries) {
        if (entry !== '.gitkeep') rmSync(join(outDir, entry), { recursive: true, force: true });
      }
    },
  };
}

// The Go API (and /readyz, /healthz) listens on 8080 during development.
const apiTarget = 'http://127.0.0.1:8080';

export default defineConfig({
  base: '/',
  plugins: [react(), tailwindcss(), cleanOutDirKeepingGitkeep()],
  server: {
    port: 5173,
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
      '/readyz': { target: apiTarget },
      '/healthz': { target: apiTarget },
    },
  },
  build: {
    outDir,
    emptyOutDir: false,
    target: 'es2022',
    sourcemap: false,
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    css: false,
    restoreMocks: true,
  },
});
