import { sql } from 'kysely';
import {
  auditCase,
  canRead,
  requireRead,
  requireWrite,
  type CaseAccess,
} from '../../platform/access/case-access.js';
import type { SessionUser } from '../../platform/auth/sessions.js';
import { openCase } from '../../platform/case-context.js';
import type { Actor, Tx } from '../../platform/db/request-tx.js';
import { Conflict, Invalid, NotFound, type FieldError } from '../../platform/errors.js';
import { validateFormulationTemplate, type FormulationTemplate } from './definitions.js';
import * as repo from './repository.js';
import type { FormulationInput } from './schemas.js';

/**
 * The formulation: a clinical document written on an organisation's formulation template, in
 * numbered versions. A draft may be edited (by its author or the health team; a stale save is
 * refused); sign-off locks it (the database refuses any change to it); a change after sign-off is
 * a new version, starting from the signed-off text. The clinician may share a short, non-clinical
 * summary with the whole team (core).
 */

export const STALE_FORMULATION =
  'Someone else changed this formulation after you opened it. What you entered has not been saved: check it against the current version and save again.';

export const HEALTH_ROLES = [
  'forensic_psychiatrist',
  'clinical_psychologist',
  'forensic_psychologist',
  'occupational_therapist',
] as const;

function templateOf(json: unknown): FormulationTemplate {
  const c = validateFormulationTemplate(json);
  if (!c.ok) throw new Error('A stored formulation template no longer validates');
  return c.definition;
}

async function versionView(tx: Tx, r: repo.FormulationRow) {
  const t = templateOf(r.template);
  const coAuthors = (await repo.userNames(tx, r.co_author_ids)).map((u) => u.display_name);
  return {
    id: r.id,
    version: r.version,
    rowVersion: r.row_version,
    templateId: r.template_id,
    templateName: r.template_name,
    template: t,
    sections: t.sections.map((s) => ({
      id: s.id,
      title: s.title,
      hint: s.hint ?? null,
      text: r.answers[s.id] ?? '',
    })),
    typology: r.typology,
    typologyLabel: t.typologies.find((x) => x.value === r.typology)?.label ?? null,
    author: r.author,
    coAuthorIds: r.co_author_ids,
    coAuthors,
    signedOff: r.signed_off_at !== null,
    signedOffBy: r.signed_off_by,
    signedOffAt: r.signed_off_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
export type FormulationView = Awaited<ReturnType<typeof versionView>>;

export const formulationToApi = (f: FormulationView) => ({
  id: f.id,
  version: f.version,
  rowVersion: f.rowVersion,
  template: { id: f.templateId, name: f.templateName },
  sections: f.sections.map((s) => ({ id: s.id, title: s.title, text: s.text })),
  typology: f.typology,
  author: f.author,
  coAuthors: f.coAuthors,
  status: f.signedOff ? ('signed_off' as const) : ('draft' as const),
  signedOffBy: f.signedOffBy,
  signedOffAt: f.signedOffAt ? f.signedOffAt.toISOString() : null,
  createdAt: f.createdAt.toISOString(),
});

async function versions(tx: Tx, caseId: string) {
  const rows = await repo.formulationVersions(tx, caseId);
  return Promise.all(rows.map((r) => versionView(tx, r)));
}

/** The formulation page: health roles on the team (404 for anyone else), audited. */
export async function formulationPage(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  caseId: string,
  channel: string,
) {
  const h = await openCase(tx, user, caseId);
  requireRead(h.access, 'clinical');
  const all = await versions(tx, caseId);
  const summaries = await repo.sharedSummaries(tx, caseId);
  await auditCase(tx, actor, h.access, {
    action: 'formulation.view',
    recordType: 'formulation',
    ...(all[0] ? { recordId: all[0].id } : {}),
    details: { versions: all.length, channel },
  });
  return {
    h,
    current: all[0] ?? null,
    history: all.slice(1),
    summaries,
    canWrite: h.access.levels.clinical === 'write',
  };
}

/** The health team on the case, who may co-author. */
export async function coAuthorChoices(tx: Tx, caseId: string, userId: string) {
  const team = await repo.teamOf(tx, caseId);
  return team.filter((m) => (HEALTH_ROLES as readonly string[]).includes(m.role) && m.id !== userId);
}

/** What the edit form starts from: the current draft, or the signed-off text for a new version. */
export async function editContext(tx: Tx, user: SessionUser, actor: Actor, caseId: string, audit: boolean) {
  const h = await openCase(tx, user, caseId);
  requireWrite(h.access, 'clinical', 'write the formulation');
  const all = await versions(tx, caseId);
  const current = all[0] ?? null;
  const templates = await repo.currentTemplates(tx, 'formulation');
  const template = current ? current.template : templates[0] ? templateOf(templates[0].definition) : null;
  if (audit)
    await auditCase(tx, actor, h.access, {
      action: 'formulation.edit.view',
      recordType: 'formulation',
      ...(current ? { recordId: current.id } : {}),
      details: { version: current?.version ?? 0 },
    });
  return {
    h,
    current,
    template,
    templateId: current?.templateId ?? templates[0]?.id ?? null,
    coAuthorChoices: await coAuthorChoices(tx, caseId, user.id),
  };
}

/**
 * Saves the formulation. With no version yet, or the latest signed off, a new draft version is
 * made; with a draft, it is updated in place when its row version is still the one the user
 * opened. Anything else is stale (409), and nothing is saved.
 */
export async function saveFormulation(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  caseId: string,
  input: FormulationInput,
): Promise<{ id: string; version: number; rowVersion: number }> {
  const h = await openCase(tx, user, caseId);
  requireWrite(h.access, 'clinical', 'write the formulation');
  const rows = await repo.formulationVersions(tx, caseId);
  const latest = rows[0] ?? null;
  const stale = () =>
    new Conflict('Someone else changed this formulation', STALE_FORMULATION, [
      { field: 'formulation-form', message: STALE_FORMULATION },
    ]);
  if ((latest?.version ?? 0) !== input.expectedVersion) throw stale();
  if (latest && !latest.signed_off_at && latest.row_version !== input.expectedRowVersion) throw stale();

  // the template: the one the latest version used, or (for a first version) the one given
  let templateId = latest?.template_id ?? input.templateId ?? null;
  if (!templateId) templateId = (await repo.currentTemplates(tx, 'formulation'))[0]?.id ?? null;
  const templateRow = templateId ? await repo.templateById(tx, templateId) : undefined;
  if (!templateRow || templateRow.kind !== 'formulation')
    throw new Invalid('No formulation template', [
      { field: 'templateId', message: 'Select a formulation template' },
    ]);
  const template = templateOf(templateRow.definition);

  const errors: FieldError[] = [];
  const answers: Record<string, string> = {};
  for (const s of template.sections) {
    const v = (input.answers[s.id] ?? '').trim();
    if (v.length > s.maxLength)
      errors.push({
        field: `answers.${s.id}`,
        message: `${s.title} must be ${s.maxLength.toLocaleString('en-GB')} characters or fewer`,
      });
    answers[s.id] = v;
  }
  for (const k of Object.keys(input.answers))
    if (!template.sections.some((s) => s.id === k))
      errors.push({ field: `answers.${k}`, message: `There is no section '${k}' in the template` });
  if (input.typology && !template.typologies.some((t) => t.value === input.typology))
    errors.push({ field: 'typology', message: 'Select a typology from the list' });
  const health = (await coAuthorChoices(tx, caseId, user.id)).map((m) => m.id);
  const coAuthorIds = [...new Set(input.coAuthorIds)];
  if (coAuthorIds.some((id) => !health.includes(id)))
    errors.push({ field: 'coAuthorIds', message: 'Co-authors must be health clinicians on the case team' });
  if (!Object.values(answers).some((v) => v))
    errors.push({
      field: `answers.${template.sections[0]!.id}`,
      message: 'Write at least one section of the formulation',
    });
  if (errors.length) throw new Invalid('The formulation has not been saved', errors);

  if (latest && !latest.signed_off_at) {
    const ok = await repo.updateDraft(tx, latest.id, latest.row_version, {
      answers,
      typology: input.typology ?? null,
      coAuthorIds,
    });
    if (!ok) throw stale();
    await auditCase(tx, actor, h.access, {
      action: 'formulation.updated',
      recordType: 'formulation',
      recordId: latest.id,
      details: { version: latest.version },
    });
    return { id: latest.id, version: latest.version, rowVersion: latest.row_version + 1 };
  }
  const version = (latest?.version ?? 0) + 1;
  await sql`savepoint formulation_save`.execute(tx);
  let id: string;
  try {
    id = await repo.insertFormulation(tx, {
      caseId,
      version,
      templateId: templateRow.id,
      answers,
      typology: input.typology ?? null,
      authorId: user.id,
      coAuthorIds,
    });
  } catch (error) {
    if ((error as { code?: string }).code !== '23505') throw error;
    await sql`rollback to savepoint formulation_save`.execute(tx);
    throw stale();
  }
  await sql`release savepoint formulation_save`.execute(tx);
  await auditCase(tx, actor, h.access, {
    action: 'formulation.created',
    recordType: 'formulation',
    recordId: id,
    details: { version },
  });
  return { id, version, rowVersion: 1 };
}

/** Signs off the current draft: every required section written; afterwards it is locked. */
export async function signOffFormulation(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  caseId: string,
  expected: { expectedVersion: number; expectedRowVersion: number },
): Promise<void> {
  const h = await openCase(tx, user, caseId);
  requireWrite(h.access, 'clinical', 'sign off the formulation');
  const latest = (await repo.formulationVersions(tx, caseId))[0];
  if (!latest) throw new NotFound();
  if (latest.signed_off_at)
    throw new Conflict('Already signed off', `Version ${latest.version} was signed off already.`, [
      { field: 'sign-off', message: `Version ${latest.version} has already been signed off` },
    ]);
  if (latest.version !== expected.expectedVersion || latest.row_version !== expected.expectedRowVersion)
    throw new Conflict('Someone else changed this formulation', STALE_FORMULATION, [
      { field: 'sign-off', message: STALE_FORMULATION },
    ]);
  const t = templateOf(latest.template);
  const missing = t.sections.filter((s) => s.required && !(latest.answers[s.id] ?? '').trim());
  if (missing.length)
    throw new Invalid(
      'The formulation cannot be signed off yet',
      missing.map((s) => ({
        field: `answers.${s.id}`,
        message: `Write the section “${s.title}” before signing off`,
      })),
    );
  if (!(await repo.signOff(tx, latest.id, latest.row_version, user.id)))
    throw new Conflict('Someone else changed this formulation', STALE_FORMULATION);
  await auditCase(tx, actor, h.access, {
    action: 'formulation.signed_off',
    recordType: 'formulation',
    recordId: latest.id,
    details: { version: latest.version },
  });
}

/** Shares a short non-clinical summary of the latest signed-off formulation with the whole team. */
export async function shareSummary(tx: Tx, user: SessionUser, actor: Actor, caseId: string, summary: string) {
  const h = await openCase(tx, user, caseId);
  requireWrite(h.access, 'clinical', 'share a summary of the formulation');
  const signed = (await repo.formulationVersions(tx, caseId)).find((f) => f.signed_off_at);
  if (!signed)
    throw new Invalid('Nothing signed off to summarise', [
      { field: 'summary', message: 'Sign off the formulation before sharing a summary of it' },
    ]);
  const id = await repo.insertSummary(tx, { caseId, formulationId: signed.id, summary, by: user.id });
  await auditCase(tx, actor, h.access, {
    action: 'formulation.summary_shared',
    recordType: 'formulation_summary',
    recordId: id,
    details: { formulationVersion: signed.version },
  });
}

/** The latest shared summary (core), for the plan page and the overview. */
export async function latestSharedSummary(tx: Tx, caseId: string, access: CaseAccess) {
  if (!canRead(access, 'core')) return null;
  return (await repo.sharedSummaries(tx, caseId))[0] ?? null;
}
