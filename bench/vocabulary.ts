// The fictional words and the seeded randomness the benchmark generators (synthetic.ts for row
// inserts, national.ts for COPY) share, so the same seed draws from the same lists in both.

export const GIVEN = `
  Aaron Bethany Callum Dominic Eleanor Fraser Georgia Harvey Isla Jamie Kasim Lydia Mason Niamh
  Oscar Poppy Quentin Rhys Saffron Tariq Usha Vincent Wren Xavier Yasmin Zachary
`
  .trim()
  .split(/\s+/);
const FAMILY = `
  Abbott Blackwood Carrick Dunmore Elston Farrow Gillard Hartigan Ingleby Jessop Kilbride Lockhart
  Merriman Northcott Ormsby Pennock Quarrie Ridley Stannard Treloar Upshall Varley Wetherall
  Yardley
`
  .trim()
  .split(/\s+/);
// a long tail of surnames, as real ones have: a few common names and many rare ones
const SURNAME_START = `
  Ash Bar Brad Brook Cald Carr Cole Dal Dun Fair Fen Gar Hal Hart Hay Kel Lang Lin Mar Mil
  Nor Oak Pen Rad Red Ros Sel Shel Stan Thorn Wad Whit Wil Wood
`
  .trim()
  .split(/\s+/);
const SURNAME_END = `
  bury by croft dale field ford gate ham hurst ley low more ridge stead ton well wick worth
`
  .trim()
  .split(/\s+/);
export const SURNAMES = [...FAMILY, ...SURNAME_START.flatMap((a) => SURNAME_END.map((b) => a + b))];
export const REASONS = [
  'Repeated unwanted contact by phone and social media after being asked to stop.',
  'Loitering near the victim’s home and workplace over several weeks.',
  'Sending gifts and letters, and turning up uninvited at the victim’s events.',
  'Monitoring the victim’s online accounts and contacting her friends about her.',
  'Following the victim on her commute on several occasions.',
];

export type Status = 'referred' | 'screening' | 'accepted' | 'active' | 'closed' | 'declined';

/** The statuses a case passed through, in order, ending at its current one. */
export const LIFECYCLE: Record<Status, Status[]> = {
  referred: ['referred'],
  screening: ['referred', 'screening'],
  accepted: ['referred', 'screening', 'accepted'],
  active: ['referred', 'screening', 'accepted', 'active'],
  closed: ['referred', 'screening', 'accepted', 'active', 'closed'],
  declined: ['referred', 'screening', 'declined'],
};

/** A seeded pseudo-random source in [0, 1) (mulberry32), so a run can be repeated exactly. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** One of the choices, each as likely as its weight among all (one draw from `random`). */
export function weighted<T>(random: () => number, choices: [T, number][]): T {
  const total = choices.reduce((sum, [, w]) => sum + w, 0);
  let r = random() * total;
  for (const [value, w] of choices) {
    r -= w;
    if (r < 0) return value;
  }
  return choices[choices.length - 1]![0];
}
