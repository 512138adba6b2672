import { Play } from 'lucide-react';
import { useId, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { Button } from '../components/ui/Button';
import { Spinner } from '../components/ui/Spinner';
import { buildFields, initialValues, toParams, type FieldDef, type FormValue, type ObjectSchema } from './schema';
import { SchemaField } from './SchemaField';
import { validateField, validateForm, type FieldErrors } from './validate';

interface SchemaFormProps {
  schema: ObjectSchema;
  /** Called with the typed `params` object once every field is valid. */
  onSubmit: (params: Record<string, unknown>) => void;
  submitLabel?: string;
  submitting?: boolean;
  /** Field errors returned by the API, by field name; each one clears once its field is edited. */
  serverErrors?: FieldErrors;
  /** Shown above the submit button, e.g. an error the server could not tie to a field. */
  footer?: ReactNode;
  /** Read-only: every field and the submit button are disabled (e.g. the user may not run it). */
  disabled?: boolean;
}

function setError(errors: FieldErrors, name: string, message: string | undefined): FieldErrors {
  if (errors[name] === message) return errors;
  const next = { ...errors };
  if (message) next[name] = message;
  else delete next[name];
  return next;
}

/**
 * A form generated from a JSON Schema object: one input per property, defaults
 * pre-filled, validated on blur and on submit with the schema's own rules.
 * Render it with a `key` per schema so that switching schemas resets it.
 */
export function SchemaForm({
  schema,
  onSubmit,
  submitLabel = 'Run',
  submitting = false,
  serverErrors,
  footer,
  disabled = false,
}: SchemaFormProps) {
  const idPrefix = useId();
  const fields = useMemo(() => buildFields(schema), [schema]);
  const [values, setValues] = useState(() => initialValues(fields));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [submitted, setSubmitted] = useState(false);
  // Server errors stay visible until their field is edited; a new response shows them all again.
  const [edited, setEdited] = useState<ReadonlySet<string>>(new Set());
  const [lastServerErrors, setLastServerErrors] = useState(serverErrors);
  if (lastServerErrors !== serverErrors) {
    setLastServerErrors(serverErrors);
    setEdited(new Set());
  }

  const fieldId = (field: FieldDef) => `${idPrefix}-${field.name}`;
  const errorFor = (name: string) => errors[name] ?? (edited.has(name) ? undefined : serverErrors?.[name]);

  const change = (field: FieldDef, value: FormValue) => {
    setValues((current) => ({ ...current, [field.name]: value }));
    if (serverErrors?.[field.name]) setEdited((current) => new Set(current).add(field.name));
    if (submitted || errors[field.name]) setErrors((current) => setError(current, field.name, validateField(field, value)));
  };

  const blur = (field: FieldDef) => {
    const value = values[field.name];
    // Do not complain about a required field the user merely tabbed through.
    if (!submitted && (value === '' || value === undefined)) return;
    setErrors((current) => setError(current, field.name, validateField(field, value)));
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (disabled) return;
    setSubmitted(true);
    const found = validateForm(fields, values);
    setErrors(found);
    const firstInvalid = fields.find((field) => found[field.name]);
    if (firstInvalid) {
      document.getElementById(fieldId(firstInvalid))?.focus();
      return;
    }
    onSubmit(toParams(fields, values));
  };

  const errorCount = fields.filter((field) => errorFor(field.name)).length;

  return (
    <form noValidate onSubmit={submit} className="space-y-6">
      {fields.length === 0 ? (
        <p className="text-sm text-fg-muted">This playbook takes no parameters.</p>
      ) : (
        <>
          {fields.some((field) => field.required) && (
            <p className="text-xs text-fg-muted">
              Fields marked <span className="text-danger">*</span> are required.
            </p>
          )}
          <div className="space-y-5">
            {fields.map((field) => (
              <SchemaField
                key={field.name}
                field={field}
                id={fieldId(field)}
                value={values[field.name] ?? ''}
                error={errorFor(field.name)}
                disabled={submitting || disabled}
                onChange={(value) => change(field, value)}
                onBlur={() => blur(field)}
              />
            ))}
          </div>
        </>
      )}
      {footer}
      <div className="flex flex-wrap items-center gap-3 border-t border-line pt-5">
        <Button type="submit" variant="primary" disabled={submitting || disabled}>
          {submitting ? <Spinner /> : <Play aria-hidden />}
          {submitting ? 'Starting…' : submitLabel}
        </Button>
        {submitted && errorCount > 0 && (
          <p role="alert" className="text-sm font-medium text-danger">
            {errorCount === 1 ? '1 field needs attention.' : `${errorCount} fields need attention.`}
          </p>
        )}
      </div>
    </form>
  );
}
