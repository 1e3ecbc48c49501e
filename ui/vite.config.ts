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
  },
  server: {
    port: 5173,
    proxy: {
      '/api': apiTarget,
      '/hooks': apiTarget,
    },
  },
});
