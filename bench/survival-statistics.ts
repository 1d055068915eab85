// How long the survival statistics take at national scale (issue 16, item 6): Kaplan-Meier, the
// log-rank test (plain and stratified by site) and the Cox model over 500,000 synthetic people,
// in memory, without the database.
//
//   npx tsx bench/survival-statistics.ts            (BENCH_PEOPLE to change the number, 500000)
//
// The follow-up is exponential (a longer mean in the second cohort) censored uniformly over three
// years, in whole days, so there are many ties, as in the programme's data.
import { coxProportionalHazards } from '../src/modules/evaluation/statistics/cox.js';
import { survivalChartSvg } from '../src/modules/evaluation/statistics/chart.js';
import { kaplanMeier, logRank, stratifiedLogRank } from '../src/modules/evaluation/statistics/survival.js';

const people = Number(process.env.BENCH_PEOPLE ?? 500_000);
const sites = 40;
let seed = 1;
const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
const rows = Array.from({ length: people }, () => {
  const cohort = random() < 0.5 ? 1 : 0;
  const site = Math.floor(random() * sites);
  const eventDay = Math.floor(-Math.log(random()) * (cohort ? 900 : 700));
  const censorDay = Math.floor(random() * 1100);
  return {
    time: Math.min(eventDay, censorDay),
    event: eventDay <= censorDay,
    cohort,
    site,
    risk: Math.floor(random() * 3),
    age: 18 + Math.floor(random() * 50),
  };
});

function timed<T>(label: string, run: () => T): T {
  const start = performance.now();
  const result = run();
  console.log(`${label.padEnd(44)} ${Math.round(performance.now() - start)} ms`);
  return result;
}

console.log(`${people} people, ${sites} sites`);
const byCohort = [0, 1].map((c) => rows.filter((r) => r.cohort === c));
const curves = timed('Kaplan-Meier, two cohorts', () => byCohort.map((g) => kaplanMeier(g)));
timed('log-rank, two cohorts', () => logRank(byCohort));
const strata = Array.from({ length: sites }, (_, s) =>
  [0, 1].map((c) => rows.filter((r) => r.site === s && r.cohort === c)),
);
timed(`log-rank stratified by ${sites} sites`, () => stratifiedLogRank(strata));
const model = timed('Cox: cohort + risk at entry + age (Efron)', () =>
  coxProportionalHazards(
    rows.map((r) => ({ time: r.time, event: r.event, covariates: [r.cohort, r.risk, r.age] })),
    ['cohort', 'risk', 'age'],
  ),
);
timed('chart of both curves', () =>
  survivalChartSvg(
    curves.map((km, i) => ({ label: `Cohort ${i + 1}`, km })),
    { title: 'Benchmark', minAtRisk: 10 },
  ),
);
console.log(
  `Cox converged in ${model.iterations} iterations: ${model.terms.map((t) => `${t.name} HR ${t.hazardRatio.toFixed(3)}`).join(', ')}`,
);
