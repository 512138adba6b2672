/**
 * Client-side validation that mirrors the JSON Schema keywords the server
 * enforces (required, type, enum, minimum/maximum, exclusive bounds, multipleOf,
 * minLength/maxLength, pattern, and the uri/email formats). The server stays
 * the authority; this only saves a round trip and explains the rules early.
 */

import { optionKey, optionLabel, type FieldDef, type FormValue, type FormValues } from './schema';

export type FieldErrors = Record<string, string>;

export const REQUIRED_MESSAGE = 'This field is required.';

const integerPattern = /^[+-]?\d+$/;
const numberPattern = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function validateForm(fields: FieldDef[], values: FormValues): FieldErrors {
  const errors: FieldErrors = {};
  for (const field of fields) {
    const message = validateField(field, values[field.name]);
    if (message) errors[field.name] = message;
  }
  return errors;
}

/** Returns the first problem with one value, or undefined when it is valid. */
export function validateField(field: FieldDef, value: FormValue | undefined): string | undefined {
  if (field.kind === 'boolean') return undefined; // a checkbox always holds a valid boolean
  const text = typeof value === 'string' ? value : '';
  if (text.trim() === '') return field.required ? REQUIRED_MESSAGE : undefined;

  switch (field.kind) {
    case 'enum':
      return validateEnum(field, text);
    case 'integer':
      return integerPattern.test(text.trim()) ? validateRange(field, Number(text)) : 'Enter a whole number.';
    case 'number':
      return numberPattern.test(text.trim()) ? validateRange(field, Number(text)) : 'Enter a number.';
    case 'json':
      return validateJson(field, text);
    default:
      return validateString(field, text);
  }
}

function validateEnum(field: FieldDef, key: string): string | undefined {
  if (field.options.some((o) => optionKey(o) === key)) return undefined;
  return `Choose one of: ${field.options.map(optionLabel).join(', ')}.`;
}

function validateRange(field: FieldDef, n: number): string | undefined {
  const { minimum, maximum, exclusiveMinimum, exclusiveMaximum, multipleOf } = field.schema;
  if (minimum !== undefined && n < minimum) return `Must be at least ${minimum}.`;
  if (maximum !== undefined && n > maximum) return `Must be at most ${maximum}.`;
  if (exclusiveMinimum !== undefined && n <= exclusiveMinimum) return `Must be greater than ${exclusiveMinimum}.`;
  if (exclusiveMaximum !== undefined && n >= exclusiveMaximum) return `Must be less than ${exclusiveMaximum}.`;
  if (multipleOf !== undefined && multipleOf > 0) {
    const quotient = n / multipleOf;
    if (Math.abs(quotient - Math.round(quotient)) > 1e-9) return `Must be a multiple of ${multipleOf}.`;
  }
  return undefined;
}

function validateString(field: FieldDef, text: string): string | undefined {
  const { minLength, maxLength, pattern, format } = field.schema;
  const length = [...text].length; // JSON Schema counts code points
  if (minLength !== undefined && length < minLength) return `Must be at least ${minLength} characters.`;
  if (maxLength !== undefined && length > maxLength) return `Must be at most ${maxLength} characters.`;
  if (pattern !== undefined) {
    const re = compilePattern(pattern);
    if (re && !re.test(text)) return `Must match the pattern ${pattern}`;
  }
  if ((format === 'uri' || format === 'url') && !isAbsoluteUrl(text)) {
    return 'Enter a full URL, including the scheme (for example https://example.com).';
  }
  if (format === 'email' && !emailPattern.test(text)) return 'Enter an email address (for example ops@example.com).';
  return undefined;
}

function validateJson(field: FieldDef, text: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return 'Enter valid JSON.';
  }
  if (field.jsonType === 'array' && !Array.isArray(parsed)) return 'Must be a JSON array, for example ["a", "b"].';
  if (field.jsonType === 'object' && (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))) {
    return 'Must be a JSON object, for example {"key": "value"}.';
  }
  return undefined;
}

// JSON Schema patterns are ECMA-262 regular expressions and are not anchored.
// An expression this browser cannot compile is left to the server to check.
function compilePattern(pattern: string): RegExp | undefined {
  try {
    return new RegExp(pattern, 'u');
  } catch {
    try {
      return new RegExp(pattern);
    } catch {
      return undefined;
    }
  }
}

function isAbsoluteUrl(text: string): boolean {
  if (/\s/.test(text)) return false;
  try {
    new URL(text); // absolute URLs only: there is no base
    return true;
  } catch {
    return false;
  }
}
