// The workflow document: the shape of `workflows/*.json` and of the API's `document` field.
// `workflows/workflow.schema.json` is the authority; these types mirror it for the code.

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';

export type TriggerAuth =
  | { type: 'none' }
  | { type: 'header'; header: string; credential: string }
  | { type: 'basic'; credential: string }
  | { type: 'ip'; allow: string[] }
  | {
      type: 'hmac';
      preset: 'github' | 'stripe' | 'shopify' | 'slack' | 'standard-webhooks' | 'generic';
      credential: string;
      [option: string]: unknown;
    };

export type TriggerResponse =
  | { mode: 'async' }
  | { mode: 'sync'; timeout?: string }
  | { mode: 'static'; status?: number; body?: unknown; headers?: Record<string, string> };

export type TriggerSpec = {
  type: 'webhook';
  methods?: HttpMethod[];
  auth?: TriggerAuth;
  schema?: Record<string, unknown>;
  dedupe?: { key: string; window?: string };
  response?: TriggerResponse;
  rawBody?: boolean;
  [extension: string]: unknown;
};

export type RetrySpec = {
  attempts: number;
  backoff?: 'fixed' | 'exponential';
  delay?: string;
  maxDelay?: string;
  jitter?: boolean;
};

export type StepSpec = {
  id: string;
  type: string;
  name?: string;
  params?: Record<string, unknown>;
  credential?: string;
  retry?: RetrySpec;
  timeout?: string;
  disabled?: boolean;
};

export type EdgeSpec = { from: string; to: string; branch?: string };

export type WorkflowDocument = {
  $schema?: string;
  id: string;
  name: string;
  description?: string;
  active?: boolean;
  trigger: TriggerSpec;
  steps: StepSpec[];
  edges: EdgeSpec[];
  layout?: Record<string, { x: number; y: number }>;
  settings?: Record<string, unknown>;
};

/** The trigger node is addressed as `trigger` in edges and expressions. */
export const TRIGGER_ID = 'trigger';
