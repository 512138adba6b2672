import { useId, type ReactNode } from 'react';
import { cn } from '../../lib/cn';

export interface CheckboxOption {
  value: string;
  label: ReactNode;
  description?: ReactNode;
  disabled?: boolean;
}

interface CheckboxGroupProps {
  legend: string;
  options: CheckboxOption[];
  value: readonly string[];
  onChange: (next: string[]) => void;
  hint?: ReactNode;
  error?: string;
  required?: boolean;
  disabled?: boolean;
  /** Two columns from the sm breakpoint. */
  columns?: 1 | 2;
}

/** A fieldset of checkboxes choosing a subset of `options` (roles, permissions). */
export function CheckboxGroup({
  legend,
  options,
  value,
  onChange,
  hint,
  error,
  required = false,
  disabled = false,
  columns = 1,
}: CheckboxGroupProps) {
  const id = useId();
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  const toggle = (option: string, checked: boolean) => {
    // Keep the options' order, whatever order they were ticked in.
    const next = new Set(value);
    if (checked) next.add(option);
    else next.delete(option);
    onChange(options.map((o) => o.value).filter((v) => next.has(v)));
  };
  return (
    <fieldset aria-describedby={describedBy} disabled={disabled} className="space-y-2">
      <legend className="mb-1.5 flex items-baseline gap-1 text-sm font-medium">
        {legend}
        {required && (
          <span aria-hidden className="text-danger">
            *
          </span>
        )}
      </legend>
      {hint && (
        <p id={`${id}-hint`} className="text-sm text-fg-muted">
          {hint}
        </p>
      )}
      <div className={cn('grid gap-2', columns === 2 && 'sm:grid-cols-2')}>
        {options.map((option) => (
          <label
            key={option.value}
            className={cn(
              'flex gap-3 rounded-md border p-3 text-sm',
              error ? 'border-danger/60' : 'border-line',
              option.disabled || disabled ? 'cursor-not-allowed opacity-60' : 'cursor-pointer hover:bg-subtle',
              'has-[:checked]:border-info/60 has-[:checked]:bg-info-soft/40',
            )}
          >
            <input
              type="checkbox"
              value={option.value}
              checked={value.includes(option.value)}
              disabled={option.disabled}
              onChange={(e) => toggle(option.value, e.target.checked)}
              className="mt-0.5 size-4 shrink-0 rounded border-line-strong accent-primary"
            />
            <span className="min-w-0">
              <span className="block font-medium break-words">{option.label}</span>
              {option.description && <span className="block text-xs text-fg-muted">{option.description}</span>}
            </span>
          </label>
        ))}
      </div>
      {error && (
        <p id={`${id}-error`} className="text-sm font-medium text-danger">
          {error}
        </p>
      )}
    </fieldset>
  );
}

/** One labelled checkbox with a line of explanation under its label. */
export function CheckboxField({
  label,
  description,
  checked,
  onChange,
}: {
  label: ReactNode;
  description?: ReactNode;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  return (
    <label className="flex items-start gap-3 text-sm">
      <input
        type="checkbox"
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
        className="mt-0.5 size-4 shrink-0 rounded border-line-strong accent-primary"
      />
      <span>
        <span className="font-medium">{label}</span>
        {description && <span className="block text-fg-muted">{description}</span>}
      </span>
    </label>
  );
}
