import { describe, expect, it } from 'vitest';
import { foldName, foldSearchTerm, matchName } from '../../src/platform/names.js';

describe('folding a name (one rule for search, duplicates and diaries)', () => {
  it.each([
    ['Анна Петрова', 'anna petrova'],
    ['Ольга Иванова', 'olga ivanova'],
    ['Σοφία Παπαδοπούλου', 'sofia papadopoulou'],
    ['ΠΑΠΑΔΟΠΟΥΛΟΥ', 'papadopoulou'],
    ['محمد عبد الله', 'mhmd aabd llh'],
    ['张伟', 'zhang wei'],
    ['Łukasz Wałęsa', 'lukasz walesa'],
    ['Llŷr Ŵyn', 'llyr wyn'],
    ["Seán O'Brien-Ní Mhaoláin", 'sean obrien ni mhaolain'],
    ['Seán O’Brien', 'sean obrien'],
    ['Siobhán Ó Dónaill', 'siobhan o donaill'],
    ['Ｊｏｈｎ  SMITH', 'john smith'],
    ['Straße', 'strasse'],
  ])('%s folds to %s', (name, folded) => {
    expect(foldName(name)).toBe(folded);
  });

  it('gives only ASCII letters, digits and single spaces, whatever it is given', () => {
    for (const s of ['😀 Bob', '\u0000x', 'a\u0301\u0301', 'Ǆ ǅ ǆ', '  -- ', 'İlkay Gündoğan']) {
      expect(foldName(s)).toMatch(/^([a-z0-9]+( [a-z0-9]+)*)?$/);
    }
  });

  it('keeps the slashes of a search term, so a PNC ID stays one', () => {
    expect(foldSearchTerm('24/127968K')).toBe('24/127968k');
    expect(foldSearchTerm('ΠΑΠΑΔΟΠΟΥΛΟΥ')).toBe('papadopoulou');
    expect(foldSearchTerm('obrien')).toBe('obrien');
  });
});

describe('matching a written name to one of several people', () => {
  const victims = [
    { id: 'a', name: 'Анна Петрова' },
    { id: 'o', name: 'Ольга Иванова' },
    { id: 'w', name: 'Llŷr Evans' },
    { id: 's', name: "Seán O'Brien-Ní Mhaoláin" },
    { id: 'z', name: '伟 张' },
  ];
  const match = (written: string) => {
    const m = matchName(written, victims, (v) => v.name);
    return m.kind === 'matched' ? m.candidate.id : m.kind;
  };

  it('matches a name in its own script, transliterated, by a first name alone or in another order', () => {
    expect(match('Анна')).toBe('a');
    expect(match('Ольга')).toBe('o');
    expect(match('Anna Petrova')).toBe('a');
    expect(match('ПЕТРОВА анна')).toBe('a');
    expect(match('Llyr Evans')).toBe('w');
    expect(match('Sean OBrien Ni Mhaolain')).toBe('s');
    expect(match('张伟')).toBe('z');
  });

  it('matches nobody when the name is no one’s, or empty', () => {
    expect(match('Мария Смирнова')).toBe('none');
    expect(match('—')).toBe('none');
  });

  it('refuses to choose between two people who both fit', () => {
    const two = [
      { id: '1', name: 'Anna Petrova' },
      { id: '2', name: 'Anna Smith' },
    ];
    const m = matchName('Анна', two, (v) => v.name);
    expect(m.kind).toBe('ambiguous');
    // a full name still picks one
    expect(matchName('Анна Smith', two, (v) => v.name)).toMatchObject({
      kind: 'matched',
      candidate: { id: '2' },
    });
  });
});
