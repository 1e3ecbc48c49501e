// PostgreSQL schema migrations by name, applied in array order inside one transaction that
// holds an advisory lock (see connect.ts): processes starting together migrate exactly once.
// Append only, never edit a released one. Times are epoch ms (BIGINT, parsed to numbers);
// JSON is kept as TEXT so documents keep their key order (people read exports) and the
// database never parses payloads it only stores. Text that is sorted uses COLLATE "C" so
// order is byte order, as in SQLite (ULIDs sort by time).
export type Migration = { name: string; sql: string };

export const PG_MIGRATIONS: Migration[] = [
  {
    // Everything SQLite reached by its 031-access-management, in one step.
    name: '001-core',
    sql: `
  CREATE TABLE workflows (
    id TEXT COLLATE "C" PRIMARY KEY,
    name TEXT COLLATE "C" NOT NULL,
    active BOOLEAN NOT NULL,
    version INTEGER NOT NULL,
    document TEXT NOT NULL,
    token TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
  );
  CREATE TABLE workflow_versions (
    workflow_id TEXT COLLATE "C" NOT NULL,
    version INTEGER NOT NULL,
    document TEXT NOT NULL,
    source TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (workflow_id, version)
  );
  CREATE TABLE executions (
    id TEXT COLLATE "C" PRIMARY KEY,
    workflow_id TEXT COLLATE "C" NOT NULL,
    workflow_version INTEGER NOT NULL,
    status TEXT NOT NULL,
    trigger TEXT NOT NULL,
    error TEXT,
    result TEXT,
    created_at BIGINT NOT NULL,
    started_at BIGINT,
    finished_at BIGINT,
    run_at BIGINT,
    lease_owner TEXT,
    lease_until BIGINT,
    claims INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX executions_by_workflow ON executions (workflow_id, id);
  CREATE INDEX executions_by_status ON executions (status, id);
  CREATE INDEX executions_by_created ON executions (created_at);
  -- The recovery sweep pages through unfinished executions only (a small slice of the table).
  CREATE INDEX executions_unfinished ON executions (id) WHERE status IN ('queued', 'running', 'waiting');
  CREATE INDEX executions_running_by_workflow ON executions (workflow_id) WHERE status = 'running';
  CREATE TABLE step_records (
    execution_id TEXT COLLATE "C" NOT NULL,
    key TEXT COLLATE "C" NOT NULL,
    step_id TEXT NOT NULL,
    type TEXT NOT NULL,
    status TEXT NOT NULL,
    attempt INTEGER NOT NULL,
    input TEXT,
    output TEXT,
    branches TEXT,
    error TEXT,
    started_at BIGINT NOT NULL,
    finished_at BIGINT,
    PRIMARY KEY (execution_id, key)
  );
  CREATE TABLE dedupe_keys (
    workflow_id TEXT COLLATE "C" NOT NULL,
    key TEXT NOT NULL,
    execution_id TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    PRIMARY KEY (workflow_id, key)
  );
  CREATE INDEX dedupe_by_expiry ON dedupe_keys (expires_at);
  CREATE TABLE trigger_samples (
    workflow_id TEXT COLLATE "C" NOT NULL,
    id TEXT COLLATE "C" NOT NULL,
    received_at BIGINT NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (workflow_id, id)
  );
  CREATE TABLE credentials (
    name TEXT COLLATE "C" PRIMARY KEY,
    type TEXT NOT NULL,
    sealed TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
  );
  CREATE TABLE users (
    id TEXT COLLATE "C" PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    disabled_at BIGINT
  );
  CREATE TABLE sessions (
    token_hash TEXT COLLATE "C" PRIMARY KEY,
    user_id TEXT NOT NULL,
    csrf_token TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
  );
  CREATE INDEX sessions_by_expiry ON sessions (expires_at);
  CREATE INDEX sessions_by_user ON sessions (user_id);
  CREATE TABLE api_keys (
    id TEXT COLLATE "C" PRIMARY KEY,
    name TEXT NOT NULL,
    user_id TEXT NOT NULL,
    role TEXT NOT NULL,
    prefix TEXT NOT NULL,
    key_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at BIGINT,
    admin_key_hash TEXT
  );
  CREATE INDEX api_keys_by_user ON api_keys (user_id);
  CREATE TABLE password_resets (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
  );
  CREATE INDEX password_resets_by_user ON password_resets (user_id);
  CREATE TABLE audit_log (
    id TEXT COLLATE "C" PRIMARY KEY,
    at BIGINT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    resource TEXT NOT NULL,
    resource_id TEXT,
    method TEXT NOT NULL,
    path TEXT NOT NULL,
    status INTEGER NOT NULL
  );
  CREATE INDEX audit_by_resource ON audit_log (resource, resource_id, id);
  CREATE TABLE leases (
    name TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    until BIGINT NOT NULL
  );
  CREATE TABLE alert_slots (
    workflow_id TEXT NOT NULL,
    signature TEXT NOT NULL,
    last_sent_at BIGINT NOT NULL,
    suppressed INTEGER NOT NULL,
    PRIMARY KEY (workflow_id, signature)
  );
  `,
  },
  {
    // Test runs from the editor (with the document they ran), replay links, and the earlier
    // attempts of retried executions (JSON text, bounded by MAX_KEPT_ATTEMPTS).
    name: '040-execution-history',
    sql: `
  ALTER TABLE executions ADD COLUMN test_run BOOLEAN NOT NULL DEFAULT FALSE;
  ALTER TABLE executions ADD COLUMN document TEXT;
  ALTER TABLE executions ADD COLUMN replay_of TEXT;
  ALTER TABLE executions ADD COLUMN attempts TEXT;
  CREATE INDEX executions_by_replay_of ON executions (replay_of) WHERE replay_of IS NOT NULL;
  `,
  },
  {
    // Saved documents with problems (drafts): kept beside the versions, never run.
    name: '041-workflow-drafts',
    sql: `
  CREATE TABLE workflow_drafts (
    workflow_id TEXT PRIMARY KEY,
    document TEXT NOT NULL,
    problems TEXT NOT NULL,
    saved_at BIGINT NOT NULL
  );
  `,
  },
  {
    // Step waits become an explicit field (issue 14); see the SQLite migration of the same name.
    name: '042-step-wait',
    sql: `
  ALTER TABLE step_records ADD COLUMN wait TEXT;
  UPDATE step_records SET
    wait = json_build_object(
      'kind', CASE
        WHEN error IS NOT NULL AND error <> 'null' THEN 'retry'
        WHEN (output::jsonb ->> 'wakeable')::boolean IS TRUE THEN 'call'
        ELSE 'park' END,
      'resumeAt', (output::jsonb -> 'resumeAt'),
      'state', COALESCE(output::jsonb -> 'state', 'null'::jsonb))::text,
    output = 'null'
  WHERE status = 'waiting' AND output IS NOT NULL AND output <> 'null'
    AND jsonb_typeof(output::jsonb -> 'resumeAt') = 'number';
  `,
  },
  {
    // The parent of a `workflow.call` child becomes a field; see the SQLite migration of the same name.
    name: '043-execution-parent',
    sql: `
  ALTER TABLE executions ADD COLUMN parent_execution_id TEXT;
  ALTER TABLE executions ADD COLUMN call_depth INTEGER NOT NULL DEFAULT 0;
  UPDATE executions SET
    parent_execution_id = trigger::jsonb #>> '{caller,executionId}',
    call_depth = COALESCE((trigger::jsonb #>> '{caller,depth}')::int, 1),
    trigger = (trigger::jsonb - 'caller')::text
  WHERE trigger::jsonb #>> '{caller,executionId}' IS NOT NULL;
  `,
  },
];
