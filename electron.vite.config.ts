import vue from '@vitejs/plugin-vue';
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { NODE_ENTRIES } from './scripts/nodeEntries';

/**
 * Dev server only: Vite injects CSS as <style> elements, which the page's CSP forbids (the build has none, so
 * the built app keeps `style-src 'self'`).
 */
const devInlineStyles = {
  name: 'dev-inline-styles',
  apply: 'serve' as const,
  transformIndexHtml: (html: string) => html.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"),
};

export default defineConfig({
  main: {
    build: {
      externalizeDeps: true,
      rollupOptions: {
        // The training process and its worker threads are entries of their own: they run outside main.
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          ...Object.fromEntries(Object.entries(NODE_ENTRIES).map(([name, path]) => [name, resolve(__dirname, path)])),
        },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload cannot be an ES module.
      rollupOptions: { output: { format: 'cjs', entryFileNames: '[name].cjs' } },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    // ECharts is one lazy chunk of ~500 kB; that is expected, not a mistake.
    build: { chunkSizeWarningLimit: 1500, rollupOptions: { input: resolve(__dirname, 'src/renderer/index.html') } },
    plugins: [vue(), devInlineStyles],
  },
});
