import type { ApiErrorDetail } from '../api/client';
import type { FieldDef } from './schema';
import type { FieldErrors } from './validate';

export interface MappedServerErrors {
  /** Messages for fields of the form, keyed by field name. */
  fieldErrors: FieldErrors;
  /** Details that name no field of the form; shown above it. */
  other: ApiErrorDetail[];
}

/**
 * Maps the API's validation details onto form fields. The server names fields
 * by their path in the request body ("params.url"); JSON-pointer style
 * ("/params/url") and bare names ("url") are accepted too. A nested path maps
 * to its top-level property ("params.headers.x" → "headers").
 */
export function mapServerErrors(details: readonly ApiErrorDetail[], fields: readonly FieldDef[]): MappedServerErrors {
  const names = new Set(fields.map((f) => f.name));
  const fieldErrors: FieldErrors = {};
  const other: ApiErrorDetail[] = [];
  for (const detail of details) {
    const name = topLevelName(detail.field);
    if (name !== undefined && names.has(name)) {
      fieldErrors[name] ??= detail.message;
    } else {
      other.push(detail);
    }
  }
  return { fieldErrors, other };
}

function topLevelName(path: string): string | undefined {
  const segments = path.split(/[./[\]]+/).filter(Boolean);
  if (segments[0] === 'params') segments.shift();
  return segments[0];
}
