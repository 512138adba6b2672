import { useId, type InputHTMLAttributes, type ReactNode, type Ref } from 'react';
import { cn } from '../../lib/cn';
import { inputClasses } from './input';

/** What a form control needs to be labelled and described by its Field. */
export interface ControlProps {
  id: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

interface FieldProps {
  label: ReactNode;
  /** Help shown under the control. */
  hint?: ReactNode;
  error?: string;
  /** Shows the required marker (the control still needs its own `required`). */
  required?: boolean;
  className?: string;
  children: (control: ControlProps) => ReactNode;
}

/** The props that tie control `id` to its hint and error (shown by FieldMessages with the same id). */
export function controlProps(id: string, hint: ReactNode, error: string | undefined): ControlProps {
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  return { id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy };
}

/** A control's label, with the required marker; `after` follows the marker. */
export function FieldLabel({ htmlFor, required, after, children }: { htmlFor: string; required?: boolean; after?: ReactNode; children: ReactNode }) {
  return (
    <label htmlFor={htmlFor} className="flex items-baseline gap-1 text-sm font-medium">
      {children}
      {required && (
        <span aria-hidden className="text-danger">
          *
        </span>
      )}
      {after}
    </label>
  );
}

/** The hint and error under control `id` (see controlProps). */
export function FieldMessages({ id, hint, error }: { id: string; hint?: ReactNode; error?: string }) {
  return (
    <>
      {hint && (
        <p id={`${id}-hint`} className="text-sm text-fg-muted">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="text-sm font-medium text-danger">
          {error}
        </p>
      )}
    </>
  );
}

/** Label, control, hint and error, wired together for assistive technology. */
export function Field({ label, hint, error, required = false, className, children }: FieldProps) {
  const id = useId();
  return (
    <div className={cn('space-y-1.5', className)}>
      <FieldLabel htmlFor={id} required={required}>
        {label}
      </FieldLabel>
      {children(controlProps(id, hint, error))}
      <FieldMessages id={id} hint={hint} error={error} />
    </div>
  );
}

interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> {
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  ref?: Ref<HTMLInputElement>;
}

/** A labelled text input. */
export function TextField({ label, hint, error, required, className, ...input }: TextFieldProps) {
  return (
    <Field label={label} hint={hint} error={error} required={required}>
      {(control) => <input {...control} required={required} className={cn(inputClasses, 'h-10', className)} {...input} />}
    </Field>
  );
}

/** The required, focused-first Name of a thing a dialog creates or edits (up to 100 characters). */
export function NameField({ label = 'Name', ...props }: Omit<TextFieldProps, 'label'> & { label?: ReactNode }) {
  return <TextField label={label} required autoFocus autoComplete="off" data-field="name" maxLength={100} {...props} />;
}

export interface SelectOption {
  value: string;
  label: ReactNode;
}

interface SelectFieldProps {
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  required?: boolean;
  value: string;
  onChange: (value: string) => void;
  options: readonly SelectOption[];
  /** A first option with the value "", e.g. "Choose a service…" or "None". */
  placeholder?: ReactNode;
  disabled?: boolean;
  'data-field'?: string;
}

/** A labelled drop-down of `options`. */
export function SelectField({ label, hint, error, required, value, onChange, options, placeholder, disabled, ...rest }: SelectFieldProps) {
  return (
    <Field label={label} hint={hint} error={error} required={required}>
      {(control) => (
        <select
          {...control}
          {...rest}
          required={required}
          value={value}
          disabled={disabled}
          onChange={(e) => onChange(e.target.value)}
          className={cn(inputClasses, 'h-10')}
        >
          {placeholder !== undefined && <option value="">{placeholder}</option>}
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** Options for things with an id and a name (services, policies). */
export function byName(items: readonly { id: string; name: string }[] | undefined): SelectOption[] {
  return (items ?? []).map((item) => ({ value: item.id, label: item.name }));
}

type PasswordFieldProps = Omit<TextFieldProps, 'type' | 'autoComplete' | 'value' | 'onChange'> & {
  /** The user's own password, which their password manager may fill; otherwise a new one, never autofilled. */
  current?: boolean;
  value: string;
  onChange: (value: string) => void;
};

/** A labelled password input. */
export function PasswordField({ current = false, onChange, ...props }: PasswordFieldProps) {
  return <TextField type="password" autoComplete={current ? 'current-password' : 'new-password'} onChange={(e) => onChange(e.target.value)} {...props} />;
}
