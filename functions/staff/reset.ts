// Password reset: a request mails a single-use token (32 random bytes, base64url; only its SHA-256 is
// stored, with an expiry) to a staff member's address, at most once per throttle window per address,
// and answers the same whether or not the account exists. Confirmation consumes the token atomically
// (a conditional delete: it cannot be used twice) and sets the new password (permanent) in Cognito.
import { createHash, randomBytes } from 'node:crypto';
import { AdminSetUserPasswordCommand } from '@aws-sdk/client-cognito-identity-provider';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { checkNewPassword, normalizeEmail } from '../../domain/staff/rules.ts';
import { claimResetSlot, consumeResetToken, getStaff, putResetToken, staffByEmail } from '../../domain/staff/store.ts';
import { AppError } from '../../platform/errors.ts';
import type { PasswordResetAnswer } from '../../platform/generated/graphql.ts';
import { cognito, userPoolId } from './cognito.ts';

export const RESET_REQUESTED = 'Password reset email sent if account exists';
const TOKEN_MINUTES = 30;
const THROTTLE_SECONDS = 60;

let ses: SESv2Client | undefined;
const sender = () => process.env.RESET_SENDER || 'no-reply@drs.local';
export const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

function message(token: string, expiresAt: Date): { subject: string; text: string } {
  const base = process.env.RESET_LINK_BASE;
  const link = base ? `\n\nOr open: ${base}${base.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}` : '';
  return {
    subject: 'DRS Orchestration: password reset',
    text:
      `A password reset was requested for your DRS Orchestration account.\n\n` +
      `Reset token: ${token}\n\nSend it with your new password to POST /auth/password-reset/confirm ` +
      `({"token": "...", "new_password": "..."}). It can be used once and expires at ${expiresAt.toISOString()}.${link}\n\n` +
      `If you did not ask for this, ignore this message: your password stays as it is.`,
  };
}

export async function requestPasswordReset(emailIn: string): Promise<PasswordResetAnswer> {
  const email = normalizeEmail(emailIn);
  const now = new Date();
  // The throttle is claimed for every address, known or not, so the answer and timing do not tell them apart.
  if (!(await claimResetSlot(email, now, THROTTLE_SECONDS))) return { message: RESET_REQUESTED };
  const staff = await staffByEmail(email);
  if (!staff || !staff.enabled) return { message: RESET_REQUESTED };
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + TOKEN_MINUTES * 60_000);
  await putResetToken(hashToken(token), { staffId: staff.staffId, expiresAt: Math.floor(expiresAt.getTime() / 1000) });
  const { subject, text } = message(token, expiresAt);
  ses ??= new SESv2Client({});
  await ses.send(
    new SendEmailCommand({
      FromEmailAddress: sender(),
      Destination: { ToAddresses: [staff.email] },
      Content: { Simple: { Subject: { Data: subject }, Body: { Text: { Data: text } } } },
    }),
  );
  return { message: RESET_REQUESTED };
}

export async function confirmPasswordReset(token: string, newPassword: string): Promise<PasswordResetAnswer> {
  if (typeof token !== 'string' || !token.trim() || token.length > 512) throw new AppError('INVALID_REQUEST', 'token is required', { field: 'token' });
  const password = checkNewPassword(newPassword, 'new_password');
  const used = await consumeResetToken(hashToken(token.trim()), new Date());
  if (!used) throw new AppError('UNAUTHORIZED', 'The reset token is invalid, used or expired');
  const staff = await getStaff(used.staffId);
  if (!staff || !staff.enabled) throw new AppError('UNAUTHORIZED', 'The reset token is invalid, used or expired');
  await cognito().send(new AdminSetUserPasswordCommand({ UserPoolId: userPoolId(), Username: staff.username, Password: password, Permanent: true }));
  return { message: 'Password updated successfully' };
}
