import { useState } from 'react';
import { isSixDigits, normaliseCode } from './mfaErrors';

/** The 6-digit authenticator code of a form: its text, the form's error, and a check before sending. */
export function useCodeField() {
  const [code, setCode] = useState('');
  const [error, setError] = useState<string>();
  /**
   * The code without spaces, or undefined after showing why the form cannot be
   * sent: `before` (a problem found first, e.g. a missing password), else a code
   * that is not six digits.
   */
  const take = (before?: string): string | undefined => {
    const value = normaliseCode(code);
    const problem = before ?? (isSixDigits(value) ? undefined : 'Enter the 6 digits shown in your app.');
    setError(problem);
    return problem ? undefined : value;
  };
  /** Empties the field, after the API refused the code. */
  const clear = () => setCode('');
  return { code, setCode, error, take, clear };
}
