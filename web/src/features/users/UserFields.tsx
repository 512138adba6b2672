import { TextField } from '../../components/ui/Field';

interface FieldProps {
  value: string;
  onChange: (value: string) => void;
  error?: string;
}

/** A user's display name, required when creating and editing. */
export function DisplayNameField({ value, onChange, error }: FieldProps) {
  return <TextField label="Name" required autoComplete="off" value={value} onChange={(e) => onChange(e.target.value)} error={error} />;
}

/** A password an admin sets for a user (never autofilled with the admin's own). */
export function UserPasswordField({ label, hint, required, value, onChange, error }: FieldProps & { label: string; hint: string; required?: boolean }) {
  return (
    <TextField
      label={label}
      type="password"
      required={required}
      autoComplete="new-password"
      value={value}
      onChange={(e) => onChange(e.target.value)}
      error={error}
      hint={hint}
    />
  );
}
