// The workflow document: the shape of `workflows/*.json` and of the API's `document` field.
// `workflows/workflow.schema.json` is the authority; these types mirror it for the code.

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';

export type HmacPreset = 'github' | 'stripe' | 'shopify' | 'slack' | 'standard-webhooks' | 'generic';

/** Options of the `generic` HMAC preset: for senders that sign their own way. */
export type GenericHmacOptions = {
  /** Request header carrying the signature. */
  header: string;
  algorithm?: 'sha1' | 'sha256' | 'sha512';
  encoding?: 'hex' | 'base64';
  /** Text before the signature in the header, e.g. `sha256=`. */
  prefix?: string;
  /** Request header carrying the signing time (seconds or milliseconds since the epoch). */
  timestampHeader?: string;
  /** What is signed: `{body}`, `{timestamp}` and `{header:<name>}` are substituted. Default `{body}`. */
  template?: string;
};

export type TriggerAuth =
  | { type: 'none' }
  | { type: 'header'; header: string; credential: string; prefix?: string }
  | { type: 'basic'; credential: string }
  | { type: 'ip'; allow: string[] }
  | ({
      type: 'hmac';
      preset: HmacPreset;
      credential: string;
      /** Replay window for presets with a signed timestamp. Default 5m. */
      tolerance?: string;
    } & Partial<GenericHmacOptions>);

export type TriggerResponse =
  | { mode: 'async' }
  | { mode: 'sync'; timeout?: string }
  /** `body` and header values may be `=` JSONata over `{ trigger }` (e.g. Slack's challenge echo). */
  | { mode: 'static'; status?: number; body?: unknown; headers?: Record<string, string> };

/** A dedupe key from a header or a JSONata expression (`=`…) over `{ trigger }`; exactly one of the two. */
export type TriggerDedupe = {
  key?: string;
  header?: string;
  /** false: no dedupe, not even on the auth preset's delivery id (which is on by default). */
  enabled?: boolean;
  /** How long a key blocks duplicates. Default 24h. */
  window?: string;
};

/** Token bucket per trigger: `requests` per `per`, bursts up to `burst` (default `requests`). */
export type TriggerRateLimit = { requests: number; per: 'second' | 'minute' | 'hour'; burst?: number };

export type TriggerSpec = {
  type: 'webhook';
  methods?: HttpMethod[];
  auth?: TriggerAuth;
  schema?: Record<string, unknown>;
  dedupe?: TriggerDedupe;
  rateLimit?: TriggerRateLimit;
  response?: TriggerResponse;
  rawBody?: boolean;
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
  /** Labels for finding the workflow in the editor's list; editor-only. */
  tags?: string[];
  active?: boolean;
  trigger: TriggerSpec;
  steps: StepSpec[];
  edges: EdgeSpec[];
  layout?: Record<string, { x: number; y: number }>;
  /** Sticky notes on the canvas; editor-only, like `layout`. */
  notes?: StickyNote[];
  settings?: {
    onError?: string;
    maxConcurrency?: number;
    timeout?: string;
    alerts?: AlertSettings;
    [setting: string]: unknown;
  };
};

/** A note on the canvas; `width`/`height` default to 220×140. */
export type StickyNote = { id: string; text: string; x: number; y: number; width?: number; height?: number };

export type AlertChannel =
  /** `credential`: an hmac credential (whsec_ secret) to sign with, Standard Webhooks style. */
  | { type: 'webhook'; url: string; credential?: string }
  /** `credential`: an smtp credential. */
  | { type: 'email'; to: string[]; credential: string; from?: string };

/** Notify when an execution fails, at most once per workflow + failed step + error code per window. */
export type AlertSettings = {
  channels: AlertChannel[];
  /** Default 15m. */
  dedupeWindow?: string;
  /** Add the trigger's body and query to the alert. Default false. */
  includeInput?: boolean;
};

/** The trigger node is addressed as `trigger` in edges and expressions. */
export const TRIGGER_ID = 'trigger';
