import { lazy, Suspense } from 'react';
import { AuthGate } from './auth/auth-gate.tsx';
import { ToastProvider } from './components/toasts.tsx';
import { parseRoute, useLocation } from './lib/router.ts';
import { AppNav } from './shell/app-nav.tsx';
import { WorkflowListPage } from './workflows-page/workflow-list-page.tsx';

// The editor (React Flow, CodeMirror, JSONata) is loaded only when a workflow is opened;
// the management screens only when visited, so the first load stays small.
const EditorPage = lazy(() => import('./editor/editor-page.tsx'));
const ExecutionsPage = lazy(() => import('./executions/executions-page.tsx'));
const CredentialsPage = lazy(() => import('./credentials-page/credentials-page.tsx'));
const UsersPage = lazy(() => import('./users-page/users-page.tsx'));
const AccountPage = lazy(() => import('./users-page/account-page.tsx'));
const TemplatesPage = lazy(() => import('./templates-page/templates-page.tsx'));

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
          {route.name !== 'editor' && route.name !== 'new' && route.name !== 'not-found' && (
            <AppNav current={route.name} />
          )}
          {route.name === 'list' && <WorkflowListPage />}
          {route.name === 'executions' && <ExecutionsPage />}
          {route.name === 'credentials' && <CredentialsPage />}
          {route.name === 'users' && <UsersPage />}
          {route.name === 'account' && <AccountPage />}
          {route.name === 'templates' && <TemplatesPage />}
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
