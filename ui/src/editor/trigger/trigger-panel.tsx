import { NodeIcon } from '../canvas/node-icon.tsx';
import { useEditor } from '../editor-context.tsx';
import { SamplePanel } from './sample-panel.tsx';
import { TriggerAuth } from './trigger-auth.tsx';
import { TriggerOptions } from './trigger-options.tsx';
import { TriggerUrls } from './trigger-urls.tsx';

export function TriggerPanel() {
  const { problems } = useEditor();
  const own = problems.filter((problem) => problem.nodeId === 'trigger');
  return (
    <div className="trigger-panel" data-testid="trigger-panel">
      <header className="panel-header">
        <NodeIcon type="webhook" category="trigger" />
        <div>
          <h2>Webhook trigger</h2>
          <p className="muted small">Paste the URL into the other product's webhook settings.</p>
        </div>
      </header>
      {own.length > 0 && (
        <ul className="panel-problems">
          {own.map((problem) => (
            <li key={problem.message} className={`problem-${problem.severity}`}>
              {problem.message}
            </li>
          ))}
        </ul>
      )}
      <TriggerUrls />
      <SamplePanel />
      <TriggerAuth />
      <TriggerOptions />
    </div>
  );
}
