import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { SessionUser } from '../../platform/auth/sessions.js';
import { caseIdOf, optionalUuidParam, type OpenCase } from '../../platform/case-context.js';
import { registerWithdrawal, standingRecord, withdrawRecord } from '../../platform/corrections/index.js';
import type { Tx } from '../../platform/db/request-tx.js';
import { Conflict, Forbidden, NotFound } from '../../platform/errors.js';
import { formatDateTime } from '../../platform/views/format.js';
import { findSession, listClinicians } from './repository.js';
import {
  ATTENDANCE_TEXT,
  INVESTIGATION_MESSAGE,
  interventionAllowed,
  MODE_TEXT,
  type Attendance,
  type Mode,
} from './rules.js';
import { mayDeliver } from './service.js';

const target = (request: FastifyRequest) => ({
  caseId: caseIdOf(request),
  id: optionalUuidParam(request, 'sessionId') ?? '',
});

/** A session is core (the whole team reads it); only the health team on the case writes it. */
const SESSION = { table: 'intervention_session', compartment: 'core', what: 'session' } as const;

/**
 * The session may be withdrawn by this user: standing, on a case they may see (else NotFound),
 * by the health team on the case (as scheduling and recording it: Forbidden otherwise), and not
 * while the person is under police investigation (row-level security refuses any change then).
 */
async function withdrawable(tx: Tx, user: SessionUser, t: { caseId: string; id: string }): Promise<OpenCase> {
  const h = await standingRecord(tx, user, { ...SESSION, ...t }, 'withdraw a session');
  if (!mayDeliver(user, h.access))
    throw new Forbidden(
      'You cannot withdraw a session',
      'Only the health team on the case records sessions, and withdraws them.',
    );
  if (!interventionAllowed(h.case.investigation_status))
    throw new Conflict('Intervention sessions cannot be changed on this case', INVESTIGATION_MESSAGE);
  return h;
}

/**
 * Withdrawing an intervention session entered in error (issue 11): from the sessions list,
 * through the confirmation page with a reason, or the API. A withdrawn session leaves the list,
 * the case's attendance and staff time, the timeline, the overview, the diary and the evaluation
 * (with its clinicians' staff time and its clinical notes, whose pages stay readable, marked, and
 * take no more changes), the calendar file sends it as cancelled, and it stays listed as withdrawn.
 */
export function registerSessionWithdrawal(app: FastifyInstance): void {
  registerWithdrawal(app, {
    recordPath: '/cases/:id/sessions/:sessionId',
    apiPath: '/api/v1/cases/:id/sessions/:sessionId',
    apiParams: z.object({ id: z.string(), sessionId: z.string() }),
    tag: 'sessions',
    what: SESSION.what,
    recordType: SESSION.table,
    caseTab: 'sessions',
    consequence:
      'It will no longer count as a session: it leaves the sessions, the case’s attendance and staff time, the timeline, the diary and the evaluation, with its clinicians’ staff time and its clinical notes (their pages stay, marked, and take no more corrections). The clinicians’ calendar file sends it as cancelled. It stays listed as withdrawn, with your reason.',
    target,
    confirm: async (tx, user, t) => {
      const h = await withdrawable(tx, user, t);
      const s = await findSession(tx, t.caseId, t.id);
      if (!s) throw new NotFound();
      const clinicians = (await listClinicians(tx, t.caseId)).filter((c) => c.session_id === s.id);
      return {
        h,
        summary: [
          { key: { text: 'When' }, value: { text: formatDateTime(s.starts_at) } },
          {
            key: { text: 'Where' },
            value: { text: `${MODE_TEXT[s.mode as Mode]}${s.place ? `, ${s.place}` : ''}` },
          },
          {
            key: { text: 'Attendance' },
            value: { text: s.attendance ? ATTENDANCE_TEXT[s.attendance as Attendance] : 'Not recorded yet' },
          },
          { key: { text: 'Clinicians' }, value: { text: clinicians.map((c) => c.display_name).join(', ') } },
        ],
      };
    },
    withdraw: async (tx, user, actor, t, reason, channel) => {
      await withdrawable(tx, user, t);
      await withdrawRecord(tx, user, actor, { ...SESSION, ...t }, reason, channel);
    },
    back: (t) => `/cases/${t.caseId}/sessions`,
    done: (t) => `/cases/${t.caseId}/sessions`,
  });
}
