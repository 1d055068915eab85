import type { RatingSeries } from '../../platform/views/svg-chart.js';
import type { AssessmentRow, RatingRow } from './repository.js';

export type Rating = 'low' | 'moderate' | 'high';
const RATINGS: readonly string[] = ['low', 'moderate', 'high'];
const asRating = (v: string | null | undefined): Rating | null =>
  v && RATINGS.includes(v) ? (v as Rating) : null;

const londonDate = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar date in London, "2026-03-04": the programme's dates are London dates. */
export function dateInLondon(d: Date = new Date()): string {
  return londonDate.format(d);
}

/** "2026-03-04" plus n days */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function sectionTitles(definition: unknown): Map<string, string> {
  const titles = new Map<string, string>();
  const sections = (definition as { sections?: unknown } | null)?.sections;
  if (Array.isArray(sections)) {
    for (const s of sections as { id?: unknown; title?: unknown }[]) {
      if (typeof s.id === 'string' && typeof s.title === 'string') titles.set(s.id, s.title);
    }
  }
  return titles;
}

export type CurrentRating = {
  domain: string;
  label: string;
  rating: Rating;
  ratedAt: Date;
  assessedOn: string;
  assessmentId: string;
  instrument: string;
  assessor: string;
  rationale: string;
};

export type RatingChange = {
  date: string;
  domain: string;
  label: string;
  from: Rating | null;
  to: Rating;
  by: string;
  rationale: string;
  assessmentId: string;
};

export type LatestBand = {
  assessmentId: string;
  instrument: string;
  band: Rating;
  overridden: boolean;
  computedBand: Rating | null;
  overrideReason: string | null;
  completedOn: string;
};

export type RiskOverview = ReturnType<typeof buildRiskOverview>;

/**
 * The case's risk over time, from its assessments and their ratings (no database, no clock: today
 * is passed in). Current rating per domain is the rating of the latest completed assessment that
 * rated it; a change is a domain's first rating or a rating different from the one before.
 */
export function buildRiskOverview(assessments: AssessmentRow[], ratings: RatingRow[], today: string) {
  const completed = assessments
    .filter((a) => a.status === 'completed' && a.completed_at)
    .sort((a, b) => a.completed_at!.getTime() - b.completed_at!.getTime());
  const byId = new Map(assessments.map((a) => [a.id, a]));

  // a domain's label: its section title in the latest instrument version that rated it
  const labels = new Map<string, string>();
  for (const a of completed) for (const [id, title] of sectionTitles(a.definition)) labels.set(id, title);
  const labelOf = (domain: string) => labels.get(domain) ?? domain.replace(/_/g, ' ');

  const ordered = [...ratings]
    .filter((r) => r.completed_at && asRating(r.rating))
    .sort(
      (a, b) => a.completed_at!.getTime() - b.completed_at!.getTime() || a.domain.localeCompare(b.domain),
    );

  const current = new Map<string, CurrentRating>();
  const changes: RatingChange[] = [];
  const seriesPoints = new Map<string, { date: string; rating: Rating }[]>();
  for (const r of ordered) {
    const a = byId.get(r.assessment_id);
    const rating = r.rating;
    const on = dateInLondon(r.completed_at!);
    const previous = current.get(r.domain);
    if (!previous || previous.rating !== rating) {
      changes.push({
        date: on,
        domain: r.domain,
        label: labelOf(r.domain),
        from: previous?.rating ?? null,
        to: rating,
        by: r.rated_by,
        rationale: r.rationale,
        assessmentId: r.assessment_id,
      });
    }
    current.set(r.domain, {
      domain: r.domain,
      label: labelOf(r.domain),
      rating,
      ratedAt: r.rated_at,
      assessedOn: on,
      assessmentId: r.assessment_id,
      instrument: a ? `${a.instrument} (version ${a.instrument_version})` : '',
      assessor: a?.assessor ?? r.rated_by,
      rationale: r.rationale,
    });
    const points = seriesPoints.get(r.domain) ?? [];
    points.push({ date: r.completed_at!.toISOString(), rating });
    seriesPoints.set(r.domain, points);
  }

  const domains = [...current.keys()].sort((a, b) => labelOf(a).localeCompare(labelOf(b)));
  const series: RatingSeries[] = domains.map((d) => ({
    domain: d,
    label: labelOf(d),
    points: seriesPoints.get(d) ?? [],
  }));

  // the table beside the chart: one row per completed assessment that rated anything
  const rated = new Map<string, Map<string, Rating>>();
  for (const r of ordered) {
    const row = rated.get(r.assessment_id) ?? new Map<string, Rating>();
    row.set(r.domain, r.rating);
    rated.set(r.assessment_id, row);
  }
  const table = completed
    .filter((a) => rated.has(a.id))
    .map((a) => ({
      date: dateInLondon(a.completed_at!),
      assessmentId: a.id,
      instrument: a.instrument,
      ratings: domains.map((d) => rated.get(a.id)!.get(d) ?? null),
    }));

  const latestOfTier = (tier: 'screening' | 'spj'): LatestBand | null => {
    const a = [...completed].reverse().find((x) => x.tier === tier);
    if (!a) return null;
    const band = asRating(a.override_band) ?? asRating(a.computed_band);
    if (!band) return null;
    return {
      assessmentId: a.id,
      instrument: a.instrument,
      band,
      overridden: asRating(a.override_band) !== null,
      computedBand: asRating(a.computed_band),
      overrideReason: a.override_reason,
      completedOn: dateInLondon(a.completed_at!),
    };
  };
  const screening = latestOfTier('screening');
  const spj = latestOfTier('spj');

  const latestScreening = [...completed].reverse().find((x) => x.tier === 'screening');
  const fullAssessmentRecommended =
    !!screening &&
    !!latestScreening &&
    (screening.band === 'moderate' || screening.band === 'high') &&
    !completed.some((a) => a.tier === 'spj' && a.completed_at! > latestScreening.completed_at!);

  const latest = completed[completed.length - 1];
  const nextReviewDate = latest?.next_review_date ?? null;

  return {
    current: domains.map((d) => current.get(d)!),
    // newest first; within one assessment, by domain
    changes: changes
      .map((c, i) => ({ c, i }))
      .sort((a, b) => b.c.date.localeCompare(a.c.date) || a.c.label.localeCompare(b.c.label) || b.i - a.i)
      .map((x) => x.c),
    series,
    table: { domains: domains.map((d) => ({ domain: d, label: labelOf(d) })), rows: table },
    bands: { screening, spj },
    fullAssessmentRecommended,
    nextReviewDate,
    nextReviewOverdue: nextReviewDate !== null && nextReviewDate < today,
    assessments: assessments.map((a) => ({
      id: a.id,
      status: a.status,
      instrument: a.instrument,
      tier: a.tier,
      assessor: a.assessor,
      startedAt: a.started_at,
      completedAt: a.completed_at,
      band: asRating(a.override_band) ?? asRating(a.computed_band),
    })),
    completedCount: completed.length,
  };
}
