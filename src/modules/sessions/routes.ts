import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../../platform/auth/plugin.js';
import { caseIdOf, uuidParam } from '../../platform/case-context.js';
import { Conflict, type FieldError } from '../../platform/errors.js';
import { dateFromParts } from '../../platform/http/dates.js';
import { attemptForm, fieldErrorsFrom, formErrors, formFields } from '../../platform/http/forms.js';
import { actorOf } from '../../platform/http/actor.js';
import { formatDateTime } from '../../platform/views/format.js';
import { calendar } from './ics.js';
import {
  ATTENDANCE,
  ATTENDANCE_TEXT,
  COMPONENT_TEXT,
  INVESTIGATION_MESSAGE,
  MODE_TEXT,
  tookPlace,
  type Mode,
} from './rules.js';
import {
  attendanceInput,
  diaryApi,
  scheduleInput,
  sessionApi,
  sessionsApi,
  type AttendanceInput,
} from './schemas.js';
import * as service from './service.js';
import { attachment } from '../../platform/http/attachment.js';
import { registerSessionNoteCorrections } from './note-corrections.js';
import { registerSessionWithdrawal } from './withdrawals.js';

const text = (v: unknown): string => (typeof v === 'string' ? v : '');
/** A number typed in a form: blank is absent; anything else that is not a number stays NaN (refused). */
const num = (v: unknown): number | undefined => {
  const t = text(v).trim();
  return t === '' ? undefined : /^-?\d+$/.test(t) ? Number(t) : Number.NaN;
};

/** The schedule form as the API's input shape. */
export function scheduleFromForm(f: Record<string, unknown>): unknown {
  return {
    date: dateFromParts(f, 'date') ?? '',
    time: text(f.time),
    plannedMinutes: num(f.plannedMinutes),
    mode: text(f.mode) || undefined,
    place: text(f.place),
    component: text(f.component) || null,
    clinicianIds: f.clinicianIds,
  };
}

/**
 * The record form as the API's input: a clinician's staff time row left wholly blank is absent
 * (allowed when the session did not take place; the rules say when it is needed).
 */
export function attendanceFromForm(
  f: Record<string, unknown>,
  clinicians: readonly { userId: string; name: string }[],
): { input?: AttendanceInput; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const staffTime: AttendanceInput['staffTime'] = [];
  clinicians.forEach((c, i) => {
    const f2f = num(f[service.staffField(i, 'faceToFace')]);
    const admin = num(f[service.staffField(i, 'admin')]);
    if (f2f === undefined && admin === undefined) return;
    for (const [part, v] of [
      ['faceToFace', f2f],
      ['admin', admin],
    ] as const)
      if (v !== undefined && (!Number.isInteger(v) || v < 0))
        errors.push({
          field: service.staffField(i, part),
          message: `${c.name}: enter the ${part === 'faceToFace' ? 'face-to-face' : 'preparation and admin'} minutes as a whole number, 0 or more`,
        });
      else if (v !== undefined && v > 1439)
        errors.push({
          field: service.staffField(i, part),
          message: `${c.name}: staff time must be under 24 hours`,
        });
    staffTime.push({ userId: c.userId, faceToFaceMinutes: f2f ?? 0, adminMinutes: admin ?? 0 });
  });
  const parsed = attendanceInput.safeParse({
    attendance: text(f.attendance) || undefined,
    durationMinutes: tookPlace(text(f.attendance) as AttendanceInput['attendance'])
      ? (num(f.durationMinutes) ?? null)
      : null,
    staffTime: [],
    note: text(f.note),
    expectedVersion: num(f.expectedVersion) ?? 0,
  });
  if (!parsed.success)
    for (const e of fieldErrorsFrom(parsed.error)) if (e.field !== 'expectedVersion') errors.unshift(e);
  if (errors.length || !parsed.success) return { errors };
  return { input: { ...parsed.data, staffTime }, errors };
}

const minutesText = (m: number) =>
  m >= 60 ? `${Math.floor(m / 60)} h ${m % 60 ? `${m % 60} min` : ''}`.trim() : `${m} min`;

export const sessionRoutes: FastifyPluginAsync = async (app) => {
  const shared = { modeText: MODE_TEXT, attendanceText: ATTENDANCE_TEXT, componentText: COMPONENT_TEXT };
  // a session's clinical note: its own page, correction and withdrawal (issue 11)
  registerSessionNoteCorrections(app);
  // a session entered in error is withdrawn through the shared confirmation page (issue 11)
  registerSessionWithdrawal(app);

  app.get(
    '/cases/:id/sessions',
    { schema: { hide: true }, preValidation: requireUser },
    async (request, reply) => {
      const caseId = caseIdOf(request);
      const view = await request.inTx((tx) =>
        service.sessionsPage(tx, request.user!, actorOf(request), caseId, 'page'),
      );
      const q = request.query as Record<string, unknown>;
      return reply.page('sessions/views/sessions.njk', {
        title: `Sessions – case ${view.h.case.reference}`,
        nav: 'cases',
        caseTab: 'sessions',
        caseHeader: view.h.header,
        ...view,
        ...shared,
        investigationMessage: INVESTIGATION_MESSAGE,
        staffTimeText: minutesText(view.staffMinutes),
        banner:
          q.scheduled === '1'
            ? 'The session has been scheduled.'
            : q.recorded === '1'
              ? 'The session has been recorded.'
              : null,
      });
    },
  );

  const schedulePage = (
    reply: FastifyReply,
    ctx: Awaited<ReturnType<typeof service.scheduleContext>>,
    values: Record<string, unknown>,
    errors?: FieldError[],
  ) =>
    reply.page('sessions/views/schedule.njk', {
      title: `Schedule a session – case ${ctx.h.case.reference}`,
      nav: 'cases',
      caseTab: 'sessions',
      caseHeader: ctx.h.header,
      backLink: `/cases/${ctx.h.header.id}/sessions`,
      clinicians: ctx.clinicians,
      allowed: ctx.allowed,
      investigationMessage: INVESTIGATION_MESSAGE,
      values,
      ...shared,
      ...(errors?.length ? { errors: formErrors(errors) } : {}),
    });

  app.get(
    '/cases/:id/sessions/new',
    { schema: { hide: true }, preValidation: requireUser },
    async (request, reply) => {
      const caseId = caseIdOf(request);
      const ctx = await request.inTx((tx) => service.scheduleContext(tx, request.user!, caseId));
      return schedulePage(reply, ctx, { clinicianIds: [request.user!.id] });
    },
  );

  app.post(
    '/cases/:id/sessions/new',
    { schema: { hide: true }, preValidation: requireUser },
    async (request, reply) => {
      const caseId = caseIdOf(request);
      const fields = formFields(request.body, ['clinicianIds']);
      const outcome = await attemptForm(
        () =>
          request.inTx(async (tx) => {
            const parsed = scheduleInput.safeParse(scheduleFromForm(fields));
            if (!parsed.success) return { errors: fieldErrorsFrom(parsed.error) };
            await service.schedule(tx, request.user!, actorOf(request), caseId, parsed.data);
            return { errors: [] as FieldError[] };
          }),
        { field: 'date' },
      );
      if (outcome.ok && !outcome.value.errors.length)
        return reply.redirect(`/cases/${caseId}/sessions?scheduled=1`, 303);
      const errors = outcome.ok ? outcome.value.errors : outcome.fieldErrors;
      const ctx = await request.inTx((tx) => service.scheduleContext(tx, request.user!, caseId));
      return schedulePage(reply.code(outcome.ok ? 400 : outcome.status), ctx, fields, errors);
    },
  );

  const recordPath = '/cases/:id/sessions/:sessionId/record';
  const recordPage = (
    reply: FastifyReply,
    ctx: Awaited<ReturnType<typeof service.recordContext>>,
    values: Record<string, unknown>,
    errors?: FieldError[],
  ) =>
    reply.page('sessions/views/record.njk', {
      title: `Record the session of ${formatDateTime(ctx.session.startsAt)} – case ${ctx.h.case.reference}`,
      nav: 'cases',
      caseTab: 'sessions',
      caseHeader: ctx.h.header,
      backLink: `/cases/${ctx.h.header.id}/sessions`,
      session: ctx.session,
      allowed: ctx.allowed,
      investigationMessage: INVESTIGATION_MESSAGE,
      attendanceItems: ATTENDANCE,
      values,
      ...shared,
      ...(errors?.length ? { errors: formErrors(errors) } : {}),
    });

  const valuesOf = (
    s: Awaited<ReturnType<typeof service.recordContext>>['session'],
  ): Record<string, unknown> => {
    const v: Record<string, unknown> = {
      attendance: s.attendance ?? '',
      durationMinutes: s.durationMinutes ?? '',
      expectedVersion: s.version,
    };
    s.clinicians.forEach((c, i) => {
      v[service.staffField(i, 'faceToFace')] = c.faceToFaceMinutes ?? '';
      v[service.staffField(i, 'admin')] = c.adminMinutes ?? '';
    });
    return v;
  };

  app.get(recordPath, { schema: { hide: true }, preValidation: requireUser }, async (request, reply) => {
    const caseId = caseIdOf(request);
    const sessionId = uuidParam(request, 'sessionId');
    const ctx = await request.inTx((tx) =>
      service.recordContext(tx, request.user!, actorOf(request), caseId, sessionId),
    );
    return recordPage(reply, ctx, valuesOf(ctx.session));
  });

  app.post(recordPath, { schema: { hide: true }, preValidation: requireUser }, async (request, reply) => {
    const caseId = caseIdOf(request);
    const sessionId = uuidParam(request, 'sessionId');
    const fields = formFields(request.body);
    const outcome = await attemptForm(
      () =>
        request.inTx(async (tx) => {
          const ctx = await service.recordContext(tx, request.user!, actorOf(request), caseId, sessionId);
          const form = attendanceFromForm(fields, ctx.session.clinicians);
          if (!form.input) return { errors: form.errors, stale: false };
          const result = await service.recordSession(
            tx,
            request.user!,
            actorOf(request),
            caseId,
            sessionId,
            form.input,
          );
          if (!result.saved)
            return { errors: [{ field: 'attendance', message: service.STALE_MESSAGE }], stale: true };
          return { errors: [] as FieldError[], stale: false };
        }),
      { field: 'attendance' },
    );
    if (outcome.ok && !outcome.value.errors.length)
      return reply.redirect(`/cases/${caseId}/sessions?recorded=1`, 303);
    const ctx = await request.inTx((tx) =>
      service.recordContext(tx, request.user!, actorOf(request), caseId, sessionId),
    );
    const status = outcome.ok ? (outcome.value.stale ? 409 : 400) : outcome.status;
    const errors = outcome.ok ? outcome.value.errors : outcome.fieldErrors;
    const values =
      outcome.ok && outcome.value.stale ? { ...fields, expectedVersion: ctx.session.version } : fields;
    return recordPage(reply.code(status), ctx, values, errors);
  });

  // the clinician's caseload and diary, and their own appointments as a calendar
  const diaryRoute = {
    schema: { hide: true },
    preValidation: requireUser,
    config: { capability: 'deliver_interventions' as const },
  };
  app.get('/diary', diaryRoute, async (request, reply) => {
    const view = await request.inTx((tx) => service.diary(tx, request.user!, actorOf(request), 'page'));
    return reply.page('sessions/views/diary.njk', {
      title: 'My caseload and diary',
      nav: 'diary',
      ...view,
      ...shared,
    });
  });

  app.get('/diary/calendar.ics', diaryRoute, async (request, reply) => {
    const rows = await request.inTx((tx) => service.calendarSessions(tx, request.user!, actorOf(request)));
    const body = calendar(
      'Recolo appointments',
      // a session withdrawn as entered in error stays in the file as cancelled, one change later
      // than the calendar last saw it, so a calendar that imported it takes it off
      rows.map((s) => ({
        uid: `${s.id}@recolo`,
        start: s.starts_at,
        minutes: s.planned_minutes,
        summary: `Recolo session – case ${s.reference}${s.withdrawn_at ? ' (withdrawn)' : ''}`,
        location: MODE_TEXT[s.mode as Mode] + (s.place ? `, ${s.place}` : ''),
        description: s.withdrawn_at
          ? `Case ${s.reference}. This appointment was withdrawn as entered in error: it is not taking place.`
          : `Case ${s.reference}. Open Recolo for the details.`,
        sequence: s.withdrawn_at ? s.version : s.version - 1,
        cancelled:
          s.withdrawn_at !== null ||
          s.attendance === 'cancelled_by_person' ||
          s.attendance === 'cancelled_by_service',
      })),
    );
    return attachment(reply, 'text/calendar; charset=utf-8', 'recolo-appointments.ics').send(body);
  });

  const api = app.withTypeProvider<ZodTypeProvider>();
  const params = z.object({ id: z.string() });
  api.get(
    '/api/v1/cases/:id/sessions',
    {
      preValidation: requireUser,
      schema: {
        tags: ['sessions'],
        summary: 'Intervention sessions on a case: appointments, attendance and staff time',
        description:
          'Everyone on the case team sees appointments and attendance; clinicalNote is null unless the user reads the clinical compartment (the health team).',
        params,
        response: { 200: sessionsApi },
      },
    },
    async (request) => {
      const caseId = caseIdOf(request);
      const view = await request.inTx((tx) =>
        service.sessionsPage(tx, request.user!, actorOf(request), caseId, 'api'),
      );
      return { items: view.all.map(service.toApi) };
    },
  );
  api.post(
    '/api/v1/cases/:id/sessions',
    {
      preValidation: requireUser,
      schema: {
        tags: ['sessions'],
        summary: 'Schedule an intervention session',
        description:
          'The health team on the case only; refused (409) while the person is under police investigation. date and time are UK local time.',
        params,
        body: scheduleInput,
        response: { 201: z.object({ id: z.string().uuid() }) },
      },
    },
    async (request, reply) => {
      const caseId = caseIdOf(request);
      const id = await request.inTx((tx) =>
        service.schedule(tx, request.user!, actorOf(request), caseId, request.body),
      );
      return reply.code(201).send({ id });
    },
  );
  api.post(
    '/api/v1/cases/:id/sessions/:sessionId/attendance',
    {
      preValidation: requireUser,
      schema: {
        tags: ['sessions'],
        summary: 'Record what happened at a session: attendance, duration, staff time and a clinical note',
        description:
          'Attendance cannot be recorded for a session in the future (a cancellation can). Staff time per clinician present: whole minutes, more than 0, under 24 hours for the session. Two consecutive "did not attend" notify the case team. 409 when expectedVersion is stale.',
        params: z.object({ id: z.string(), sessionId: z.string() }),
        body: attendanceInput,
        response: { 200: z.object({ saved: z.literal(true), notified: z.number().int() }) },
      },
    },
    async (request) => {
      const caseId = caseIdOf(request);
      const sessionId = uuidParam(request, 'sessionId');
      const result = await request.inTx((tx) =>
        service.recordSession(tx, request.user!, actorOf(request), caseId, sessionId, request.body),
      );
      if (!result.saved)
        throw new Conflict(
          'Someone else recorded this session',
          `${service.STALE_MESSAGE} The current version is ${result.currentVersion}.`,
        );
      return { saved: true as const, notified: result.notified };
    },
  );
  api.get(
    '/api/v1/diary',
    {
      preValidation: requireUser,
      config: { capability: 'deliver_interventions' as const },
      schema: {
        tags: ['sessions'],
        summary: 'My appointments across my cases, from a fortnight ago on',
        response: { 200: diaryApi },
      },
    },
    async (request) => {
      const view = await request.inTx((tx) => service.diary(tx, request.user!, actorOf(request), 'api'));
      return {
        items: [...view.toRecord, ...view.upcoming].map((s) => ({
          sessionId: s.id,
          caseId: s.case_id,
          caseReference: s.reference,
          startsAt: s.starts_at.toISOString(),
          plannedMinutes: s.planned_minutes,
          mode: s.mode as Mode,
          place: s.place,
          attendance: s.attendance as AttendanceInput['attendance'] | null,
        })),
      };
    },
  );
};

export { sessionApi };
