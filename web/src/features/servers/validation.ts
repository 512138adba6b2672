import { ApiError } from '../../api/client';
import { patterns } from '../../api/generated';
import type { CredentialKind, Server } from '../../api/types';
import { serverFormErrors, type FieldErrors, type ServerFormErrors } from '../../lib/formErrors';

/*
 * The API's rules (domain/server.go), checked before sending so that most
 * mistakes are explained at once. The API checks them again, and its field
 * errors land on the same fields (serverFormErrors).
 */

// The server's own patterns (domain/patterns.go, published in the API document).
const HOST_LABEL = new RegExp(patterns.hostLabel);
const USERNAME = new RegExp(patterns.userName);
const TAG = new RegExp(patterns.tag);
/** Canonical lower-case UUID, as domain.isUUID accepts. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** "ssh-ed25519 AAAA... [comment]": a key type, base64, an optional comment, one line. */
const HOST_KEY = /^(ssh|ecdsa|sk)-[A-Za-z0-9@.-]+[ \t]+[A-Za-z0-9+/]+={0,3}([ \t][^\n]*)?$/;

export const MAX_TAGS = 30;

const chars = (s: string) => [...s].length; // characters, like utf8.RuneCountInString
const bytes = (s: string) => new TextEncoder().encode(s).length;

function compact<K extends string>(errors: Record<K, string | undefined>): FieldErrors<K> {
  return Object.fromEntries(Object.entries(errors).filter(([, message]) => message)) as FieldErrors<K>;
}

// --- servers -----------------------------------------------------------------

export type ServerField = 'name' | 'host' | 'port' | 'username' | 'credentialId' | 'tags' | 'hostKey';
export const serverFields: readonly ServerField[] = ['name', 'host', 'port', 'username', 'credentialId', 'tags', 'hostKey'];

export interface ServerFormValues {
  name: string;
  host: string;
  /** As typed; a whole number from 1 to 65535. */
  port: string;
  username: string;
  credentialId: string;
  /** As typed: separated by commas or spaces. */
  tags: string;
  /** A key to pin; "" pins nothing new (create: trust the fingerprint a test shows; edit: keeps the current pin). */
  hostKey: string;
  /** Edit only: forget the pinned key. */
  forgetHostKey: boolean;
}

export function emptyServerValues(): ServerFormValues {
  return { name: '', host: '', port: '22', username: '', credentialId: '', tags: '', hostKey: '', forgetHostKey: false };
}

export function serverValues(server: Server): ServerFormValues {
  return {
    name: server.name,
    host: server.host,
    port: String(server.port),
    username: server.username,
    credentialId: server.credentialId,
    tags: server.tags.join(', '),
    hostKey: '',
    forgetHostKey: false,
  };
}

/** Trimmed, without the brackets of "[::1]", as the API normalises it. */
export function normaliseHost(host: string): string {
  return host.trim().replace(/^\[/, '').replace(/\]$/, '');
}

/** Trimmed, lower-cased and deduplicated, in the order given (domain.NormalizeTags). */
export function parseTags(raw: string): string[] {
  const seen = new Set<string>();
  for (const tag of raw.split(/[\s,]+/)) {
    const t = tag.trim().toLowerCase();
    if (t) seen.add(t);
  }
  return [...seen];
}

function isIPv4(host: string): boolean {
  const parts = host.split('.');
  return parts.length === 4 && parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255);
}

function isIPv6(host: string): boolean {
  if (!host.includes(':') || !/^[0-9A-Fa-f:.]+$/.test(host)) return false;
  try {
    return new URL(`http://[${host}]/`).hostname.length > 2;
  } catch {
    return false;
  }
}

/** An IP address or a DNS hostname (domain.ValidHost). */
export function isValidHost(host: string): boolean {
  if (isIPv4(host) || isIPv6(host)) return true;
  if (!host || host.length > 253) return false;
  return host
    .replace(/\.$/, '')
    .split('.')
    .every((label) => HOST_LABEL.test(label));
}

export function validateServer(values: ServerFormValues): FieldErrors<ServerField> {
  const name = values.name.trim();
  const host = normaliseHost(values.host);
  const port = values.port.trim();
  const username = values.username.trim();
  const credentialId = values.credentialId.trim();
  const tags = parseTags(values.tags);
  const badTag = tags.find((t) => !TAG.test(t));
  const hostKey = values.hostKey.trim();
  return compact<ServerField>({
    name: !name ? 'Enter a name.' : chars(name) > 100 ? 'Keep the name to 100 characters.' : undefined,
    host: !host
      ? 'Enter a hostname or IP address.'
      : isValidHost(host)
        ? undefined
        : 'Enter a hostname (such as web-1.example.com) or an IP address, without a port or scheme.',
    port: !/^\d{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535 ? 'Enter a port from 1 to 65535.' : undefined,
    username: !username
      ? 'Enter the user to log in as.'
      : USERNAME.test(username)
        ? undefined
        : 'Use up to 64 letters, digits or _ . @ - (not starting with . @ or -).',
    credentialId: !credentialId
      ? 'Choose the credential to log in with.'
      : UUID.test(credentialId)
        ? undefined
        : 'Enter a credential ID (a lower-case UUID).',
    tags:
      tags.length > MAX_TAGS
        ? `Use at most ${MAX_TAGS} tags (${tags.length} so far).`
        : badTag
          ? `"${badTag}" is not a valid tag: use up to 50 of a-z 0-9 _ . : = / -, starting with a letter or digit.`
          : undefined,
    hostKey:
      hostKey && !values.forgetHostKey && !HOST_KEY.test(hostKey)
        ? 'Paste one public key in authorized_keys format, e.g. "ssh-ed25519 AAAA…" (from /etc/ssh/ssh_host_*_key.pub).'
        : undefined,
  });
}

/** What to send to create a server; without hostKey, a user trusts the fingerprint a connection test shows. */
export function newServerBody(values: ServerFormValues) {
  const hostKey = values.hostKey.trim();
  return {
    name: values.name.trim(),
    host: normaliseHost(values.host),
    port: Number(values.port.trim()),
    username: values.username.trim(),
    credentialId: values.credentialId.trim(),
    tags: parseTags(values.tags),
    ...(hostKey ? { hostKey } : {}),
  };
}

/** Only what changed, so a concurrent edit of another field (or a new pin) is not overwritten. */
export function serverPatch(server: Server, values: ServerFormValues) {
  const next = newServerBody(values);
  const patch: Partial<ReturnType<typeof newServerBody>> = {};
  if (next.name !== server.name) patch.name = next.name;
  if (next.host !== server.host) patch.host = next.host;
  if (next.port !== server.port) patch.port = next.port;
  if (next.username !== server.username) patch.username = next.username;
  if (next.credentialId !== server.credentialId) patch.credentialId = next.credentialId;
  if (next.tags.join('\n') !== server.tags.join('\n')) patch.tags = next.tags;
  if (values.forgetHostKey) patch.hostKey = '';
  else if (next.hostKey) patch.hostKey = next.hostKey;
  return patch;
}

/**
 * The API's field errors for the form. A duplicate name is a 409 naming no
 * field: it belongs on the name.
 */
export function serverErrorsFor<K extends string>(error: unknown, names: readonly K[]): ServerFormErrors<K> {
  const result = serverFormErrors(error, names);
  if (
    error instanceof ApiError &&
    error.status === 409 &&
    /named .* already exists/.test(error.message) &&
    (names as readonly string[]).includes('name')
  ) {
    const sentence = error.message.charAt(0).toUpperCase() + error.message.slice(1);
    (result.fields as Record<string, string>).name ??= /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
  }
  return result;
}

// --- credentials -------------------------------------------------------------

export const KIND_LABELS: Record<CredentialKind, string> = {
  'ssh-private-key': 'SSH private key',
  password: 'Password',
  token: 'Token',
};

export function kindLabel(kind: string): string {
  return KIND_LABELS[kind as CredentialKind] ?? kind;
}

/** Servers log in with these; tokens are for integrations. */
export function canLogIn(kind: string): boolean {
  return kind === 'ssh-private-key' || kind === 'password';
}

export type CredentialField = 'name' | 'kind' | 'secret';
export const credentialFields: readonly CredentialField[] = ['name', 'kind', 'secret'];

export interface CredentialFormValues {
  name: string;
  kind: CredentialKind;
  secret: string;
}

const MAX_SECRET: Record<CredentialKind, number> = { 'ssh-private-key': 16 << 10, password: 1024, token: 8192 };

/** The secret's problem for its kind (domain.ValidateSecret), without ever quoting it. */
export function secretError(kind: CredentialKind, secret: string): string | undefined {
  if (secret.includes('\0')) return 'The secret cannot contain NUL characters.';
  const size = bytes(secret);
  if (kind === 'ssh-private-key') {
    if (!secret.trim()) return 'Paste the private key.';
    if (size > MAX_SECRET[kind]) return 'The key is larger than 16 KiB.';
    const text = secret.trim();
    if (!/^-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(text) || !/-----END [A-Z0-9 ]*PRIVATE KEY-----$/.test(text)) {
      return 'Paste a PEM or OpenSSH private key, from -----BEGIN … PRIVATE KEY----- to -----END … PRIVATE KEY-----.';
    }
    if (/^-----BEGIN ENCRYPTED PRIVATE KEY-----|^Proc-Type: 4,ENCRYPTED/m.test(text)) return 'This key is protected by a passphrase; store it without one (the vault encrypts it).';
    return undefined;
  }
  if (!secret) return kind === 'password' ? 'Enter the password.' : 'Enter the token.';
  if (size > MAX_SECRET[kind]) return `Use at most ${MAX_SECRET[kind]} bytes (${size} so far).`;
  return undefined;
}

function credentialNameError(name: string): string | undefined {
  const trimmed = name.trim();
  if (!trimmed) return 'Enter a name.';
  if (chars(trimmed) > 100) return 'Keep the name to 100 characters.';
  return undefined;
}

export function validateNewCredential(values: CredentialFormValues): FieldErrors<CredentialField> {
  return compact<CredentialField>({
    name: credentialNameError(values.name),
    kind: undefined,
    secret: secretError(values.kind, values.secret),
  });
}

/** Editing: an empty secret keeps the current one. */
export function validateCredentialEdit(values: CredentialFormValues): FieldErrors<CredentialField> {
  return compact<CredentialField>({
    name: credentialNameError(values.name),
    kind: undefined,
    secret: values.secret ? secretError(values.kind, values.secret) : undefined,
  });
}
