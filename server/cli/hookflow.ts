#!/usr/bin/env node
// The `hookflow` command line: validate, import, export, run and sync workflow files, and
// migrate an instance from SQLite to PostgreSQL.
// `npm run hookflow -- <command>`; server commands use --url / HOOKFLOW_URL and HOOKFLOW_API_KEY.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadCliConfig } from '../config.ts';
import { CliError, createApiClient } from './api-client.ts';
import { processIo } from './commands/io.ts';

const USAGE = `usage: hookflow <command> [options]

  validate [files or dirs...]        check workflow files (default: workflows/); exit 1 on errors
  import <files or dirs...>          create or update those workflows on the server
  export --all | <id>... [--out dir] write workflows from the server as files (default dir: workflows/)
  run <file> [--input payload.json] [--json]
                                     execute a workflow locally and print every step
  sync <dir> [--dry-run]             make the server match the folder (create, update, deactivate)
  migrate --from sqlite://<file> --to postgres://<url> [--dry-run]
                                     copy workflows (same trigger URLs), versions, credentials,
                                     users and API keys from the embedded store into PostgreSQL

server options: --url <base URL> (or HOOKFLOW_URL, default http://localhost:3000);
                the API key comes from HOOKFLOW_API_KEY`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      url: { type: 'string' },
      all: { type: 'boolean', default: false },
      out: { type: 'string', default: 'workflows' },
      input: { type: 'string' },
      json: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      timeout: { type: 'string', default: '300000' },
      from: { type: 'string' },
      to: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, ...args] = positionals;
  if (values.help || !command) {
    processIo.out(USAGE);
    return command || values.help ? 0 : 2;
  }
  // Commands load on demand: `validate` should not pay for the server runtime `run` needs.
  const cli = loadCliConfig();
  const api = () => createApiClient((values.url ?? cli.url).replace(/\/+$/, ''), cli.apiKey);
  switch (command) {
    case 'validate':
      return (await import('./commands/validate.ts')).validateCommand(args, processIo);
    case 'import':
      if (args.length === 0) throw new CliError('name files or directories to import', 2);
      return (await import('./commands/import.ts')).importCommand(api(), args, processIo);
    case 'export':
      return (await import('./commands/export.ts')).exportCommand(
        api(),
        { ids: args, all: values.all, out: values.out },
        processIo,
      );
    case 'sync':
      if (args.length !== 1) throw new CliError('name one directory to sync', 2);
      return (await import('./commands/sync.ts')).syncCommand(api(), args[0], values['dry-run'], processIo);
    case 'migrate':
      if (args.length !== 0) throw new CliError('migrate takes --from and --to, no other arguments', 2);
      return (await import('./commands/migrate.ts')).migrateCommand(
        { from: values.from, to: values.to, dryRun: values['dry-run'] },
        processIo,
      );
    case 'run': {
      if (args.length !== 1) throw new CliError('name one workflow file to run', 2);
      const dir = mkdtempSync(path.join(tmpdir(), 'hookflow-run-'));
      try {
        const { runCommand } = await import('./commands/run.ts');
        return await runCommand(
          {
            file: args[0],
            input: values.input ?? null,
            json: values.json,
            timeoutMs: Number(values.timeout),
            tempDir: dir,
          },
          processIo,
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    default:
      throw new CliError(`unknown command "${command}"\n\n${USAGE}`, 2);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    if (err instanceof CliError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      processIo.err(`hookflow: ${(err as Error).message}`);
      process.exitCode = err instanceof CliError ? err.exitCode : 2;
      return;
    }
    processIo.err(`hookflow: ${(err as Error).stack ?? err}`);
    process.exitCode = 1;
  },
);
