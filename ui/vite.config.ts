import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The API server serves `ui/dist` at `/`; during development Vite serves the editor and
// forwards the API and trigger URLs to a server started separately on port 3000.
const apiTarget = process.env.HOOKFLOW_API ?? 'http://localhost:3000';

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // No source maps in the production bundle: the server would hand the editor's sources
    // to anyone (static-ui.ts also refuses *.map). `npm run dev` has its own maps.
    sourcemap: false,
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      output: {
        // The editor route alone is ~690 kB minified. Its big libraries go in chunks of their own
        // (loaded in parallel, cached across releases that change only our code), which also
        // keeps each chunk under Vite's 600 kB warning on every `npm start` build.
        codeSplitting: {
          // Only the named packages: pulling in their dependencies (React) would move those
          // into these chunks and onto the first load.
          includeDependenciesRecursively: false,
          groups: [
            { name: 'codemirror', test: /node_modules[\\/](@codemirror|@lezer|style-mod|w3c-keyname|crelt)[\\/]/ },
            { name: 'xyflow', test: /node_modules[\\/](@xyflow|d3-[a-z-]+|zustand|classcat)[\\/]/ },
            { name: 'jsonata', test: /node_modules[\\/]jsonata[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': apiTarget,
      '/hooks': apiTarget,
    },
  },
});
