import path from 'node:path';
import { looksLikeText } from '../../platform/text-encoding.js';

/**
 * What evidence may be uploaded, and the checks that keep an upload what it claims to be: the
 * type comes from the file name's extension, the declared type must agree with it, and the first
 * bytes must be those of that type. Nothing uploaded is ever served as itself: downloads are
 * always application/octet-stream attachments.
 */

export type EvidenceKind = {
  contentType: string;
  label: string;
  extensions: string[];
  /** other types a browser may declare for it */
  aliases: string[];
  matches(data: Buffer): boolean;
};

const startsWith = (data: Buffer, ...bytes: number[]) =>
  data.length >= bytes.length && bytes.every((b, i) => data[i] === b);

/**
 * Plain text in any encoding people save it in (UTF-8, UTF-16 from Notepad's "Unicode",
 * Windows-1252 from its "ANSI"): printable characters and line breaks only.
 */
export const isPlainText = looksLikeText;

/**
 * An ISO base media file (MP4, QuickTime, HEIF) starts with a box of type 'ftyp' naming the file's
 * major brand and the brands it is compatible with (ISO/IEC 14496-12 §4.3). Returns them, or null
 * when the first box is not a well-formed 'ftyp' box.
 */
export function fileTypeBox(d: Buffer): { major: string; compatible: string[] } | null {
  if (d.length < 16 || d.subarray(4, 8).toString('latin1') !== 'ftyp') return null;
  const size = d.readUInt32BE(0);
  // size, type, major brand and minor version are 16 bytes; then whole 4-byte brands
  if (size < 16 || (size - 16) % 4 !== 0) return null;
  const end = Math.min(size, d.length);
  const compatible: string[] = [];
  for (let i = 16; i + 4 <= end; i += 4) compatible.push(d.subarray(i, i + 4).toString('latin1'));
  return { major: d.subarray(8, 12).toString('latin1'), compatible };
}

/** HEIF brands (ISO/IEC 23008-12): HEVC images and sequences, and the general image brands. */
const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'hevm', 'hevs', 'mif1', 'msf1']);
/** QuickTime (Apple's .mov, what an iPhone records video as). */
const QUICKTIME_BRAND = 'qt  ';

const isHeif = (d: Buffer): boolean => {
  const box = fileTypeBox(d);
  return !!box && (HEIF_BRANDS.has(box.major) || box.compatible.some((b) => HEIF_BRANDS.has(b)));
};
const isQuickTime = (d: Buffer): boolean => fileTypeBox(d)?.major === QUICKTIME_BRAND;
/** An MP4 (or M4A): an ISO base media file that is neither a HEIF image nor a QuickTime movie. */
const isMp4 = (d: Buffer): boolean => {
  const box = fileTypeBox(d);
  return !!box && !HEIF_BRANDS.has(box.major) && box.major !== QUICKTIME_BRAND;
};

export const EVIDENCE_KINDS: EvidenceKind[] = [
  {
    contentType: 'application/pdf',
    label: 'a PDF',
    extensions: ['.pdf'],
    aliases: ['application/x-pdf'],
    matches: (d) => startsWith(d, 0x25, 0x50, 0x44, 0x46, 0x2d), // %PDF-
  },
  {
    contentType: 'image/jpeg',
    label: 'a JPEG image',
    extensions: ['.jpg', '.jpeg'],
    aliases: ['image/pjpeg'],
    matches: (d) => startsWith(d, 0xff, 0xd8, 0xff),
  },
  {
    contentType: 'image/png',
    label: 'a PNG image',
    extensions: ['.png'],
    aliases: [],
    matches: (d) => startsWith(d, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a),
  },
  {
    contentType: 'text/plain',
    label: 'plain text',
    extensions: ['.txt'],
    aliases: [],
    matches: isPlainText,
  },
  {
    contentType: 'audio/mpeg',
    label: 'an MP3 recording',
    extensions: ['.mp3'],
    aliases: ['audio/mp3'],
    // an ID3 tag, or an MPEG audio frame header (11 sync bits)
    matches: (d) =>
      startsWith(d, 0x49, 0x44, 0x33) || (d.length >= 2 && d[0] === 0xff && (d[1]! & 0xe0) === 0xe0),
  },
  {
    contentType: 'video/mp4',
    label: 'an MP4 video',
    extensions: ['.mp4', '.m4a'],
    aliases: ['audio/mp4', 'audio/x-m4a'],
    matches: isMp4,
  },
  {
    // what an iPhone saves photos as; HEIF is the container, HEIC its HEVC-coded form
    contentType: 'image/heic',
    label: 'a HEIC image',
    extensions: ['.heic'],
    aliases: ['image/heif', 'image/heic-sequence', 'image/heif-sequence'],
    matches: isHeif,
  },
  {
    contentType: 'image/heif',
    label: 'a HEIF image',
    extensions: ['.heif', '.hif'],
    aliases: ['image/heic', 'image/heif-sequence', 'image/heic-sequence'],
    matches: isHeif,
  },
  {
    // what an iPhone records video as
    contentType: 'video/quicktime',
    label: 'a QuickTime video',
    extensions: ['.mov', '.qt'],
    aliases: [],
    matches: isQuickTime,
  },
];

/** Types a browser sends when it does not know: the extension decides. */
const UNKNOWN_DECLARED = new Set(['', 'application/octet-stream', 'binary/octet-stream']);

export const ALLOWED_DESCRIPTION =
  'a PDF, JPEG, PNG, HEIC, plain text (.txt), MP3, MP4 or QuickTime (.mov) file';

export type EvidenceCheck =
  { ok: true; contentType: string; fileName: string } | { ok: false; message: string };

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${Math.round((n / (1024 * 1024)) * 10) / 10} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} bytes`;
}

/** Checks an upload: size, an allowed type, a declared type that agrees, and content that matches. */
export function checkEvidence(
  file: { filename: string; mimeType: string; data: Buffer; size: number; tooLarge: boolean },
  maxBytes: number,
): EvidenceCheck {
  if (file.tooLarge || file.size > maxBytes)
    return { ok: false, message: `The selected file must be smaller than ${formatBytes(maxBytes)}` };
  if (!file.filename && file.size === 0) return { ok: false, message: 'Select a file' };
  if (file.size === 0) return { ok: false, message: 'The selected file is empty' };
  const fileName = sanitiseFileName(file.filename);
  const ext = path.extname(fileName).toLowerCase();
  const kind = EVIDENCE_KINDS.find((k) => k.extensions.includes(ext));
  if (!kind) return { ok: false, message: `The selected file must be ${ALLOWED_DESCRIPTION}` };
  const declared = file.mimeType.split(';')[0]!.trim().toLowerCase();
  if (!UNKNOWN_DECLARED.has(declared) && declared !== kind.contentType && !kind.aliases.includes(declared))
    return {
      ok: false,
      message: `The selected file is named as ${kind.label} (${ext}) but was sent as ${declared}: it was not saved`,
    };
  if (!kind.matches(file.data))
    return {
      ok: false,
      message: `The content of the selected file does not match its type: it is not ${kind.label}. It was not saved`,
    };
  return { ok: true, contentType: kind.contentType, fileName };
}

const MAX_NAME = 120;

/**
 * A file name safe to store and to offer back: the last path segment only, no control, format
 * (bidirectional override) or path characters, no leading dots, at most 120 characters with the
 * extension kept.
 */
export function sanitiseFileName(name: string): string {
  const base = (name ?? '').split(/[/\\]/).pop() ?? '';
  let clean = base
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '')
    .replace(/[<>:"/\\|?*]/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '');
  if ([...clean].length > MAX_NAME) {
    const ext = path.extname(clean);
    const keep = ext && [...ext].length <= 10 ? ext : '';
    const stem = [...clean.slice(0, clean.length - keep.length)].slice(0, MAX_NAME - [...keep].length);
    clean = stem.join('').trim() + keep;
  }
  return clean || 'evidence';
}
