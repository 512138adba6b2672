import { call, callData } from '../../api/call';
import type { MfaEnrollment } from '../../api/types';

export function enrollMfa(): Promise<MfaEnrollment> {
  return callData('POST /api/v1/auth/mfa/enroll');
}

export async function confirmMfa(code: string): Promise<string[]> {
  const data = await callData('POST /api/v1/auth/mfa/confirm', { body: { code } });
  return data.recoveryCodes;
}

export async function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  await call('POST /api/v1/auth/password', { body: { currentPassword, newPassword } });
}

export async function disableMfa(password: string, code: string): Promise<void> {
  await call('POST /api/v1/auth/mfa/disable', { body: { password, code } });
}
