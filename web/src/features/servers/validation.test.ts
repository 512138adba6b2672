import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import type { Server } from '../../api/types';
import {
  emptyServerValues,
  isValidHost,
  newServerBody,
  parseTags,
  secretError,
  serverErrorsFor,
  serverFields,
  serverPatch,
  serverValues,
  validateCredentialEdit,
  validateNewCredential,
  validateServer,
  type ServerFormValues,
} from './validation';

const CRED = '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
const valid: ServerFormValues = {
  ...emptyServerValues(),
  name: 'web-1',
  host: 'web-1.example.com',
  username: 'deploy',
  credentialId: CRED,
};

describe('validateServer', () => {
  it('accepts a complete server', () => {
    expect(validateServer(valid)).toEqual({});
    expect(validateServer({ ...valid, host: '[2001:db8::1]', port: '2222', tags: 'prod, web eu-west/1' })).toEqual({});
  });

  it('explains every missing field', () => {
    expect(validateServer({ ...emptyServerValues(), port: '' })).toEqual({
      name: 'Enter a name.',
      host: 'Enter a hostname or IP address.',
      port: 'Enter a port from 1 to 65535.',
      username: 'Enter the user to log in as.',
      credentialId: 'Choose the credential to log in with.',
    });
  });

  it('mirrors the API’s rules for each field', () => {
    const errors = (changes: Partial<ServerFormValues>) => validateServer({ ...valid, ...changes });
    expect(errors({ name: 'x'.repeat(101) }).name).toMatch(/100 characters/);
    expect(errors({ name: '🖥'.repeat(100) }).name).toBeUndefined(); // characters, not UTF-16 units
    expect(errors({ host: 'https://web-1' }).host).toMatch(/without a port or scheme/);
    expect(errors({ host: 'web-1:22' }).host).toBeDefined();
    expect(errors({ host: '-web' }).host).toBeDefined();
    expect(errors({ host: 'a'.repeat(64) }).host).toBeDefined(); // a label is at most 63
    expect(errors({ host: '2001:db8::zz' }).host).toBeDefined();
    expect(errors({ port: '0' }).port).toBeDefined();
    expect(errors({ port: '65536' }).port).toBeDefined();
    expect(errors({ port: '22.5' }).port).toBeDefined();
    expect(errors({ username: '.hidden' }).username).toMatch(/not starting with/);
    expect(errors({ username: 'x'.repeat(65) }).username).toBeDefined();
    expect(errors({ username: 'svc@corp' }).username).toBeUndefined();
    expect(errors({ credentialId: CRED.toUpperCase() }).credentialId).toMatch(/lower-case UUID/);
    expect(errors({ tags: '-bad' }).tags).toMatch(/"-bad" is not a valid tag/);
    expect(errors({ tags: Array.from({ length: 31 }, (_, i) => `t${i}`).join(' ') }).tags).toBe('Use at most 30 tags (31 so far).');
    expect(errors({ hostKey: 'not a key' }).hostKey).toMatch(/authorized_keys format/);
    expect(errors({ hostKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl root@web-1' }).hostKey).toBeUndefined();
    // A key being forgotten is not checked.
    expect(errors({ hostKey: 'junk', forgetHostKey: true }).hostKey).toBeUndefined();
  });
});

describe('isValidHost', () => {
  it('takes hostnames and IP addresses like domain.ValidHost', () => {
    for (const host of ['localhost', 'web-1.example.com.', '10.0.0.5', '::1', '2001:db8::1', 'under_score']) expect(isValidHost(host)).toBe(true);
    for (const host of ['', 'web..example', 'a b', 'web-', `${'a.'.repeat(127)}ab`, 'fe80::1%eth0']) expect(isValidHost(host)).toBe(false);
  });
});

describe('server bodies', () => {
  it('normalises tags like the API: trimmed, lower-cased, deduplicated, in order', () => {
    expect(parseTags(' Prod, web  prod,,EU ')).toEqual(['prod', 'web', 'eu']);
  });

  it('sends the typed values, without a host key unless one was given', () => {
    expect(newServerBody({ ...valid, host: ' [::1] ', port: '2222', tags: 'Web' })).toEqual({
      name: 'web-1',
      host: '::1',
      port: 2222,
      username: 'deploy',
      credentialId: CRED,
      tags: ['web'],
    });
  });

  const server: Server = {
    id: 's1',
    name: 'web-1',
    host: '10.0.0.5',
    port: 22,
    username: 'deploy',
    credentialId: CRED,
    credentialName: 'deploy key',
    tags: ['prod', 'web'],
    hostKey: 'ssh-ed25519 AAAA',
    hostKeyFingerprint: 'SHA256:abc',
    createdAt: '2026-11-01T09:00:00Z',
    updatedAt: '2026-11-01T09:00:00Z',
  };

  it('patches only what changed, and keeps the pinned key unless told otherwise', () => {
    expect(serverPatch(server, serverValues(server))).toEqual({});
    expect(serverPatch(server, { ...serverValues(server), port: '2222', tags: 'web prod' })).toEqual({ port: 2222, tags: ['web', 'prod'] });
    expect(serverPatch(server, { ...serverValues(server), forgetHostKey: true, hostKey: 'ignored' })).toEqual({ hostKey: '' });
    expect(serverPatch(server, { ...serverValues(server), hostKey: ' ssh-ed25519 BBBB ' })).toEqual({ hostKey: 'ssh-ed25519 BBBB' });
  });
});

describe('serverErrorsFor', () => {
  it('maps field details, list items to their list, and a duplicate name onto the name', () => {
    const invalid = new ApiError(400, 'validation_failed', 'invalid input', [
      { field: 'tags[1]', message: 'must be 1 to 50 of a-z 0-9' },
      { field: 'credentialId', message: 'is not an existing credential' },
      { field: 'body', message: 'is odd' },
    ]);
    expect(serverErrorsFor(invalid, serverFields)).toEqual({
      fields: { tags: 'This field must be 1 to 50 of a-z 0-9.', credentialId: 'This field is not an existing credential.' },
      other: [{ field: 'body', message: 'is odd' }],
    });
    const duplicate = new ApiError(409, 'conflict', 'a server named "web-1" already exists');
    expect(serverErrorsFor(duplicate, serverFields).fields).toEqual({ name: 'A server named "web-1" already exists.' });
    expect(serverErrorsFor(new ApiError(409, 'conflict', 'something else'), serverFields).fields).toEqual({});
  });
});

describe('credential validation', () => {
  const KEY = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU=\n-----END OPENSSH PRIVATE KEY-----\n';

  it('checks the name and the secret for its kind', () => {
    expect(validateNewCredential({ name: 'deploy', kind: 'ssh-private-key', secret: KEY })).toEqual({});
    expect(validateNewCredential({ name: ' ', kind: 'password', secret: '' })).toEqual({ name: 'Enter a name.', secret: 'Enter the password.' });
    expect(secretError('ssh-private-key', 'hunter2')).toMatch(/PEM or OpenSSH private key/);
    expect(secretError('ssh-private-key', '-----BEGIN ENCRYPTED PRIVATE KEY-----\nx\n-----END ENCRYPTED PRIVATE KEY-----')).toMatch(/passphrase/);
    expect(secretError('ssh-private-key', `-----BEGIN RSA PRIVATE KEY-----\n${'a'.repeat(17 << 10)}\n-----END RSA PRIVATE KEY-----`)).toMatch(/16 KiB/);
    expect(secretError('password', 'é'.repeat(513))).toBe('Use at most 1024 bytes (1026 so far).'); // bytes, like the API
    expect(secretError('token', 'x'.repeat(8192))).toBeUndefined();
    expect(secretError('token', 'a\0b')).toMatch(/NUL/);
  });

  it('keeps the current secret when editing leaves it empty', () => {
    expect(validateCredentialEdit({ name: 'deploy', kind: 'ssh-private-key', secret: '' })).toEqual({});
    expect(validateCredentialEdit({ name: 'deploy', kind: 'ssh-private-key', secret: 'nope' }).secret).toBeDefined();
  });
});
