import { renderPdf, type PdfBlock } from '../../platform/pdf/index.js';
import { formatDate } from '../../platform/views/format.js';
import { COHORTS, OUTCOMES, START_DATES } from './framework.js';
import type { Report } from './service.js';

/**
 * The whole report as a PDF (platform/pdf: OFFICIAL-SENSITIVE, watermarked with who downloaded it
 * and when): the filters, the data's date, the disclosure rule, the tests and every table as the
 * page shows them. The survival chart is drawn as
 * on the page (its counts through disclosure control), its data in the tables that follow it.
 */
export async function reportPdf(report: Report, rule: string, downloadedBy: string): Promise<Buffer> {
  const f = report.filters;
  const label = <T extends { key: string; label: string }>(list: readonly T[], key: string | null) =>
    list.find((x) => x.key === key)?.label ?? 'None';
  const blocks: PdfBlock[] = [
    { kind: 'heading', text: 'Evaluation', level: 1 },
    {
      kind: 'summaryList',
      rows: [
        { key: 'Data as at', value: formatDate(report.asOf) },
        { key: 'Sites', value: report.chosenSites.map((s) => s.name).join(', ') },
        {
          key: 'Referred',
          value: `${f.from ? formatDate(f.from) : 'any date'} to ${f.to ? formatDate(f.to) : 'any date'}`,
        },
        { key: 'Cohort', value: label(COHORTS, f.cohort) },
        { key: 'Follow-up counts from', value: label(START_DATES, f.start) },
        { key: 'Outcome for the survival curves', value: label(OUTCOMES, f.outcome) },
        { key: 'Cases in the cohort', value: report.casesShown },
      ],
    },
    { kind: 'paragraph', text: rule, secondary: true },
    { kind: 'paragraph', text: report.survival.logRank },
  ];
  if (report.survival.stratified) blocks.push({ kind: 'paragraph', text: report.survival.stratified });
  if (report.survival.svg)
    blocks.push({
      kind: 'figure',
      svg: report.survival.svg,
      alt: `Survival curves: ${report.survival.outcomeLabel}. The same data is in the survival and number-at-risk tables.`,
    });
  for (const t of report.tables) {
    if (t.chart && t.rows.length) blocks.push({ kind: 'figure', svg: t.chart.svg, alt: t.chart.alt });
    blocks.push({
      kind: 'table',
      caption: t.title,
      head: t.header,
      rows: t.rows.length
        ? t.rows
        : [[`Nothing to show for these filters.`, ...t.header.slice(1).map(() => '')]],
      numeric: t.header.map((_, i) => (t.numeric ?? []).includes(i)),
    });
    for (const n of t.notes ?? []) blocks.push({ kind: 'paragraph', text: n, secondary: true });
  }
  blocks.push({
    kind: 'paragraph',
    text: 'The method is at /evaluation/method in Recolo. No name, case reference or identifier is in this report.',
    secondary: true,
  });
  return renderPdf({
    title: 'Recolo evaluation',
    subject: 'Evaluation report: aggregate figures only',
    downloadedBy,
    downloadedAt: new Date(),
    layout: 'landscape',
    blocks,
  });
}
