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
        // The editor route alone is ~690 kB minified. CodeMirror (about half of it, pure ES
        // modules) goes in a chunk of its own, loaded in parallel and cached across releases,
        // which keeps each chunk under Vite's 600 kB warning on every `npm start` build.
        // Only its own packages: taking their dependencies along would pull shared modules
        // (React) into it and onto the first load. React Flow stays with the editor: split
        // out the same way, its CommonJS dependencies ran before they were defined.
        codeSplitting: {
          includeDependenciesRecursively: false,
          groups: [
            { name: 'codemirror', test: /node_modules[\\/](@codemirror|@lezer|style-mod|w3c-keyname|crelt)[\\/]/ },
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
