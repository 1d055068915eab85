import { describe, expect, it } from 'vitest';
import { JOBS, MANIFESTS } from '../../src/app/modules.js';
import { checkJobs, crontabOf, PLATFORM_JOBS, type JobDefinition } from '../../src/platform/jobs/index.js';
import type { Config } from '../../src/platform/config.js';

const noop = async () => undefined;

describe('the background job list', () => {
  it('is the platform jobs and every manifest job, each once', () => {
    const fromManifests = MANIFESTS.flatMap((m) => m.jobs ?? []);
    expect(JOBS.map((j) => j.name)).toEqual([...PLATFORM_JOBS, ...fromManifests].map((j) => j.name));
    expect(() => checkJobs(JOBS)).not.toThrow();
  });

  it('keeps the audit seal every minute (and at start) and the session purge every 15 minutes', () => {
    expect(crontabOf(JOBS).split('\n')).toEqual(
      expect.arrayContaining(['* * * * * seal_audit', '*/15 * * * * purge_sessions']),
    );
    const seal = JOBS.find((j) => j.name === 'seal_audit')!;
    expect(seal.atStart).toBe(true);
    expect(seal.everySeconds?.({ auditSealSeconds: 5 } as Config)).toBe(5);
  });

  it('leaves a job without cron out of the crontab', () => {
    const jobs: JobDefinition[] = [
      { name: 'a_job', cron: '0 3 * * *', run: noop },
      { name: 'queued_only', run: noop },
    ];
    expect(crontabOf(jobs)).toBe('0 3 * * * a_job');
  });

  it('refuses two jobs of one name, a name that is no task name, and a cron without five fields', () => {
    expect(() =>
      checkJobs([
        { name: 'x', run: noop },
        { name: 'x', run: noop },
      ]),
    ).toThrow(/two jobs/);
    expect(() => checkJobs([{ name: 'Seal audit', run: noop }])).toThrow(/not a task name/);
    expect(() => checkJobs([{ name: 'x', cron: '* * *', run: noop }])).toThrow(/five time fields/);
  });
});
