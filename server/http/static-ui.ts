// Serves the built editor at `/` with a single-page-app fallback. When the UI has not been
// built, `/` says how to build it instead of a bare 404.
import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Router } from 'express';

export function staticUi(uiDir: string): Router {
  const router = express.Router();
  const index = path.join(uiDir, 'index.html');
  // Source maps would hand out the editor's sources; the build makes none, and one left in
  // UI_DIR by a development build is still not served.
  router.use((req, res, next) => {
    if (!req.path.toLowerCase().endsWith('.map')) return next();
    res.status(404).json({ error: { code: 'not_found', message: 'source maps are not served' } });
  });
  router.use(express.static(uiDir, { index: false, maxAge: '1h', immutable: false }));
  router.get(/^\/(?!api\/|hooks\/|healthz|readyz|metrics).*/, (_req, res) => {
    if (existsSync(index)) {
      res.set('cache-control', 'no-cache').sendFile(index);
      return;
    }
    res
      .status(503)
      .type('text/plain')
      .send('The Hookflow editor is not built yet. Run `npm run build:ui` (npm start does this for you).\n');
  });
  return router;
}
