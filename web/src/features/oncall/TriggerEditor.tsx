import { Plus, Trash2 } from 'lucide-react';
import { useId } from 'react';
import { TRIGGER_PLACEHOLDERS, type Playbook } from '../../api/types';
import { can, useMe } from '../../auth/hooks';
import { Alert } from '../../components/ui/Alert';
import { Button } from '../../components/ui/Button';
import { Field } from '../../components/ui/Field';
import { inputClasses } from '../../components/ui/input';
import { Spinner } from '../../components/ui/Spinner';
import { cn } from '../../lib/cn';
import type { FormValue } from '../../schema-form/schema';
import { SchemaField } from '../../schema-form/SchemaField';
import {
  draftFor,
  emptyDraft,
  fieldsOf,
  MAX_TRIGGERS,
  placeholderText,
  type RowErrors,
  type TriggerDraft,
  type TriggerErrors,
} from './triggers';

export interface Catalogue {
  playbooks: Playbook[] | undefined;
  loading: boolean;
  /** Why the catalogue is missing (no permission, failed request). */
  unavailable?: string;
}

interface TriggerEditorProps {
  rows: TriggerDraft[];
  onChange: (rows: TriggerDraft[]) => void;
  /** A row was edited (its errors may be out of date). */
  onEdit?: (key: number) => void;
  errors: TriggerErrors;
  catalogue: Catalogue;
  disabled?: boolean;
}

/** The placeholders trigger parameters may use, as a hint. */
export function PlaceholderHint({ id }: { id?: string }) {
  return (
    <div id={id} className="text-sm text-fg-muted">
      <p>Text parameters may use placeholders, filled from the incident when it triggers:</p>
      <ul className="mt-1.5 flex flex-wrap gap-1.5" aria-label="Placeholders">
        {TRIGGER_PLACEHOLDERS.map((name) => (
          <li key={name}>
            <code className="rounded bg-subtle px-1.5 py-0.5 font-mono text-xs text-fg">{placeholderText(name)}</code>
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * Edits a service's playbook triggers: one row per playbook, its parameters
 * rendered from the playbook's paramsSchema.
 */
export function TriggerEditor({ rows, onChange, onEdit, errors, catalogue, disabled = false }: TriggerEditorProps) {
  const hintId = useId();
  const full = rows.length >= MAX_TRIGGERS;
  const update = (key: number, next: TriggerDraft) => {
    onChange(rows.map((r) => (r.key === key ? next : r)));
    onEdit?.(key);
  };
  return (
    <fieldset className="space-y-4 rounded-md border border-line p-4" aria-describedby={hintId}>
      <legend className="px-1 text-sm font-semibold">Automation</legend>
      <div id={hintId} className="space-y-2">
        <p className="text-sm text-fg-muted">
          Playbooks started when an incident of this service triggers, up to {MAX_TRIGGERS}. A playbook whose last
          failure is still an open incident is skipped.
        </p>
      </div>
      <PlaceholderHint />
      {catalogue.unavailable && (
        <Alert tone="info" title="The playbook catalogue is not available">
          {catalogue.unavailable} Saved playbooks are kept as they are.
        </Alert>
      )}
      {errors.list && (
        <p role="alert" className="text-sm font-medium text-danger">
          {errors.list}
        </p>
      )}
      {rows.length === 0 ? (
        <p className="text-sm text-fg-muted">No playbook starts automatically.</p>
      ) : (
        <ol className="space-y-4">
          {rows.map((row, i) => (
            <li key={row.key}>
              <TriggerRow
                index={i}
                row={row}
                errors={errors.rows[row.key]}
                catalogue={catalogue}
                disabled={disabled}
                onChange={(next) => update(row.key, next)}
                onRemove={() => onChange(rows.filter((r) => r.key !== row.key))}
              />
            </li>
          ))}
        </ol>
      )}
      <div className="flex flex-wrap items-center gap-3">
        <Button size="sm" disabled={disabled || full || catalogue.playbooks === undefined} onClick={() => onChange([...rows, emptyDraft()])}>
          <Plus aria-hidden />
          Add playbook
        </Button>
        {full && <p className="text-xs text-fg-muted">A service starts at most {MAX_TRIGGERS} playbooks.</p>}
        {catalogue.loading && (
          <span className="inline-flex items-center gap-2 text-xs text-fg-muted">
            <Spinner /> Loading playbooks…
          </span>
        )}
      </div>
    </fieldset>
  );
}

interface TriggerRowProps {
  index: number;
  row: TriggerDraft;
  errors: RowErrors | undefined;
  catalogue: Catalogue;
  disabled: boolean;
  onChange: (row: TriggerDraft) => void;
  onRemove: () => void;
}

function TriggerRow({ index, row, errors, catalogue, disabled, onChange, onRemove }: TriggerRowProps) {
  const me = useMe();
  const idPrefix = useId();
  const playbooks = catalogue.playbooks ?? [];
  const playbook = playbooks.find((p) => p.name === row.playbook);
  const fields = fieldsOf(playbook);
  const missing = row.playbook !== '' && catalogue.playbooks !== undefined && !playbook;
  const number = index + 1;
  const setValue = (name: string, value: FormValue) => onChange({ ...row, values: { ...row.values, [name]: value } });

  return (
    <fieldset className="space-y-4 rounded-md border border-line bg-subtle/40 p-3 sm:p-4" data-testid={`trigger-${number}`}>
      <legend className="sr-only">
        Playbook {number}
        {playbook ? `: ${playbook.title}` : row.playbook ? `: ${row.playbook}` : ''}
      </legend>
      <div className="flex flex-wrap items-end gap-3">
        <Field label={`Playbook ${number}`} required error={errors?.playbook} className="min-w-0 flex-1 basis-60">
          {(control) => (
            <select
              {...control}
              required
              value={row.playbook}
              disabled={disabled || catalogue.playbooks === undefined}
              onChange={(e) => onChange(draftFor(row, playbooks.find((p) => p.name === e.target.value)))}
              className={cn(inputClasses, 'h-10 pr-8')}
            >
              <option value="">Choose a playbook…</option>
              {missing && <option value={row.playbook}>{row.playbook} (not in the catalogue)</option>}
              {catalogue.playbooks === undefined && row.playbook && <option value={row.playbook}>{row.playbook}</option>}
              {playbooks.map((p) => {
                const allowed = can(me, p.permission);
                return (
                  <option key={p.name} value={p.name} disabled={!allowed && p.name !== row.playbook}>
                    {p.title} ({p.name}){allowed ? '' : ' — you may not run it'}
                  </option>
                );
              })}
            </select>
          )}
        </Field>
        <Button variant="ghost" disabled={disabled} onClick={onRemove} aria-label={`Remove playbook ${number}`}>
          <Trash2 aria-hidden />
          <span className="max-sm:sr-only">Remove</span>
        </Button>
      </div>
      {playbook && playbook.description && <p className="text-xs text-fg-muted">{playbook.description}</p>}
      {playbook ? (
        fields.length === 0 ? (
          <p className="text-sm text-fg-muted">This playbook takes no parameters.</p>
        ) : (
          <div className="space-y-4">
            {fields.map((field) => (
              <SchemaField
                key={field.name}
                field={field}
                id={`${idPrefix}-${field.name}`}
                value={row.values[field.name] ?? ''}
                error={errors?.fields[field.name]}
                disabled={disabled}
                onChange={(value) => setValue(field.name, value)}
                onBlur={() => undefined}
              />
            ))}
          </div>
        )
      ) : (
        row.playbook &&
        Object.keys(row.raw).length > 0 && (
          <div className="space-y-1">
            <p className="text-xs text-fg-muted">Saved parameters, kept as they are:</p>
            <pre className="overflow-x-auto rounded bg-subtle p-2 font-mono text-xs">{JSON.stringify(row.raw, null, 2)}</pre>
          </div>
        )
      )}
      {errors?.params && (
        <p role="alert" className="text-sm font-medium text-danger">
          {errors.params}
        </p>
      )}
    </fieldset>
  );
}
