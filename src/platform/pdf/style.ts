/**
 * GOV.UK typography for print, in points, from govuk-frontend's typography scale (its `print`
 * sizes: heading-l 24pt, heading-m 18pt, heading-s and body 14pt, small text 12pt) and its
 * spacing scale (15, 20 and 30 pixels taken as points); GOV.UK's text, secondary text and border
 * colours. Helvetica stands in for GDS Transport, as GOV.UK's own font stack falls back to Arial.
 */
export const STYLE = {
  font: 'Helvetica',
  bold: 'Helvetica-Bold',
  text: '#0b0c0c',
  secondary: '#505a5f',
  border: '#b1b4b6',
  heading: {
    1: { size: 24, lineGap: 1, after: 20 },
    2: { size: 18, lineGap: 2, after: 15 },
    3: { size: 14, lineGap: 2, after: 10 },
  },
  body: { size: 14, lineGap: 2, after: 15 },
  small: { size: 12, lineGap: 2 },
  /** table and summary list cell padding: 10pt below and above, 20pt between columns */
  cellPadding: 7,
  columnGap: 15,
  marking: { size: 12 },
  watermark: { size: 16, opacity: 0.18 },
  margin: { top: 62, bottom: 62, left: 57, right: 57 },
} as const;
