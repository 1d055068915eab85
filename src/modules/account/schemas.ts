import { z } from 'zod';

export const signInForm = z.object({
  email: z
    .string()
    .trim()
    .toLowerCase()
    .min(1, 'Enter your email address')
    .email('Enter an email address in the correct format, like name@example.org'),
  password: z.string().min(1, 'Enter your password').max(256, 'Password must be 256 characters or fewer'),
});

export const twoFactorForm = z.object({
  code: z
    .string()
    .transform((v) => v.replace(/\s+/g, ''))
    .pipe(z.string().regex(/^\d{6}$/, 'Enter the 6-digit code from your authenticator app')),
});

const passwordText = (missing: string) =>
  z.string({ error: missing }).min(1, missing).max(256, 'Password must be 256 characters or fewer');

export const changePasswordForm = z.object({
  currentPassword: passwordText('Enter your current password'),
  newPassword: passwordText('Enter a new password'),
  confirmPassword: passwordText('Enter the new password again'),
});

export const apiTokenForm = z.object({
  name: z.string().trim().min(1, 'Enter a name for the token').max(80, 'Name must be 80 characters or fewer'),
});
