import { describe, expect, it } from 'vitest';
import { sanitiseFileName } from '../../src/modules/incidents/evidence.js';
import { attachmentDisposition } from '../../src/platform/http/attachment.js';

describe('evidence file names', () => {
  it('keeps only the last path segment', () => {
    expect(sanitiseFileName('../../etc/passwd.txt')).toBe('passwd.txt');
    expect(sanitiseFileName('C:\\Users\\vic\\Pictures\\car.jpg')).toBe('car.jpg');
  });

  it('removes control and bidirectional characters and replaces reserved ones', () => {
    expect(sanitiseFileName('photo\u0000\u0007\n.png')).toBe('photo.png');
    expect(sanitiseFileName('invoice\u202Egnp.exe')).toBe('invoicegnp.exe');
    expect(sanitiseFileName('a<b>:c"d|e?f*.txt')).toBe('a_b__c_d_e_f_.txt');
  });

  it('drops leading dots and trims, and never returns an empty name', () => {
    expect(sanitiseFileName('...hidden.txt')).toBe('hidden.txt');
    expect(sanitiseFileName('  spaced   out  .pdf ')).toBe('spaced out .pdf');
    expect(sanitiseFileName('')).toBe('evidence');
    expect(sanitiseFileName('../..')).toBe('evidence');
  });

  it('limits the length, keeping the extension', () => {
    const name = sanitiseFileName(`${'x'.repeat(300)}.jpeg`);
    expect(name.length).toBe(120);
    expect(name.endsWith('.jpeg')).toBe(true);
  });

  it('offers the name only as an attachment, encoded', () => {
    expect(attachmentDisposition('café photo.png')).toBe(
      `attachment; filename="caf_ photo.png"; filename*=UTF-8''caf%C3%A9%20photo.png`,
    );
    expect(attachmentDisposition('a"b;c.txt')).toMatch(/^attachment; filename="a_b_c.txt"/);
  });
});
