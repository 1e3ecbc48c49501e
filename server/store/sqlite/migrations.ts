// Schema migrations by name, applied in array order; `schema_migrations` records which a
// database file has. Append only, never edit a released one. Named (not numbered) so that
// features developed side by side can each add theirs.
export type Migration = { name: string; sql: string };

export const MIGRATIONS: Migration[] = [
  {
    name: '001-core',
    sql: `
  CREATE TABLE workflows (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    active INTEGER NOT NULL,
    version INTEGER NOT NULL,
    document TEXT NOT NULL,
    token TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE TABLE workflow_versions (
    workflow_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    document TEXT NOT NULL,
    source TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (workflow_id, version)
  );
  CREATE TABLE executions (
    id TEXT PRIMARY KEY,
    workflow_id TEXT NOT NULL,
    workflow_version INTEGER NOT NULL,
    status TEXT NOT NULL,
    trigger TEXT NOT NULL,
    error TEXT,
    result TEXT,
    created_at INTEGER NOT NULL,
    started_at INTEGER,
    finished_at INTEGER,
    run_at INTEGER,
    lease_owner TEXT,
    lease_until INTEGER
  );
  CREATE INDEX executions_by_workflow ON executions (workflow_id, id);
  CREATE INDEX executions_by_status ON executions (status, id);
  CREATE TABLE step_records (
    execution_id TEXT NOT NULL,
    key TEXT NOT NULL,
    step_id TEXT NOT NULL,
    type TEXT NOT NULL,
    status TEXT NOT NULL,
    attempt INTEGER NOT NULL,
    input TEXT,
    output TEXT,
    branches TEXT,
    error TEXT,
    started_at INTEGER NOT NULL,
    finished_at INTEGER,
    PRIMARY KEY (execution_id, key)
  ) WITHOUT ROWID;
  CREATE TABLE dedupe_keys (
    workflow_id TEXT NOT NULL,
    key TEXT NOT NULL,
    execution_id TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    PRIMARY KEY (workflow_id, key)
  ) WITHOUT ROWID;
  CREATE INDEX dedupe_by_expiry ON dedupe_keys (expires_at);
  `,
  },
  {
    name: '010-trigger-samples',
    sql: `
  CREATE TABLE trigger_samples (
    workflow_id TEXT NOT NULL,
    id TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (workflow_id, id)
  ) WITHOUT ROWID;
  CREATE INDEX executions_running_by_workflow ON executions (workflow_id) WHERE status = 'running';
  `,
  },
  {
    name: '011-credentials',
    sql: `
  CREATE TABLE credentials (
    name TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    sealed TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  `,
  },
  {
    name: '020-auth',
    sql: `
  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    csrf_token TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX sessions_by_expiry ON sessions (expires_at);
  CREATE TABLE api_keys (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    user_id TEXT NOT NULL,
    role TEXT NOT NULL,
    prefix TEXT NOT NULL,
    key_hash TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    last_used_at INTEGER,
    revoked_at INTEGER
  );
  `,
  },
  {
    name: '021-audit',
    sql: `
  CREATE TABLE audit_log (
    id TEXT PRIMARY KEY,
    at INTEGER NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    resource TEXT NOT NULL,
    resource_id TEXT,
    method TEXT NOT NULL,
    path TEXT NOT NULL,
    status INTEGER NOT NULL
  );
  CREATE INDEX audit_by_resource ON audit_log (resource, resource_id, id);
  `,
  },
  {
    // The age rule of retention scans by creation time.
    name: '022-retention',
    sql: 'CREATE INDEX executions_by_created ON executions (created_at);',
  },
  {
    name: '020-leases',
    sql: `
  CREATE TABLE leases (
    name TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    until INTEGER NOT NULL
  ) WITHOUT ROWID;
  `,
  },
  {
    // Failure alert de-duplication (server/alerts): the last alert and the failures since.
    name: '023-alert-slots',
    sql: `
  CREATE TABLE alert_slots (
    workflow_id TEXT NOT NULL,
    signature TEXT NOT NULL,
    last_sent_at INTEGER NOT NULL,
    suppressed INTEGER NOT NULL,
    PRIMARY KEY (workflow_id, signature)
  ) WITHOUT ROWID;
  `,
  },
  {
    // Consecutive claims of an abandoned lease: an execution that keeps aborting is failed.
    name: '024-execution-claims',
    sql: 'ALTER TABLE executions ADD COLUMN claims INTEGER NOT NULL DEFAULT 0;',
  },
  {
    // Access management: disabled accounts, one-time password reset tokens, and keys minted
    // with ADMIN_API_KEY tied to that admin key (removing or rotating it revokes them).
    name: '031-access-management',
    sql: `
  ALTER TABLE users ADD COLUMN disabled_at INTEGER;
  ALTER TABLE api_keys ADD COLUMN admin_key_hash TEXT;
  CREATE INDEX sessions_by_user ON sessions (user_id);
  CREATE INDEX api_keys_by_user ON api_keys (user_id);
  CREATE TABLE password_resets (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX password_resets_by_user ON password_resets (user_id);
  `,
  },
  {
    // Test runs from the editor (with the document they ran), replay links, and the earlier
    // attempts of retried executions (JSON, bounded by MAX_KEPT_ATTEMPTS).
    name: '040-execution-history',
    sql: `
  ALTER TABLE executions ADD COLUMN test_run INTEGER NOT NULL DEFAULT 0;
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
    saved_at INTEGER NOT NULL
  );
  `,
  },
  {
    // Step waits become an explicit field (issue 14). Before, a waiting step kept
    // {resumeAt, state?, wakeable?} in `output`, and a retry backoff was told from a parked
    // node only by `error` being set. Rows written that way are converted in place.
    name: '042-step-wait',
    sql: `
  ALTER TABLE step_records ADD COLUMN wait TEXT;
  UPDATE step_records SET
    wait = json_object(
      'kind', CASE
        WHEN error IS NOT NULL AND error <> 'null' THEN 'retry'
        WHEN json_extract(output, '$.wakeable') THEN 'call'
        ELSE 'park' END,
      'resumeAt', json_extract(output, '$.resumeAt'),
      'state', output -> '$.state'),
    output = 'null'
  WHERE status = 'waiting' AND json_valid(output) AND json_type(output, '$.resumeAt') IN ('integer', 'real');
  `,
  },
  {
    // The parent of a `workflow.call` child becomes a field (issue 14); it rode inside the
    // trigger input as `caller: {executionId, key, depth}`, which is removed from it.
    name: '043-execution-parent',
    sql: `
  ALTER TABLE executions ADD COLUMN parent_execution_id TEXT;
  ALTER TABLE executions ADD COLUMN call_depth INTEGER NOT NULL DEFAULT 0;
  UPDATE executions SET
    parent_execution_id = json_extract(trigger, '$.caller.executionId'),
    call_depth = COALESCE(json_extract(trigger, '$.caller.depth'), 1),
    trigger = json_remove(trigger, '$.caller')
  WHERE json_valid(trigger) AND json_type(trigger, '$.caller.executionId') = 'text';
  `,
  },
];
