import { request } from '../../api/client';
import type { DataEnvelope, MfaEnrollment } from '../../api/types';

export async function enrollMfa(): Promise<MfaEnrollment> {
  const body = await request<DataEnvelope<MfaEnrollment>>('/api/v1/auth/mfa/enroll', { method: 'POST' });
  return body.data;
}

export async function confirmMfa(code: string): Promise<string[]> {
  const body = await request<DataEnvelope<{ recoveryCodes: string[] }>>('/api/v1/auth/mfa/confirm', {
    method: 'POST',
    body: { code },
  });
  return body.data.recoveryCodes;
}

export async function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  await request<null>('/api/v1/auth/password', { method: 'POST', body: { currentPassword, newPassword } });
}

export async function disableMfa(password: string, code: string): Promise<void> {
  await request<null>('/api/v1/auth/mfa/disable', { method: 'POST', body: { password, code } });
}
