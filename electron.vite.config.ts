import vue from '@vitejs/plugin-vue';
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';

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
          trainer: resolve(__dirname, 'src/core/train/process.ts'),
          mfWorker: resolve(__dirname, 'src/core/train/mfWorker.ts'),
          word2vecWorker: resolve(__dirname, 'src/core/train/word2vecWorker.ts'),
          implicitWorker: resolve(__dirname, 'src/core/train/implicitWorker.ts'),
          mfAlsWorker: resolve(__dirname, 'src/core/train/mfAlsWorker.ts'),
          ialsWorker: resolve(__dirname, 'src/core/train/ialsWorker.ts'),
          projectWorker: resolve(__dirname, 'src/core/explore/projectWorker.ts'),
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
