import { describe, expect, it } from 'vitest';
import { changesBetween, historyOf } from '../../src/platform/corrections/index.js';
import { CLINICAL_NOTE, mayCorrectNote } from '../../src/modules/clinical/corrections.js';
import { POLICE_INTELLIGENCE, shownEntryValue } from '../../src/modules/intelligence/corrections.js';
import { COMPARTMENT_TABLES } from '../../src/platform/access/policy.js';

/** Issue 11's rules for the records only one profession reads: who corrects, what a change is, how it reads. */
describe('correcting clinical notes and police intelligence', () => {
  it('only the author corrects a clinical note; a colleague is told to add their own or withdraw it', () => {
    const note = { authorId: 'a', author: 'Dr Priya Shah' };
    expect(mayCorrectNote({ id: 'a' }, note)).toBeNull();
    expect(mayCorrectNote({ id: 'b' }, note)).toBe(
      'Only Dr Priya Shah, who wrote it, can correct this note. Add a note of your own, or withdraw it if it was entered in error.',
    );
  });

  it('a change of the text or the handling is a change; the same details are none', () => {
    const fields = Object.keys(POLICE_INTELLIGENCE.labels) as ('body' | 'handling')[];
    const was = { body: 'ANPR: four evenings', handling: 'police_only' as const };
    expect(changesBetween(was, { ...was }, fields)).toEqual({});
    expect(changesBetween(was, { ...was, handling: 'may_be_summarised' }, fields)).toEqual({
      handling: { from: 'police_only', to: 'may_be_summarised' },
    });
  });

  it('the history names the handling in words and keeps the fields in the form’s order', () => {
    const [one] = historyOf(
      [
        {
          at: new Date('2026-03-04T10:00:00Z'),
          by: 'Ivo Officer',
          reason: 'A fifth sighting',
          changes: {
            handling: { from: 'police_only', to: 'may_be_summarised' },
            body: { from: 'four', to: 'five' },
          },
        },
      ],
      POLICE_INTELLIGENCE.labels,
      shownEntryValue,
    );
    expect(one!.rows).toEqual([
      { label: 'Intelligence', from: 'four', to: 'five' },
      { label: 'Handling', from: 'Police only', to: 'May be summarised for the multi-agency panel' },
    ]);
  });

  it('each history sits in its record’s compartment, and only amendments are added to it', () => {
    const of = (table: string) => COMPARTMENT_TABLES.find((t) => t.table === table);
    expect(of('clinical_note_amendment')).toMatchObject({ compartment: 'clinical', writes: ['insert'] });
    expect(of('police_intelligence_amendment')).toMatchObject({
      compartment: 'police_intelligence',
      writes: ['insert'],
    });
    expect(of(CLINICAL_NOTE.table)!.compartment).toBe(CLINICAL_NOTE.compartment);
    expect(of(POLICE_INTELLIGENCE.table)!.compartment).toBe(POLICE_INTELLIGENCE.compartment);
  });
});
