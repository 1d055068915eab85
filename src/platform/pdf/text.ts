import { transliterate } from 'transliteration';

/**
 * Characters the standard PDF fonts (Helvetica, WinAnsiEncoding: Windows-1252) can show: ASCII,
 * Latin-1 and the typographic marks Windows-1252 adds (curly quotes, dashes, the euro sign…).
 */
const UNSHOWABLE = /[^\t\n\r\x20-\x7e\u00a0-\u00ff€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]+/gu;

/**
 * Text as the standard fonts can draw it: a run of characters outside Windows-1252 (Ł, Cyrillic,
 * Greek, Arabic, Chinese…) is transliterated to Latin letters with the `transliteration` library
 * (as names are folded for search, src/platform/names.ts), "?" where it knows none, rather than
 * drawn as unreadable glyphs.
 */
export function showable(text: string): string {
  return text
    .normalize('NFC')
    .replace(UNSHOWABLE, (run) => transliterate(run, { unknown: '?', trim: false }).replace(UNSHOWABLE, '?'));
}
