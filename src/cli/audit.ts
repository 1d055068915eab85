import { parseArgs } from 'node:util';
import { sealAuditEvents } from '../platform/audit/seal.js';
import { verifyAuditChain, type VerifyProblem } from '../platform/audit/verify.js';
import { configFromEnv, EXIT, out, UsageError, withDatabase } from './shared.js';

/** `recolo audit seal|verify`. */
export async function auditCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  parseArgs({ args: rest, options: {}, strict: true });
  if (sub === 'seal') return seal();
  if (sub === 'verify') return verify();
  throw new UsageError(
    sub
      ? `Unknown audit command "${sub}": use "audit seal" or "audit verify"`
      : 'audit needs "seal" or "verify"',
  );
}

async function seal(): Promise<number> {
  const config = configFromEnv();
  return withDatabase(config, async (db) => {
    let total = 0;
    let seals = 0;
    let head: string | null = null;
    // each call seals at most one batch; keep going until nothing finished is left unsealed
    for (;;) {
      const result = await sealAuditEvents(db.ownerPool, config.auditHeadFile);
      if (result.sealed === 0) {
        head ??= result.headHash;
        break;
      }
      total += result.sealed;
      seals += 1;
      head = result.headHash;
      out(`Sealed ${result.sealed} event(s) in seal ${result.sealId}`);
    }
    if (total === 0) out('Nothing to seal: every finished audit event is already sealed.');
    else out(`Sealed ${total} event(s) in ${seals} seal(s). Chain head recorded in ${config.auditHeadFile}`);
    if (head) out(`Chain head: ${head}`);
    return EXIT.ok;
  });
}

async function verify(): Promise<number> {
  const config = configFromEnv();
  return withDatabase(config, async (db) => {
    out(`Verifying the audit chain against the heads recorded in ${config.auditHeadFile}`);
    const report = await verifyAuditChain(db.ownerPool, config.auditHeadFile, (checked, total) => {
      // called once per page of 5,000 events
      out(`Checked ${checked} of ${total} events`);
    });
    if (report.checked === 0) out('No events are sealed yet.');
    if (report.ok) {
      out(`The audit chain is intact: ${report.checked} event(s) in ${report.seals} seal(s) checked.`);
      return EXIT.ok;
    }
    out();
    out(`The audit chain is NOT intact: ${report.problems.length} problem(s) found.`);
    for (const problem of report.problems) out(`  - ${problem.message}`);
    out();
    out(`First problem: ${describe(report.problems[0]!)}`);
    return EXIT.failed;
  });
}

function describe(problem: VerifyProblem): string {
  if (
    problem.eventId &&
    (problem.kind === 'altered' || problem.kind === 'deleted' || problem.kind === 'inserted')
  ) {
    const how = problem.kind === 'inserted' ? 'inserted into the sealed past' : problem.kind;
    return `audit event ${problem.eventId} was ${how}`;
  }
  return problem.message;
}
