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
