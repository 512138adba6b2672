import { ApiError } from '../../api/client';

/** What to tell the user about a failed sign-in (mfa_required is a step, not an error). */
export function loginErrorMessage(error: unknown): { title: string; message: string } {
  if (!(error instanceof ApiError)) return { title: 'Sign-in failed', message: 'Something went wrong. Try again.' };
  switch (error.code) {
    case 'invalid_credentials':
      return { title: 'Wrong email or password', message: 'Check both and try again.' };
    case 'invalid_mfa_code':
      return {
        title: 'That code did not work',
        message: 'It is wrong, expired or already used. Enter the current code from your authenticator app.',
      };
    case 'rate_limited':
      return { title: 'Too many sign-in attempts', message: 'Wait a moment before trying again.' };
    default:
      return { title: 'Sign-in failed', message: error.message };
  }
}
