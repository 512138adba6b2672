import type { Incident, IncidentPage, PageRecipient } from '../../api/types';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads `key` or its capitalised Go field name ("channel" or "Channel"). */
function field(raw: Record<string, unknown>, key: string): unknown {
  return raw[key] ?? raw[key.charAt(0).toUpperCase() + key.slice(1)];
}

const str = (value: unknown): string => (typeof value === 'string' ? value : value == null ? '' : String(value));
const num = (value: unknown): number => (typeof value === 'number' ? value : Number(value) || 0);

/** A page recipient from either JSON spelling; undefined when it is not an object. */
export function normaliseRecipient(raw: unknown): PageRecipient | undefined {
  if (!isRecord(raw)) return undefined;
  const error = str(field(raw, 'error'));
  return {
    channel: str(field(raw, 'channel')),
    target: str(field(raw, 'target')),
    status: str(field(raw, 'status')),
    ...(error ? { error } : {}),
  };
}

export function normaliseRecipients(raw: unknown): PageRecipient[] {
  return Array.isArray(raw) ? raw.flatMap((r) => normaliseRecipient(r) ?? []) : [];
}

function normalisePage(raw: unknown): IncidentPage[] {
  if (!isRecord(raw)) return [];
  return [
    {
      at: str(field(raw, 'at')),
      level: num(field(raw, 'level')),
      round: num(field(raw, 'round')),
      reason: str(field(raw, 'reason')),
      recipients: normaliseRecipients(field(raw, 'recipients')),
      error: str(field(raw, 'error')),
    },
  ];
}

/** The incident with `pages` in one spelling, whatever casing the API used. */
export function normaliseIncident(raw: Incident): Incident {
  const pages = (raw as { pages?: unknown }).pages;
  if (!Array.isArray(pages)) return raw;
  return { ...raw, pages: pages.flatMap(normalisePage) };
}
