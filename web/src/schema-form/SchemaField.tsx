import { Eye, EyeOff } from 'lucide-react';
import { useState, type ReactNode } from 'react';
import { controlProps, FieldLabel, FieldMessages } from '../components/ui/Field';
import { inputClasses } from '../components/ui/input';
import { cn } from '../lib/cn';
import { optionKey, optionLabel, type FieldDef, type FormValue } from './schema';

interface SchemaFieldProps {
  field: FieldDef;
  id: string;
  value: FormValue;
  error?: string;
  disabled?: boolean;
  onChange: (value: FormValue) => void;
  onBlur: () => void;
}

/** Rules a user should know before typing: "Between 100 and 599", "Up to 64 characters". */
export function constraintHint(field: FieldDef): string | undefined {
  const s = field.schema;
  if (field.kind === 'integer' || field.kind === 'number') {
    const min = s.minimum ?? s.exclusiveMinimum;
    const max = s.maximum ?? s.exclusiveMaximum;
    const whole = field.kind === 'integer' ? 'Whole number' : 'Number';
    if (min !== undefined && max !== undefined) return `${whole} between ${min} and ${max}`;
    if (min !== undefined) return `${whole}, at least ${min}`;
    if (max !== undefined) return `${whole}, at most ${max}`;
    return undefined;
  }
  if (field.kind === 'text' || field.kind === 'secret') {
    // minLength 1 only means "not empty", which the required marker already says.
    const min = s.minLength !== undefined && s.minLength > 1 ? s.minLength : undefined;
    if (min !== undefined && s.maxLength !== undefined) return `${min}–${s.maxLength} characters`;
    if (s.maxLength !== undefined) return `Up to ${s.maxLength} characters`;
    if (min !== undefined) return `At least ${min} characters`;
  }
  return undefined;
}

function placeholderFor(field: FieldDef): string | undefined {
  const example = field.schema.examples?.[0];
  if (typeof example === 'string' || typeof example === 'number') return String(example);
  if (field.schema.format === 'uri' || field.schema.format === 'url') return 'e.g. https://example.com';
  if (field.schema.format === 'email') return 'e.g. ops@example.com';
  if (field.kind === 'json') return field.jsonType === 'array' ? '["value"]' : '{"key": "value"}';
  return undefined;
}

export function SchemaField({ field, id, value, error, disabled, onChange, onBlur }: SchemaFieldProps) {
  const hint = [field.description, constraintHint(field)].filter(Boolean).join(' · ');
  const a11y = controlProps(id, hint, error);
  const text = typeof value === 'string' ? value : '';

  let control: ReactNode;
  switch (field.kind) {
    case 'boolean':
      return (
        <div className="flex gap-3">
          <input
            {...a11y}
            type="checkbox"
            checked={value === true}
            disabled={disabled}
            onChange={(e) => onChange(e.target.checked)}
            className="mt-0.5 size-4 shrink-0 rounded border-line-strong accent-primary"
          />
          <div>
            <label htmlFor={id} className="text-sm font-medium">
              {field.label}
            </label>
            <FieldMessages id={id} hint={hint} error={error} />
          </div>
        </div>
      );
    case 'enum':
      control = (
        <select
          {...a11y}
          required={field.required}
          value={text}
          disabled={disabled}
          onChange={(e) => onChange(e.target.value)}
          onBlur={onBlur}
          className={cn(inputClasses, 'h-10 pr-8')}
        >
          {(text === '' || !field.required) && <option value="">{field.required ? 'Choose…' : '— Not set —'}</option>}
          {field.options.map((option) => (
            <option key={optionKey(option)} value={optionKey(option)}>
              {optionLabel(option)}
            </option>
          ))}
        </select>
      );
      break;
    case 'json':
      control = (
        <textarea
          {...a11y}
          required={field.required}
          value={text}
          rows={4}
          spellCheck={false}
          disabled={disabled}
          placeholder={placeholderFor(field)}
          onChange={(e) => onChange(e.target.value)}
          onBlur={onBlur}
          className={cn(inputClasses, 'py-2 font-mono')}
        />
      );
      break;
    case 'secret':
      control = <SecretInput {...a11y} required={field.required} value={text} disabled={disabled} onChange={onChange} onBlur={onBlur} />;
      break;
    default:
      control = (
        <input
          {...a11y}
          type={field.schema.format === 'email' ? 'email' : field.schema.format === 'uri' ? 'url' : 'text'}
          inputMode={field.kind === 'integer' ? 'numeric' : field.kind === 'number' ? 'decimal' : undefined}
          required={field.required}
          value={text}
          disabled={disabled}
          placeholder={placeholderFor(field)}
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => onChange(e.target.value)}
          onBlur={onBlur}
          className={cn(inputClasses, 'h-10', (field.kind === 'integer' || field.kind === 'number') && 'font-mono tabular-nums')}
        />
      );
  }

  return (
    <div className="space-y-1.5">
      <FieldLabel htmlFor={id} required={field.required} after={<span className="ml-1 font-mono text-xs font-normal text-fg-muted">{field.name}</span>}>
        {field.label}
      </FieldLabel>
      {control}
      <FieldMessages id={id} hint={hint} error={error} />
    </div>
  );
}

interface SecretInputProps {
  id: string;
  'aria-invalid': boolean | undefined;
  'aria-describedby': string | undefined;
  required: boolean;
  value: string;
  disabled: boolean | undefined;
  onChange: (value: string) => void;
  onBlur: () => void;
}

/** Password input with a show/hide button; never autofilled from saved passwords. */
function SecretInput({ onChange, ...props }: SecretInputProps) {
  const [visible, setVisible] = useState(false);
  return (
    <div className="relative">
      <input
        {...props}
        type={visible ? 'text' : 'password'}
        autoComplete="new-password"
        spellCheck={false}
        onChange={(e) => onChange(e.target.value)}
        className={cn(inputClasses, 'h-10 pr-11 font-mono')}
      />
      <button
        type="button"
        aria-label="Show value"
        aria-pressed={visible}
        aria-controls={props.id}
        onClick={() => setVisible((v) => !v)}
        className="absolute inset-y-1 right-1 grid w-9 place-items-center rounded text-fg-muted hover:bg-subtle hover:text-fg"
      >
        {visible ? <EyeOff aria-hidden className="size-4" /> : <Eye aria-hidden className="size-4" />}
      </button>
    </div>
  );
}
