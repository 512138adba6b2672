/**
 * The "Automation" part of a service: the playbooks started when one of its
 * incidents triggers. Each trigger is edited as a draft holding the schema
 * form's values (see src/schema-form), turned back into typed params on save.
 */

import type { ApiErrorDetail } from '../../api/client';
import { ApiError } from '../../api/client';
import { TRIGGER_PLACEHOLDERS, type Playbook, type PlaybookTrigger } from '../../api/types';
import { detailSentence } from '../../lib/formErrors';
import {
  buildFields,
  initialValues,
  optionKey,
  toParams,
  type FieldDef,
  type FormValue,
  type FormValues,
} from '../../schema-form/schema';
import { validateField } from '../../schema-form/validate';

/** The server's limit (domain.MaxTriggers). */
export const MAX_TRIGGERS = 10;

export interface TriggerDraft {
  /** Stable React key and error key: survives rows being added or removed. */
  key: number;
  playbook: string;
  /** Form values of the playbook's parameters. */
  values: FormValues;
  /**
   * The params as saved, kept as-is while the playbook is not in the catalogue
   * (unknown, or the catalogue could not be read), so saving loses nothing.
   */
  raw: Record<string, unknown>;
}

export interface RowErrors {
  playbook?: string;
  /** A problem with the parameters that names no single field. */
  params?: string;
  /** By parameter name. */
  fields: Record<string, string>;
}

/** Errors by draft key, and about the list as a whole ("at most 10"). */
export interface TriggerErrors {
  rows: Record<number, RowErrors>;
  list?: string;
}

let lastKey = 0;
const nextKey = () => ++lastKey;

/** The placeholder as typed in a parameter: "{{incident.title}}". */
export const placeholderText = (name: string) => `{{${name}}}`;

/** Plausible values for every placeholder, as the server uses to check a trigger when it is saved. */
export const SAMPLE_VARS: Record<string, string> = {
  'incident.id': '0190b4a2-0000-7000-8000-000000000000',
  'incident.title': 'Checkout latency high',
  'incident.description': 'p99 above 2 s',
  'incident.severity': 'high',
  'incident.url': 'https://opsmanager.example.com/incidents/0190b4a2-0000-7000-8000-000000000000',
  'service.id': '0190b4a2-0000-7000-8000-000000000001',
  'service.name': 'checkout',
};

const placeholderPattern = /\{\{\s*([a-zA-Z0-9_.]*)\s*\}\}/g;

/** `text` with its placeholders filled from SAMPLE_VARS, or the first unknown placeholder. */
export function renderSample(text: string): { text: string; unknown?: string } {
  let unknown: string | undefined;
  const out = text.replace(placeholderPattern, (_, name: string) => {
    const value = SAMPLE_VARS[name];
    if (value === undefined) unknown ??= name;
    return value ?? '';
  });
  if (unknown === undefined && out.includes('{{')) unknown = '…';
  return unknown === undefined ? { text: out } : { text: out, unknown };
}

const hasPlaceholder = (text: string) => text.includes('{{');

export function fieldsOf(playbook: Playbook | undefined): FieldDef[] {
  return playbook ? buildFields(playbook.paramsSchema) : [];
}

/** The form value showing a saved parameter; a missing one shows its default. */
function formValue(field: FieldDef, value: unknown, fallback: FormValue): FormValue {
  if (value === undefined) return fallback;
  switch (field.kind) {
    case 'boolean':
      return value === true;
    case 'enum': {
      const option = field.options.find((o) => o === value);
      return option === undefined ? '' : optionKey(option);
    }
    case 'json':
      return JSON.stringify(value, null, 2);
    default:
      return typeof value === 'string' ? value : String(value);
  }
}

export function emptyDraft(): TriggerDraft {
  return { key: nextKey(), playbook: '', values: {}, raw: {} };
}

/** A new draft for `playbook`, its parameters at their defaults. */
export function draftFor(draft: TriggerDraft, playbook: Playbook | undefined): TriggerDraft {
  return { key: draft.key, playbook: playbook?.name ?? '', values: initialValues(fieldsOf(playbook)), raw: {} };
}

/** A saved trigger as an editable draft. */
export function draftFromTrigger(trigger: PlaybookTrigger, playbook: Playbook | undefined): TriggerDraft {
  const fields = fieldsOf(playbook);
  const defaults = initialValues(fields);
  const params = trigger.params ?? {};
  const values: FormValues = {};
  for (const field of fields) values[field.name] = formValue(field, params[field.name], defaults[field.name] ?? '');
  return { key: nextKey(), playbook: trigger.playbook, values, raw: params };
}

/** The draft as the API takes it; a playbook missing from the catalogue keeps its saved params. */
export function toTrigger(draft: TriggerDraft, playbook: Playbook | undefined): PlaybookTrigger {
  return { playbook: draft.playbook, params: playbook ? toParams(fieldsOf(playbook), draft.values) : draft.raw };
}

/**
 * Checks one draft as the server will: every placeholder must be known, and
 * the parameters, with each placeholder filled with a sample value, must pass
 * the playbook's schema.
 */
export function validateDraft(draft: TriggerDraft, playbook: Playbook | undefined): RowErrors {
  const errors: RowErrors = { fields: {} };
  if (!draft.playbook) {
    errors.playbook = 'Choose a playbook.';
    return errors;
  }
  if (!playbook) return errors; // not in the catalogue: the server decides
  for (const field of fieldsOf(playbook)) {
    const value = draft.values[field.name];
    if (typeof value === 'string' && hasPlaceholder(value)) {
      const sample = renderSample(value);
      if (sample.unknown !== undefined) {
        errors.fields[field.name] = `Unknown placeholder ${placeholderText(sample.unknown)}. Use one of ${TRIGGER_PLACEHOLDERS.map(placeholderText).join(', ')}.`;
        continue;
      }
      const message = validateField(field, sample.text);
      if (message) errors.fields[field.name] = `With sample incident values: ${message}`;
      continue;
    }
    const message = validateField(field, value);
    if (message) errors.fields[field.name] = message;
  }
  return errors;
}

export function rowHasErrors(errors: RowErrors | undefined): boolean {
  return Boolean(errors && (errors.playbook || errors.params || Object.keys(errors.fields).length > 0));
}

const rowField = /^playbooks\[(\d+)\]\.?(.*)$/;

/** True for the details mapTriggerErrors places on the Automation section. */
export function isTriggerDetail(detail: ApiErrorDetail): boolean {
  return detail.field === 'playbooks' || rowField.test(detail.field);
}

/**
 * Places the API's 400 details ("playbooks[0].playbook", "playbooks[1].params")
 * on the rows that were submitted, in order (`keys`). A params message naming a
 * parameter the playbook has ("invalid input: params.url: is required") goes
 * under that parameter; any other stays on the row.
 */
export function mapTriggerErrors(
  error: unknown,
  keys: readonly number[],
  fieldsFor: (index: number) => readonly FieldDef[],
): TriggerErrors {
  const result: TriggerErrors = { rows: {} };
  if (!(error instanceof ApiError)) return result;
  for (const detail of error.details) {
    if (detail.field === 'playbooks') {
      result.list ??= detailSentence(detail.message);
      continue;
    }
    const match = rowField.exec(detail.field);
    if (!match) continue;
    const index = Number(match[1]);
    const key = keys[index];
    if (key === undefined) {
      result.list ??= detailSentence(detail.message);
      continue;
    }
    const row = (result.rows[key] ??= { fields: {} });
    const part = match[2] ?? '';
    if (part === 'playbook') {
      row.playbook ??= detailSentence(detail.message);
    } else if (part.startsWith('params')) {
      const named = /params\.([A-Za-z0-9_-]+)[:\s]+(.*)$/s.exec(detail.message);
      const param = named?.[1] ?? part.split('.')[1];
      if (param && fieldsFor(index).some((f) => f.name === param)) {
        const message = named?.[2] ?? detail.message;
        const more = /\s*\(and (\d+) more\)$/.exec(message);
        row.fields[param] ??= detailSentence(more ? message.slice(0, more.index) : message);
        if (more) row.params ??= `${more[1]} more ${more[1] === '1' ? 'parameter needs' : 'parameters need'} attention.`;
      } else if (named?.[1]) {
        row.params ??= detailSentence(`Parameter ${named[1]}: ${named[2] ?? ''}`);
      } else {
        row.params ??= detailSentence(detail.message.replace(/^invalid input:\s*/, ''));
      }
    } else {
      row.params ??= detailSentence(detail.message);
    }
  }
  return result;
}
