import iconv from 'iconv-lite';

/**
 * Text files as people upload them: what Excel and Notepad save is UTF-8 (with or without a byte
 * order mark), Windows-1252 ("CSV" from an older Excel, "ANSI" from Notepad) or UTF-16 ("Unicode
 * text", little or big endian). The encoding is detected from the bytes and decoded with iconv-lite
 * (Node 20's TextDecoder('windows-1252') decodes as Latin-1, turning – “ ” € into control
 * characters). The person can always choose another encoding: detection is a guess, and the
 * preview says which was used.
 */

export const ENCODINGS = ['utf-8', 'windows-1252', 'utf-16le', 'utf-16be'] as const;
export type Encoding = (typeof ENCODINGS)[number];

export const ENCODING_LABELS: Record<Encoding, string> = {
  'utf-8': 'UTF-8',
  'windows-1252': 'Windows-1252 (Western European, older Excel “CSV”)',
  'utf-16le': 'UTF-16 little-endian (Excel “Unicode text”)',
  'utf-16be': 'UTF-16 big-endian',
};

export function isEncoding(v: unknown): v is Encoding {
  return typeof v === 'string' && (ENCODINGS as readonly string[]).includes(v);
}

export type Detected = { encoding: Encoding; bom: boolean };

const startsWith = (data: Uint8Array, ...bytes: number[]) =>
  data.length >= bytes.length && bytes.every((b, i) => data[i] === b);

/** Whether the bytes are valid UTF-8. */
function isUtf8(data: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(data);
    return true;
  } catch {
    return false;
  }
}

/**
 * UTF-16 without a byte order mark: text in Latin script has a zero byte in every other position
 * (the high byte of each code unit). Looks at the first 4 KB: at least a third of the code units
 * with a zero on one side, and (almost) none on the other.
 */
function utf16WithoutBom(data: Uint8Array): Encoding | null {
  const n = Math.min(data.length, 4096) & ~1;
  if (n < 4) return null;
  let zeroEven = 0;
  let zeroOdd = 0;
  for (let i = 0; i < n; i += 2) {
    if (data[i] === 0) zeroEven += 1;
    if (data[i + 1] === 0) zeroOdd += 1;
  }
  const units = n / 2;
  if (zeroOdd >= units / 3 && zeroEven <= units / 20) return 'utf-16le';
  if (zeroEven >= units / 3 && zeroOdd <= units / 20) return 'utf-16be';
  return null;
}

/** The encoding the bytes are most likely in. */
export function detectEncoding(data: Uint8Array): Detected {
  if (startsWith(data, 0xef, 0xbb, 0xbf)) return { encoding: 'utf-8', bom: true };
  if (startsWith(data, 0xff, 0xfe)) return { encoding: 'utf-16le', bom: true };
  if (startsWith(data, 0xfe, 0xff)) return { encoding: 'utf-16be', bom: true };
  const utf16 = utf16WithoutBom(data);
  if (utf16) return { encoding: utf16, bom: false };
  if (isUtf8(data)) return { encoding: 'utf-8', bom: false };
  return { encoding: 'windows-1252', bom: false };
}

/** The text of the bytes in the given encoding, its byte order mark (if any) removed. */
export function decodeAs(data: Uint8Array, encoding: Encoding): string {
  return iconv.decode(Buffer.from(data.buffer, data.byteOffset, data.byteLength), encoding, {
    stripBOM: true,
  });
}

/** Decoded text with the encoding used: the one chosen, or else the one detected. */
export function decodeText(
  data: Uint8Array,
  chosen?: Encoding | null,
): { text: string; encoding: Encoding; detected: Detected } {
  const detected = detectEncoding(data);
  const encoding = chosen ?? detected.encoding;
  return { text: decodeAs(data, encoding), encoding, detected };
}

/**
 * Whether the bytes are plain text in one of the encodings above: decoded as detected, nothing but
 * printable characters, tabs, line and page breaks (a binary file has other control bytes, or
 * broken UTF-16).
 */
export function looksLikeText(data: Uint8Array): boolean {
  const { encoding } = detectEncoding(data);
  if (encoding.startsWith('utf-16') && data.length % 2 === 1) return false;
  const text = decodeAs(data, encoding);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text)) return false;
  // a replacement character from UTF-16 means broken code units, not text
  return !(encoding.startsWith('utf-16') && text.includes('\ufffd'));
}
