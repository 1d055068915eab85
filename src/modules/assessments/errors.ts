import { Conflict, Forbidden, Invalid } from '../../platform/errors.js';
import { type Problem } from './completion.js';

/* The assessments' own domain errors: mapped to HTTP by the platform like any other. */

/** Someone else saved the assessment first: the page keeps what this user typed and says so. */
export class StaleAssessment extends Conflict {
  constructor(readonly currentVersion: number) {
    super(
      'The assessment was changed by someone else',
      'Someone else saved this assessment after you opened the page. What you entered has not been saved: check it against the latest answers and save again.',
    );
  }
}

export class AssessmentLocked extends Conflict {
  constructor() {
    super(
      'The assessment is completed and locked',
      'A completed assessment cannot be changed. Add an addendum to correct or add to it.',
    );
  }
}

/** 422 with every problem that stops completion, for the API. */
export class CompletionRefused extends Invalid {
  constructor(readonly problems: Problem[]) {
    super(
      'The assessment cannot be completed yet',
      problems.map(({ field, message }) => ({ field, message })),
      { detail: 'Correct the problems listed and complete it again.' },
    );
  }
}

/** Police may carry out screening assessments only: the SPJ instruments are the health team's. */
export function refuseInstrument(name: string): never {
  throw new Forbidden(
    `You cannot assess with ${name}`,
    'Structured professional judgement instruments are for the health team. Police may carry out screening assessments only.',
  );
}
