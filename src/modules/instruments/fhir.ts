import { EARLIEST_YEAR, isRealDate } from '../../platform/time.js';
import type { Answers, Definition, Item, Rating } from './definition.js';

/**
 * FHIR R4 views of an instrument: the definition as a Questionnaire, a completed (or draft)
 * assessment as a QuestionnaireResponse. The response names no person: its subject is the case,
 * as a logical reference (R4 has no Case resource, so `Case/<id>` would be no valid reference): an
 * identifier in the system CASE_SYSTEM whose value is the case's reference ("HAM-000004"). It
 * carries no names, dates of birth or NHS numbers. Every item's text in a response is the
 * Questionnaire's text for that linkId (the HL7 validator checks this: QUESTIONNAIRE_QR_ITEM_TEXT).
 *
 * linkIds: an item's own id; a section's group `section.<id>`; the typology `assessment.typology`;
 * the summary group `assessment.summary` with `summary.<domain>.rating` and `.rationale`,
 * `summary.computed_band`, `summary.override_band` and `summary.override_reason`. Item ids never
 * contain a dot, so these can never clash with them.
 */

export const canonicalUrl = (code: string): string => `urn:recolo:instrument:${code}`;
/** The identifier system of a case's reference (`HAM-000004`): a response's subject. */
export const CASE_SYSTEM = 'urn:recolo:case';
export const TEMPLATE_NOTICE = 'template: replace with your licensed wording';
const MIN_VALUE = 'http://hl7.org/fhir/StructureDefinition/minValue';
const MAX_VALUE = 'http://hl7.org/fhir/StructureDefinition/maxValue';
const RATING_SYSTEM = 'urn:recolo:rating';

export const RATING_WORDS: Record<Rating, string> = { low: 'Low', moderate: 'Moderate', high: 'High' };

export type FhirCoding = { system?: string; code: string; display: string };
export type QuestionnaireItem = {
  linkId: string;
  text: string;
  type: 'group' | 'boolean' | 'integer' | 'choice' | 'string' | 'text' | 'date' | 'display';
  required?: boolean;
  readOnly?: boolean;
  maxLength?: number;
  extension?: { url: string; valueInteger: number }[];
  answerOption?: { valueCoding: FhirCoding }[];
  item?: QuestionnaireItem[];
};
export type Questionnaire = {
  resourceType: 'Questionnaire';
  id: string;
  url: string;
  version: string;
  name: string;
  title: string;
  status: 'active';
  experimental: boolean;
  date: string;
  publisher: string;
  description?: string;
  item: QuestionnaireItem[];
};

/** A computer-friendly name, as FHIR asks: `RecoloScreeningTemplate`. */
function fhirName(code: string): string {
  const words = code.split('-').filter(Boolean);
  const name = words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
  return /^[A-Z]/.test(name) ? name : `I${name}`;
}

const iso = (d: Date | string): string => (d instanceof Date ? d : new Date(d)).toISOString();

/** The summary's computed band, in the Questionnaire and every response to it (one wording). */
const computedBandText = (def: Definition): string =>
  `Band from the ${def.summary.kind === 'count_yes' ? 'count of yes answers' : 'sum of scores'}`;

const ratingOptions = () =>
  (Object.keys(RATING_WORDS) as Rating[]).map((r) => ({
    valueCoding: { system: RATING_SYSTEM, code: r, display: RATING_WORDS[r] },
  }));

function questionnaireItem(item: Item): QuestionnaireItem {
  const base = { linkId: item.id, text: item.prompt, required: item.required };
  switch (item.type) {
    case 'yes_no':
      return { ...base, type: 'boolean' };
    case 'scale':
      return {
        ...base,
        type: 'integer',
        extension: [
          { url: MIN_VALUE, valueInteger: item.min },
          { url: MAX_VALUE, valueInteger: item.max },
        ],
      };
    case 'choice':
      return {
        ...base,
        type: 'choice',
        answerOption: item.options.map((o) => ({ valueCoding: { code: o.value, display: o.label } })),
      };
    case 'text':
      return { ...base, type: 'text', maxLength: item.maxLength };
    case 'date':
      return { ...base, type: 'date' };
  }
}

export function toQuestionnaire(
  def: Definition,
  meta: { id: string; publishedAt: Date | string },
): Questionnaire {
  const items: QuestionnaireItem[] = [];
  if (def.typologies.length)
    items.push({
      linkId: 'assessment.typology',
      text: 'Typology',
      type: 'choice',
      required: true,
      answerOption: def.typologies.map((t) => ({ valueCoding: { code: t.value, display: t.label } })),
    });
  for (const section of def.sections)
    items.push({
      linkId: `section.${section.id}`,
      text: section.title,
      type: 'group',
      item: section.items.map(questionnaireItem),
    });

  const summary: QuestionnaireItem[] = def.sections
    .filter((s) => s.rated)
    .map((s) => ({
      linkId: `summary.${s.id}`,
      text: `${s.title}: rating`,
      type: 'group',
      item: [
        { linkId: `summary.${s.id}.rating`, text: 'Rating', type: 'choice', answerOption: ratingOptions() },
        { linkId: `summary.${s.id}.rationale`, text: 'Rationale', type: 'text' },
      ],
    }));
  if (def.summary.kind !== 'professional_judgement')
    summary.push({
      linkId: 'summary.computed_band',
      text: computedBandText(def),
      type: 'choice',
      readOnly: true,
      answerOption: ratingOptions(),
    });
  summary.push(
    {
      linkId: 'summary.override_band',
      text: 'Overall rating by professional judgement',
      type: 'choice',
      answerOption: ratingOptions(),
    },
    { linkId: 'summary.override_reason', text: 'Reason for the professional judgement', type: 'text' },
  );
  items.push({ linkId: 'assessment.summary', text: 'Summary', type: 'group', item: summary });

  return {
    resourceType: 'Questionnaire',
    id: meta.id,
    url: canonicalUrl(def.code),
    version: String(def.version),
    name: fhirName(def.code),
    title: def.name,
    status: 'active',
    experimental: def.template,
    date: iso(meta.publishedAt),
    publisher: 'Recolo',
    ...(def.template ? { description: TEMPLATE_NOTICE } : {}),
    item: items,
  };
}

export type AssessmentForFhir = {
  id: string;
  /** the case's reference (`HAM-000004`): the response's subject, never a person */
  caseReference?: string | null;
  status: 'draft' | 'completed' | 'in-progress';
  answers: Answers;
  typology: string | null;
  completedAt: Date | string | null;
  assessorName: string | null;
  ratings: { domain: string; rating: Rating; rationale: string }[];
  computedBand: Rating | null;
  overrideBand: Rating | null;
  overrideReason: string | null;
};

export type ResponseAnswer =
  | { valueBoolean: boolean }
  | { valueInteger: number }
  | { valueCoding: FhirCoding }
  | { valueString: string }
  | { valueDate: string };
export type ResponseItem = {
  linkId: string;
  text?: string;
  answer?: ResponseAnswer[];
  item?: ResponseItem[];
};
export type QuestionnaireResponse = {
  resourceType: 'QuestionnaireResponse';
  id: string;
  questionnaire: string;
  status: 'completed' | 'in-progress';
  /** a logical reference to the case: R4 Reference.identifier */
  subject?: { identifier: { system: string; value: string } };
  authored?: string;
  author?: { display: string };
  item: ResponseItem[];
};

function answerOf(item: Item, value: Answers[string] | undefined): ResponseAnswer | null {
  if (value === undefined || value === null || value === '') return null;
  switch (item.type) {
    case 'yes_no':
      return typeof value === 'boolean' ? { valueBoolean: value } : null;
    case 'scale':
      return typeof value === 'number' && Number.isInteger(value) ? { valueInteger: value } : null;
    case 'choice': {
      const option = item.options.find((o) => o.value === value);
      return option ? { valueCoding: { code: option.value, display: option.label } } : null;
    }
    case 'text':
      return typeof value === 'string' ? { valueString: value } : null;
    case 'date':
      return exportableDate(value) ? { valueDate: value } : null;
  }
}

/**
 * A date answer FHIR can carry and the record can hold: a real calendar day from EARLIEST_YEAR on.
 * Entry refuses anything else (platform/time.ts); this keeps a stored value from before that rule
 * (a year 0000 fails FHIR's date type) out of an export.
 */
function exportableDate(value: unknown): value is string {
  return typeof value === 'string' && isRealDate(value) && value >= `${EARLIEST_YEAR}-01-01`;
}

const ratingCoding = (r: Rating): ResponseAnswer => ({
  valueCoding: { system: RATING_SYSTEM, code: r, display: RATING_WORDS[r] },
});

export function toQuestionnaireResponse(
  def: Definition,
  assessment: AssessmentForFhir,
): QuestionnaireResponse {
  const items: ResponseItem[] = [];
  const typology = def.typologies.find((t) => t.value === assessment.typology);
  if (typology)
    items.push({
      linkId: 'assessment.typology',
      text: 'Typology',
      answer: [{ valueCoding: { code: typology.value, display: typology.label } }],
    });
  for (const section of def.sections) {
    const answered: ResponseItem[] = [];
    for (const item of section.items) {
      const answer = answerOf(item, assessment.answers[item.id]);
      if (answer) answered.push({ linkId: item.id, text: item.prompt, answer: [answer] });
    }
    if (answered.length) items.push({ linkId: `section.${section.id}`, text: section.title, item: answered });
  }

  const summary: ResponseItem[] = [];
  for (const section of def.sections.filter((s) => s.rated)) {
    const rating = assessment.ratings.find((r) => r.domain === section.id);
    if (!rating) continue;
    summary.push({
      linkId: `summary.${section.id}`,
      text: `${section.title}: rating`,
      item: [
        { linkId: `summary.${section.id}.rating`, text: 'Rating', answer: [ratingCoding(rating.rating)] },
        {
          linkId: `summary.${section.id}.rationale`,
          text: 'Rationale',
          answer: [{ valueString: rating.rationale }],
        },
      ],
    });
  }
  if (assessment.computedBand && def.summary.kind !== 'professional_judgement')
    summary.push({
      linkId: 'summary.computed_band',
      text: computedBandText(def),
      answer: [ratingCoding(assessment.computedBand)],
    });
  if (assessment.overrideBand) {
    summary.push({
      linkId: 'summary.override_band',
      text: 'Overall rating by professional judgement',
      answer: [ratingCoding(assessment.overrideBand)],
    });
    if (assessment.overrideReason)
      summary.push({
        linkId: 'summary.override_reason',
        text: 'Reason for the professional judgement',
        answer: [{ valueString: assessment.overrideReason }],
      });
  }
  if (summary.length) items.push({ linkId: 'assessment.summary', text: 'Summary', item: summary });

  const completed = assessment.status === 'completed';
  return {
    resourceType: 'QuestionnaireResponse',
    id: assessment.id,
    questionnaire: `${canonicalUrl(def.code)}|${def.version}`,
    status: completed ? 'completed' : 'in-progress',
    ...(assessment.caseReference
      ? { subject: { identifier: { system: CASE_SYSTEM, value: assessment.caseReference } } }
      : {}),
    ...(assessment.completedAt ? { authored: iso(assessment.completedAt) } : {}),
    ...(assessment.assessorName ? { author: { display: assessment.assessorName } } : {}),
    item: items,
  };
}
