import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkEvidence, fileTypeBox, isPlainText } from '../../src/modules/incidents/evidence.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/evidence/${name}`, import.meta.url));
const HEIC = fixture('iphone-photo.heic');
const HEIF = fixture('still.heif');
const MOV = fixture('iphone-video.mov');
const REAL_MP4 = fixture('clip.mp4');
const BROKEN = fixture('broken-ftyp.heic');

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46]);
const PDF = Buffer.from('%PDF-1.7\n%âãÏÓ\n', 'latin1');
const MP4 = Buffer.concat([Buffer.from([0, 0, 0, 0x20]), Buffer.from('ftypisom'), Buffer.alloc(8)]);
const MP3 = Buffer.from('ID3\x04\x00\x00\x00\x00\x00\x00', 'latin1');

const file = (filename: string, data: Buffer, mimeType = '') => ({
  filename,
  mimeType,
  data,
  size: data.length,
  tooLarge: false,
});

describe('evidence content checks', () => {
  it.each([
    ['photo.png', PNG, 'image/png', 'image/png'],
    ['photo.JPG', JPEG, 'image/jpeg', 'image/jpeg'],
    ['letter.pdf', PDF, 'application/pdf', 'application/pdf'],
    ['notes.txt', Buffer.from('He was outside again at 7pm — café\n'), 'text/plain', 'text/plain'],
    ['call.mp3', MP3, 'audio/mpeg', 'audio/mpeg'],
    ['clip.mp4', MP4, 'video/mp4', 'video/mp4'],
    ['photo.png', PNG, 'application/octet-stream', 'image/png'],
  ])('accepts %s whose bytes match (%s declared as %s)', (name, data, declared, stored) => {
    const result = checkEvidence(file(name, data, declared), 1024);
    expect(result).toEqual({ ok: true, contentType: stored, fileName: name });
  });

  it('refuses a .png that is really text', () => {
    const result = checkEvidence(file('photo.png', Buffer.from('not a picture'), 'image/png'), 1024);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(/does not match its type: it is not a PNG image/);
  });

  it('refuses a .pdf that is really a PNG, and a .jpg that is really a PDF', () => {
    expect(checkEvidence(file('a.pdf', PNG, 'application/pdf'), 1024).ok).toBe(false);
    expect(checkEvidence(file('a.jpg', PDF, 'image/jpeg'), 1024).ok).toBe(false);
  });

  it('refuses a declared type that disagrees with the name', () => {
    const result = checkEvidence(file('photo.png', PNG, 'text/html'), 1024);
    expect(!result.ok && result.message).toMatch(/sent as text\/html/);
  });

  it('refuses types that are not allowed', () => {
    for (const name of ['page.html', 'run.exe', 'image.svg', 'noextension', 'script.js']) {
      const result = checkEvidence(file(name, Buffer.from('<html>'), ''), 1024);
      expect(!result.ok && result.message).toMatch(/must be a PDF, JPEG, PNG/);
    }
  });

  it('refuses files over the limit, and empty files', () => {
    expect(checkEvidence({ ...file('a.png', PNG), tooLarge: true }, 1024)).toEqual({
      ok: false,
      message: 'The selected file must be smaller than 1 KB',
    });
    expect(checkEvidence(file('a.png', PNG), 4).ok).toBe(false);
    expect(checkEvidence(file('a.png', Buffer.alloc(0)), 1024).ok).toBe(false);
  });

  it('text is valid UTF-8 with no NUL bytes', () => {
    expect(isPlainText(Buffer.from('plain text, £5'))).toBe(true);
    expect(isPlainText(Buffer.from([0x61, 0x00, 0x62]))).toBe(false);
    // text as Notepad saves it: "ANSI" (Windows-1252) and "Unicode" (UTF-16 with its byte order mark)
    expect(isPlainText(Buffer.from([0x93, 0x68, 0x69, 0x94, 0x20, 0x80, 0x35, 0x0d, 0x0a]))).toBe(true);
    expect(
      isPlainText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('He said “hi”\r\n', 'utf16le')])),
    ).toBe(true);
    // binary: control bytes, or UTF-16 broken in the middle of a character
    expect(isPlainText(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]))).toBe(false);
    expect(isPlainText(Buffer.from([0xff, 0xfe, 0x41, 0x00, 0x42]))).toBe(false);
    expect(checkEvidence(file('a.txt', PNG, 'text/plain'), 1024).ok).toBe(false);
  });
});

describe('evidence from phones: HEIC/HEIF photos and QuickTime videos, by their ftyp box', () => {
  it('reads the ftyp box: major and compatible brands', () => {
    expect(fileTypeBox(HEIC)).toEqual({
      major: 'heic',
      compatible: ['mif1', 'MiHE', 'MiPr', 'miaf', 'MiHB', 'heic'],
    });
    expect(fileTypeBox(MOV)).toEqual({ major: 'qt  ', compatible: ['qt  '] });
    expect(fileTypeBox(BROKEN)).toBeNull();
    expect(fileTypeBox(PNG)).toBeNull();
  });

  it.each([
    ['IMG_0001.HEIC', HEIC, 'image/heic', 'image/heic'],
    ['IMG_0001.heic', HEIC, '', 'image/heic'],
    ['IMG_0001.heic', HEIC, 'application/octet-stream', 'image/heic'],
    ['photo.heif', HEIF, 'image/heif', 'image/heif'],
    ['photo.heic', HEIF, 'image/heif', 'image/heic'],
    ['IMG_0002.MOV', MOV, 'video/quicktime', 'video/quicktime'],
    ['IMG_0002.mov', MOV, '', 'video/quicktime'],
    ['clip.mp4', REAL_MP4, 'video/mp4', 'video/mp4'],
  ])('accepts %s (declared as %j) and stores it as %s', (name, data, declared, stored) => {
    expect(checkEvidence(file(name, data, declared), 4096)).toEqual({
      ok: true,
      contentType: stored,
      fileName: name,
    });
  });

  it.each([
    ['a .heic that is really a JPEG', 'photo.heic', JPEG, 'image/heic', /it is not a HEIC image/],
    ['a .heic whose ftyp box is malformed', 'photo.heic', BROKEN, 'image/heic', /it is not a HEIC image/],
    ['a .heic that is an MP4 video', 'photo.heic', REAL_MP4, 'image/heic', /it is not a HEIC image/],
    ['a .mov that is really an MP4', 'clip.mov', REAL_MP4, 'video/quicktime', /it is not a QuickTime video/],
    ['a .mov that is a HEIC photo', 'clip.mov', HEIC, 'video/quicktime', /it is not a QuickTime video/],
    ['a .mov that is text', 'clip.mov', Buffer.from('ftyp qt  '), '', /it is not a QuickTime video/],
    ['an .mp4 that is a HEIC photo', 'clip.mp4', HEIC, 'video/mp4', /it is not an MP4 video/],
    ['an .mp4 that is a QuickTime movie', 'clip.mp4', MOV, 'video/mp4', /it is not an MP4 video/],
  ])('refuses %s', (_what, name, data, declared, message) => {
    const result = checkEvidence(file(name, data, declared), 4096);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(message);
  });

  it('refuses a .mov declared as something else', () => {
    const result = checkEvidence(file('clip.mov', MOV, 'text/html'), 4096);
    expect(!result.ok && result.message).toMatch(/sent as text\/html/);
  });
});
