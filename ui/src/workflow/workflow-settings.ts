import type { AlertChannel, AlertSettings, WorkflowDocument } from '../../../server/workflow/types.ts';

// The workflow document's `settings`, edited as a whole: pure helpers that keep the document
// free of empty keys and report what the schema would reject, by the same JSON pointers the
// server's validation uses so both land next to the same control.

export type WorkflowSettings = NonNullable<WorkflowDocument['settings']>;

/** Same pattern as `$defs/duration` in workflows/workflow.schema.json. */
const DURATION = /^\d+(\.\d+)?\s*(ms|s|m|h|d)$/;
const EMAIL = /^[^\s@]+@[^\s@]+$/;

export function isDuration(text: string): boolean {
  return DURATION.test(text);
}

/** Replaces the settings; empty values and an empty settings object are dropped. */
export function setSettings(doc: WorkflowDocument, settings: WorkflowSettings): WorkflowDocument {
  const clean = Object.fromEntries(
    Object.entries(settings).filter(([, value]) => value !== undefined && value !== ''),
  ) as WorkflowSettings;
  const { settings: _previous, ...rest } = doc;
  return Object.keys(clean).length === 0 ? rest : { ...rest, settings: clean };
}

/** Alerts without channels are not valid, so removing the last channel removes alerts. */
export function withAlerts(settings: WorkflowSettings, alerts: AlertSettings): WorkflowSettings {
  return { ...settings, alerts: alerts.channels.length === 0 ? undefined : alerts };
}

export function newChannel(type: AlertChannel['type']): AlertChannel {
  return type === 'webhook' ? { type, url: '' } : { type, to: [], credential: '' };
}

/** Problems by JSON pointer (`/settings/...`), as the schema would report them. */
export function settingsProblems(settings: WorkflowSettings | undefined): Record<string, string> {
  const problems: Record<string, string> = {};
  if (!settings) return problems;
  const { maxConcurrency, timeout, alerts } = settings;
  if (maxConcurrency !== undefined && !(Number.isInteger(maxConcurrency) && maxConcurrency >= 1))
    problems['/settings/maxConcurrency'] = 'Must be a whole number of at least 1.';
  if (timeout !== undefined && !isDuration(timeout))
    problems['/settings/timeout'] = 'Must be a duration such as 500ms, 30s, 5m, 2h or 1d.';
  if (!alerts) return problems;
  if (alerts.dedupeWindow !== undefined && !isDuration(alerts.dedupeWindow))
    problems['/settings/alerts/dedupeWindow'] = 'Must be a duration such as 15m or 1h.';
  if (alerts.channels.length > 10) problems['/settings/alerts/channels'] = 'At most 10 channels.';
  for (const [index, channel] of alerts.channels.entries()) {
    const at = `/settings/alerts/channels/${index}`;
    switch (channel.type) {
      case 'webhook':
        if (!/^https?:\/\/\S+$/.test(channel.url)) problems[`${at}/url`] = 'Must be an http(s) URL.';
        break;
      case 'email': {
        if (channel.to.length === 0) problems[`${at}/to`] = 'At least one recipient.';
        const bad = channel.to.find((address) => !EMAIL.test(address));
        if (bad !== undefined) problems[`${at}/to`] = `"${bad}" is not an email address.`;
        if (!channel.credential) problems[`${at}/credential`] = 'Choose the SMTP credential to send with.';
        if (channel.from !== undefined && channel.from.length < 3) problems[`${at}/from`] = 'Too short.';
        break;
      }
      default: {
        // An imported document may carry a type this editor does not know; say so instead of crashing.
        const unexpected: never = channel;
        problems[`${at}/type`] = `Unknown channel type ${JSON.stringify((unexpected as { type: unknown }).type)}.`;
      }
    }
  }
  return problems;
}
