import { describe, expect, it } from 'vitest';
import { validateNewUser, validateUserEdit } from './validation';

const valid = { email: 'bo@example.com', displayName: 'Bo', password: 'twelve chars', roles: ['viewer'] };

describe('validateNewUser', () => {
  it('accepts a complete user', () => {
    expect(validateNewUser(valid)).toEqual({});
  });

  it('explains every missing or invalid field', () => {
    expect(validateNewUser({ email: '', displayName: '  ', password: 'short', roles: [] })).toEqual({
      email: 'Enter an email address.',
      displayName: 'Enter a name.',
      password: 'Use at least 12 characters (5 so far).',
      roles: 'Choose at least one role.',
    });
    expect(validateNewUser({ ...valid, email: 'not-an-email' }).email).toMatch(/such as name@example.com/);
  });

  it('counts characters, not UTF-16 units, like the API', () => {
    expect(validateNewUser({ ...valid, password: '🔑'.repeat(11) }).password).toBe('Use at least 12 characters (11 so far).');
    expect(validateNewUser({ ...valid, password: '🔑'.repeat(12) }).password).toBeUndefined();
    expect(validateNewUser({ ...valid, password: ' '.repeat(12) }).password).toBe('The password cannot be only spaces.');
    expect(validateNewUser({ ...valid, password: 'x'.repeat(129) }).password).toBe('Use at most 128 characters.');
  });
});

describe('validateUserEdit', () => {
  it('treats an empty password as "keep the current one"', () => {
    expect(validateUserEdit({ displayName: 'Bo', roles: ['viewer'], active: true, password: '' })).toEqual({});
    expect(validateUserEdit({ displayName: 'Bo', roles: [], active: true, password: 'short' })).toEqual({
      roles: 'Choose at least one role.',
      password: 'Use at least 12 characters (5 so far).',
    });
  });
});
