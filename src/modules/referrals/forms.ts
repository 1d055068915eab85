import type { z } from 'zod';
import { type FieldError } from '../../platform/errors.js';
import { fieldErrorsFrom } from '../../platform/errors.js';
import { consentSchema, personSchema, referralDetailsSchema, victimsSchema } from './schemas.js';

/** Turns a journey page's form fields into the shape the referral schema takes, and back. */

type Fields = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === 'string' ? v : Array.isArray(v) ? String(v[0] ?? '') : '');
const list = (v: unknown): string[] =>
  Array.isArray(v) ? v.map(String) : typeof v === 'string' && v ? [v] : [];
const yesNo = (v: unknown): boolean | undefined => (v === 'yes' ? true : v === 'no' ? false : undefined);

export type StepResult<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

function run<S extends z.ZodType>(
  schema: S,
  input: unknown,
  rename: (path: string) => string,
  extra: FieldError[] = [],
): StepResult<z.infer<S>> {
  const parsed = schema.safeParse(input);
  const errors = [
    ...extra,
    ...(parsed.success ? [] : fieldErrorsFrom(parsed.error).map((e) => ({ ...e, field: rename(e.field) }))),
  ];
  if (errors.length || !parsed.success) return { ok: false, errors };
  return { ok: true, value: parsed.data };
}

export function parsePersonForm(f: Fields) {
  const day = str(f['dob-day']).trim();
  const month = str(f['dob-month']).trim();
  const year = str(f['dob-year']).trim();
  const extra: FieldError[] = [];
  let dateOfBirth: string | null = null;
  if (day || month || year) {
    if (
      !day ||
      !month ||
      !year ||
      !/^\d{1,2}$/.test(day) ||
      !/^\d{1,2}$/.test(month) ||
      !/^\d{4}$/.test(year)
    ) {
      extra.push({
        field: 'dob',
        message: 'Date of birth must include a day, month and year, like 27 3 1990',
      });
    } else {
      dateOfBirth = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
    }
  }
  const input = {
    givenName: str(f.givenName),
    familyName: str(f.familyName),
    aliases: str(f.aliases)
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean),
    dateOfBirth,
    pncId: str(f.pncId),
    nhsNumber: str(f.nhsNumber),
    probationRef: str(f.probationRef),
  };
  return run(personSchema, input, (p) => (p === 'dateOfBirth' ? 'dob' : p.split('.')[0]!), extra);
}

export function personFormValues(p: z.infer<typeof personSchema> | undefined): Fields {
  if (!p) return {};
  const [y, m, d] = p.dateOfBirth ? p.dateOfBirth.split('-') : ['', '', ''];
  return {
    ...p,
    aliases: p.aliases.join(', '),
    'dob-day': d ? String(Number(d)) : '',
    'dob-month': m ? String(Number(m)) : '',
    'dob-year': y,
  };
}

export function parseDetailsForm(f: Fields) {
  const codes = list(f.offences);
  const other = str(f.offenceOther).trim();
  const extra: FieldError[] = [];
  if (codes.includes('other') && !other)
    extra.push({ field: 'offenceOther', message: 'Describe the other offence' });
  const input = {
    siteId: str(f.siteId) || undefined,
    referringAgencyId: str(f.referringAgencyId) || undefined,
    referrerName: str(f.referrerName),
    reason: str(f.reason),
    offences: codes.map((code) => ({ code, description: code === 'other' ? other : '' })),
    investigationStatus: str(f.investigationStatus) || undefined,
  };
  return run(referralDetailsSchema, input, (p) => (p.startsWith('offences') ? 'offences' : p), extra);
}

export function detailsFormValues(d: z.infer<typeof referralDetailsSchema> | undefined): Fields {
  if (!d) return {};
  return {
    ...d,
    offences: d.offences.map((o) => o.code),
    offenceOther: d.offences.find((o) => o.code === 'other')?.description ?? '',
  };
}

export const VICTIM_ROWS = 3;

export function parseVictimsForm(f: Fields) {
  const victims = [];
  const extra: FieldError[] = [];
  for (let i = 1; i <= VICTIM_ROWS; i += 1) {
    const row = {
      givenName: str(f[`victim${i}GivenName`]),
      familyName: str(f[`victim${i}FamilyName`]),
      relationship: str(f[`victim${i}Relationship`]) || undefined,
    };
    if (!row.givenName.trim() && !row.familyName.trim() && !row.relationship) continue;
    victims.push(row);
  }
  const parsed = victimsSchema.safeParse({ victims });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const [, index, key] = issue.path as [string, number | undefined, string | undefined];
      const field =
        index === undefined
          ? 'victim1GivenName'
          : `victim${index + 1}${key ? key[0]!.toUpperCase() + key.slice(1) : 'GivenName'}`;
      if (!extra.some((e) => e.field === field))
        extra.push({
          field,
          message: index === undefined ? issue.message : `Victim ${index + 1}: ${issue.message}`,
        });
    }
    return { ok: false as const, errors: extra };
  }
  return { ok: true as const, value: parsed.data };
}

export function victimsFormValues(v: z.infer<typeof victimsSchema> | undefined): Fields {
  const out: Fields = {};
  v?.victims.forEach((row, i) => {
    out[`victim${i + 1}GivenName`] = row.givenName;
    out[`victim${i + 1}FamilyName`] = row.familyName;
    out[`victim${i + 1}Relationship`] = row.relationship;
  });
  return out;
}

export function parseConsentForm(f: Fields) {
  const input = {
    consent: str(f.consent) || undefined,
    consentNotes: str(f.consentNotes),
    isAdult: yesNo(f.isAdult),
    livesInArea: yesNo(f.livesInArea),
  };
  return run(consentSchema, input, (p) => p);
}

export function consentFormValues(c: z.infer<typeof consentSchema> | undefined): Fields {
  if (!c) return {};
  return { ...c, isAdult: c.isAdult ? 'yes' : 'no', livesInArea: c.livesInArea ? 'yes' : 'no' };
}
