import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadAuditKeys } from '../platform/audit/mac.js';
import { importDefinition, listCurrentInstruments } from '../modules/instruments/service.js';
import { CliError, configFromEnv, displayPath, err, EXIT, out, UsageError, withDatabase } from './shared.js';

const MAX_FILE_BYTES = 1024 * 1024;

/** `recolo instruments import <file.json>` and `recolo instruments list`. */
export async function instrumentsCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'import') return importCommand(rest);
  if (sub === 'list') return listCommand(rest);
  throw new UsageError(
    sub
      ? `Unknown instruments command "${sub}": use "instruments import <file.json>" or "instruments list"`
      : 'instruments needs "import <file.json>" or "list"',
  );
}

function readDefinition(file: string): unknown {
  const full = path.resolve(file);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(full);
  } catch {
    throw new CliError(`There is no file ${displayPath(full)}`);
  }
  if (!stat.isFile()) throw new CliError(`${displayPath(full)} is not a file`);
  if (stat.size > MAX_FILE_BYTES) throw new CliError(`${displayPath(full)} is larger than 1 MB`);
  try {
    return JSON.parse(fs.readFileSync(full, 'utf8').replace(/^\uFEFF/, '')) as unknown;
  } catch (error) {
    throw new CliError(`${displayPath(full)} is not valid JSON: ${(error as Error).message}`);
  }
}

async function importCommand(args: string[]): Promise<number> {
  const { positionals } = parseArgs({ args, options: {}, allowPositionals: true, strict: true });
  if (positionals.length !== 1) throw new UsageError('instruments import needs exactly one JSON file');
  const file = positionals[0]!;
  const json = readDefinition(file);
  const config = configFromEnv();
  return withDatabase(config, async (db) => {
    // the owner connection: an operator at the command line, as for create-user and demo
    const outcome = await db.owner.transaction().execute((tx) =>
      importDefinition(
        tx,
        {
          userId: null,
          requestId: `cli-${randomUUID()}`,
          credential: null,
          audit: loadAuditKeys(process.env, config.dataDir).keys,
        },
        json,
        { via: 'cli' },
      ),
    );
    if (!outcome.ok) {
      err(`The definition in ${displayPath(path.resolve(file))} was not imported:`);
      for (const problem of outcome.problems) err(`  - ${problem}`);
      return EXIT.failed;
    }
    out(`Published ${outcome.code} version ${outcome.version} (${outcome.tier}).`);
    if (outcome.superseded.length)
      out(`It supersedes the previous version; assessments made with that keep it.`);
    return EXIT.ok;
  });
}

async function listCommand(args: string[]): Promise<number> {
  parseArgs({ args, options: {}, strict: true });
  const config = configFromEnv();
  return withDatabase(config, async (db) => {
    const current = await db.owner.transaction().execute((tx) => listCurrentInstruments(tx));
    if (!current.length) {
      out('No instruments are published yet. "recolo instruments import <file.json>" publishes one.');
      return EXIT.ok;
    }
    const codeWidth = Math.max(4, ...current.map((c) => c.code.length));
    out(`  ${'Code'.padEnd(codeWidth)}  Version  Tier       Published   Name`);
    for (const c of current) {
      out(
        `  ${c.code.padEnd(codeWidth)}  ${String(c.version).padStart(7)}  ${c.tier.padEnd(9)}  ${c.publishedAt
          .toISOString()
          .slice(0, 10)}  ${c.name}${c.isTemplate ? '  (template: replace with your licensed wording)' : ''}`,
      );
    }
    return EXIT.ok;
  });
}
