import { lazy, Suspense } from 'react';
import { AuthGate } from './auth/auth-gate.tsx';
import { ToastProvider } from './components/toasts.tsx';
import { parseRoute, useLocation } from './lib/router.ts';
import { WorkflowListPage } from './workflows-page/workflow-list-page.tsx';

// The editor (React Flow, CodeMirror, JSONata) is loaded only when a workflow is opened.
const EditorPage = lazy(() => import('./editor/editor-page.tsx'));
const ExecutionsPage = lazy(() => import('./executions/executions-page.tsx'));

export function App() {
  const route = parseRoute(useLocation());
  // One element position for both editor routes, so saving a draft (new → :id) keeps the editor mounted.
  const editorProps =
    route.name === 'new'
      ? ({ mode: 'new', title: route.title, id: route.id } as const)
      : route.name === 'editor'
        ? ({ mode: 'edit', workflowId: route.workflowId, executionId: route.executionId } as const)
        : null;
  return (
    <ToastProvider>
      <AuthGate>
        <Suspense fallback={<p className="loading-screen muted">Loading the editor…</p>}>
          {route.name === 'list' && <WorkflowListPage />}
          {route.name === 'executions' && <ExecutionsPage />}
          {editorProps && <EditorPage {...editorProps} />}
          {route.name === 'not-found' && (
            <main className="list-page">
              <h1>Page not found</h1>
              <a href="/">Back to workflows</a>
            </main>
          )}
        </Suspense>
      </AuthGate>
    </ToastProvider>
  );
}
