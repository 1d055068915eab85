import { parseArgs } from 'node:util';
import { loadAuditKeys } from '../platform/audit/mac.js';
import { sealAllAuditEvents } from '../platform/audit/seal.js';
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
    // batch after batch until nothing finished is left unsealed
    const result = await sealAllAuditEvents(db.ownerPool, config.auditHeadFile, (batch) =>
      out(`Sealed ${batch.sealed} event(s) in seal ${batch.sealId}`),
    );
    if (result.sealed === 0) out('Nothing to seal: every finished audit event is already sealed.');
    else
      out(
        `Sealed ${result.sealed} event(s) in ${result.seals} seal(s). Chain head recorded in ${config.auditHeadFile}`,
      );
    if (result.headHash) out(`Chain head: ${result.headHash}`);
    return EXIT.ok;
  });
}

async function verify(): Promise<number> {
  const config = configFromEnv();
  return withDatabase(config, async (db) => {
    out(`Verifying the audit chain against the heads recorded in ${config.auditHeadFile}`);
    const report = await verifyAuditChain(db.ownerPool, config.auditHeadFile, {
      keys: loadAuditKeys(process.env, config.dataDir).keys,
      // called once per page of 5,000 events
      onProgress: (checked, total) => out(`Checked ${checked} of ${total} sealed events`),
    });
    if (report.macRequiredFrom > 1)
      out(
        `Events before ${report.macRequiredFrom} were written before audit MACs existed: only the chain vouches for them.`,
      );
    out(`Checked the MAC of ${report.authenticated} event(s).`);
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
  return problem.message.replace(/^Audit event/, 'audit event');
}
