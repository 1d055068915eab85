import { generateSecret, generateURI, verify, generate } from 'otplib';
import QRCode from 'qrcode';

export function newTotpSecret(): string {
  return generateSecret();
}

export function totpUri(secret: string, email: string): string {
  return generateURI({ issuer: 'Recolo', label: email, secret });
}

export async function totpQrSvg(secret: string, email: string): Promise<string> {
  return QRCode.toString(totpUri(secret, email), { type: 'svg', margin: 2, width: 200 });
}

/**
 * Checks a code, allowing one period of clock drift and refusing any time step already used.
 * Returns the time step used, or null. (otplib 13 returns an object: test `.valid`, never the object.)
 */
export async function checkTotp(
  secret: string,
  code: string,
  lastStep: number | null,
): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null;
  const result = await verify({
    secret,
    token: code,
    epochTolerance: 30,
    ...(lastStep !== null ? { afterTimeStep: lastStep } : {}),
  });
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}

export function currentTotp(secret: string): Promise<string> {
  return generate({ secret });
}
