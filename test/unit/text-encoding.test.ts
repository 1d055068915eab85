import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeAs, decodeText, detectEncoding } from '../../src/platform/text-encoding.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/diary/${name}`, import.meta.url));
const SAID = 'He waited – again – and said “I’ll be back”; the flowers cost €40';

describe('decoding uploaded text', () => {
  it('reads Windows-1252 (Excel’s “CSV”) with – “ ” ’ € as themselves, not as control characters', () => {
    const data = fixture('windows-1252.csv');
    expect(detectEncoding(data)).toEqual({ encoding: 'windows-1252', bom: false });
    const { text, encoding } = decodeText(data);
    expect(encoding).toBe('windows-1252');
    expect(text).toContain(SAID);
    expect(text).not.toMatch(/[\u0080-\u009f]/);
  });

  it.each([
    ['utf-8-bom.csv', 'utf-8', true],
    ['utf-16le.txt', 'utf-16le', true],
    ['utf-16be.csv', 'utf-16be', true],
    ['utf-16le-no-bom.csv', 'utf-16le', false],
  ] as const)('detects %s as %s', (name, encoding, bom) => {
    const data = fixture(name);
    expect(detectEncoding(data)).toEqual({ encoding, bom });
    const { text } = decodeText(data);
    expect(text).toContain(SAID);
    expect(text.startsWith('date')).toBe(true);
    expect(text).not.toContain('\u0000');
  });

  it('reads plain UTF-8 without a byte order mark as UTF-8', () => {
    const data = Buffer.from(`date,description\n1/1/2025,${SAID}\n`, 'utf8');
    expect(detectEncoding(data)).toEqual({ encoding: 'utf-8', bom: false });
    expect(decodeText(data).text).toContain(SAID);
  });

  it('reads the bytes in the encoding the person chooses, whatever was detected', () => {
    const data = fixture('windows-1252.csv');
    expect(decodeText(data, 'utf-8').encoding).toBe('utf-8');
    expect(decodeText(data, 'utf-8').text).toContain('\ufffd');
    expect(decodeAs(Buffer.from([0x80, 0x93, 0x94, 0x96]), 'windows-1252')).toBe('€“”–');
  });
});
