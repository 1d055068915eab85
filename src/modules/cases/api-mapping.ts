import type { z } from 'zod';
import type { apiCaseDetail, apiCaseSummary } from './schemas.js';
import type { caseOverview } from './service.js';
import type { listCases } from './repository.js';

type Summary = z.infer<typeof apiCaseSummary>;
type ListRow = Awaited<ReturnType<typeof listCases>>['rows'][number];

export function toApiSummary(r: ListRow): Summary {
  return {
    id: r.id,
    reference: r.reference,
    status: r.status as Summary['status'],
    acceptedMode: r.accepted_mode as Summary['acceptedMode'],
    site: r.site_name,
    subject: { givenName: r.given_name, familyName: r.family_name },
    updatedAt: r.updated_at.toISOString(),
  };
}

export function toApiDetail(v: Awaited<ReturnType<typeof caseOverview>>): z.infer<typeof apiCaseDetail> {
  const c = v.case;
  return {
    id: c.id,
    reference: c.reference,
    status: c.status as Summary['status'],
    acceptedMode: c.accepted_mode as Summary['acceptedMode'],
    site: c.site_name,
    updatedAt: c.updated_at.toISOString(),
    investigationStatus: c.investigation_status,
    subject: {
      givenName: c.given_name,
      familyName: c.family_name,
      aliases: c.aliases,
      dateOfBirth: c.date_of_birth,
      pncId: c.pnc_id,
      nhsNumber: c.nhs_number,
      probationRef: c.probation_ref,
    },
    offences: v.offences.map((o) => ({ code: o.code, description: o.description })),
    victims: v.victims.map((x) => ({
      givenName: x.given_name,
      familyName: x.family_name,
      relationship: x.relationship,
    })),
    team: v.team.map((m) => ({ name: m.display_name, role: m.role })),
    statusHistory: v.history.map((h) => ({
      from: h.from_status,
      to: h.to_status,
      mode: h.accepted_mode,
      reason: h.reason,
      voiceNotCurrentReason: h.voice_not_current_reason ?? null,
      at: h.at.toISOString(),
      by: h.display_name,
    })),
    version: c.version,
    courtAndOffending: v.offending
      ? {
          ...v.offending,
          mappa: v.mappa
            ? { category: v.mappa.category, level: v.mappa.level, nextReviewOn: v.mappa.next_review_on }
            : null,
        }
      : null,
  };
}
