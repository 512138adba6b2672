/**
 * The subset of JSON Schema (draft 2020-12) that playbook parameters use, and
 * its translation into form fields. A playbook's `paramsSchema` is an object
 * schema whose properties are scalars (string, integer, number, boolean, enum);
 * arrays and objects fall back to a JSON text area.
 */

export type JsonPrimitive = string | number | boolean | null;
export type SchemaType = 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array' | 'null';

export interface PropertySchema {
  type?: SchemaType | SchemaType[];
  title?: string;
  description?: string;
  enum?: JsonPrimitive[];
  const?: JsonPrimitive;
  default?: unknown;
  examples?: unknown[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  /** A secret: rendered as a password input and never echoed. */
  writeOnly?: boolean;
  /** Set by the server; not an input. */
  readOnly?: boolean;
}

export interface ObjectSchema {
  type?: 'object';
  title?: string;
  description?: string;
  properties?: Record<string, PropertySchema>;
  required?: string[];
  additionalProperties?: boolean | PropertySchema;
}

export type FieldKind = 'text' | 'secret' | 'integer' | 'number' | 'boolean' | 'enum' | 'json';

export interface FieldDef {
  name: string;
  label: string;
  description?: string;
  kind: FieldKind;
  required: boolean;
  schema: PropertySchema;
  /** For enum fields: the allowed values, in schema order. */
  options: JsonPrimitive[];
  /** For json fields: the JSON type the value must have. */
  jsonType?: 'object' | 'array';
}

/**
 * Form state as the inputs hold it: the typed text for text-like inputs, a
 * boolean for checkboxes, and for selects the option's JSON encoding
 * (`optionKey`) so that numeric and boolean enum values round-trip; '' is unset.
 */
export type FormValue = string | boolean;
export type FormValues = Record<string, FormValue>;

export function primaryType(schema: PropertySchema): SchemaType | undefined {
  if (Array.isArray(schema.type)) return schema.type.find((t) => t !== 'null') ?? schema.type[0];
  return schema.type;
}

function enumOptions(schema: PropertySchema): JsonPrimitive[] | undefined {
  if (Array.isArray(schema.enum)) return schema.enum;
  if (schema.const !== undefined) return [schema.const];
  return undefined;
}

function kindOf(schema: PropertySchema): Pick<FieldDef, 'kind' | 'jsonType'> {
  if (enumOptions(schema)) return { kind: 'enum' };
  switch (primaryType(schema)) {
    case 'boolean':
      return { kind: 'boolean' };
    case 'integer':
      return { kind: 'integer' };
    case 'number':
      return { kind: 'number' };
    case 'object':
      return { kind: 'json', jsonType: 'object' };
    case 'array':
      return { kind: 'json', jsonType: 'array' };
    default:
      return { kind: schema.writeOnly ? 'secret' : 'text' };
  }
}

/**
 * Turns an object schema into form fields: required fields first, then the
 * rest, each group in schema property order. (Go's encoding/json writes map
 * keys alphabetically, so property order alone would bury a required "url".)
 */
export function buildFields(schema: ObjectSchema | null | undefined): FieldDef[] {
  const properties = schema?.properties ?? {};
  const required = new Set(schema?.required ?? []);
  const entries = Object.entries(properties).filter(([, prop]) => !prop.readOnly);
  const ordered = [...entries.filter(([name]) => required.has(name)), ...entries.filter(([name]) => !required.has(name))];
  return ordered.map(([name, prop]) => {
    const field: FieldDef = {
      ...kindOf(prop),
      name,
      label: prop.title ?? humanize(name),
      required: required.has(name),
      schema: prop,
      options: enumOptions(prop) ?? [],
    };
    if (prop.description) field.description = prop.description;
    return field;
  });
}

export function optionKey(value: JsonPrimitive): string {
  return JSON.stringify(value);
}

export function optionLabel(value: JsonPrimitive): string {
  return value === null ? 'null' : String(value);
}

/** Form values pre-filled from each property's `default`. */
export function initialValues(fields: FieldDef[]): FormValues {
  const values: FormValues = {};
  for (const field of fields) values[field.name] = initialValue(field);
  return values;
}

function initialValue(field: FieldDef): FormValue {
  const def = field.schema.default;
  switch (field.kind) {
    case 'boolean':
      return def === true;
    case 'enum':
      return field.options.some((o) => o === def) ? optionKey(def as JsonPrimitive) : '';
    case 'integer':
    case 'number':
      return typeof def === 'number' ? String(def) : '';
    case 'json':
      return def === undefined ? '' : JSON.stringify(def, null, 2);
    default:
      return typeof def === 'string' ? def : '';
  }
}

/**
 * Converts (already validated) form values into the `params` object sent to the
 * API. Empty optional inputs are left out so the server applies its defaults.
 */
export function toParams(fields: FieldDef[], values: FormValues): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const field of fields) {
    const raw = values[field.name];
    if (raw === undefined) continue;
    if (typeof raw === 'boolean') {
      params[field.name] = raw;
      continue;
    }
    if (raw === '') continue;
    switch (field.kind) {
      case 'integer':
      case 'number':
        params[field.name] = Number(raw.trim());
        break;
      case 'enum':
      case 'json':
        params[field.name] = JSON.parse(raw) as unknown;
        break;
      default:
        params[field.name] = raw;
    }
  }
  return params;
}

const acronyms = new Set(['url', 'uri', 'id', 'ip', 'http', 'https', 'ssh', 'dns', 'api', 'tls', 'tcp', 'udp', 'sql', 'cpu']);

/** "expectStatus" / "expect_status" → "Expect status"; "url" → "URL". */
export function humanize(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s_-]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
  return words
    .map((w, i) => (acronyms.has(w) ? w.toUpperCase() : i === 0 ? w.charAt(0).toUpperCase() + w.slice(1) : w))
    .join(' ');
}
