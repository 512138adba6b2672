import { LogIn } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { Button } from '../../components/ui/Button';
import { PasswordField, TextField } from '../../components/ui/Field';
import { Spinner } from '../../components/ui/Spinner';

interface Credentials {
  email: string;
  password: string;
}

interface CredentialsFormProps {
  initial: Credentials;
  /** Submitting is not possible (request in flight, or rate limited). */
  busy: boolean;
  pending: boolean;
  onSubmit: (values: Credentials) => void;
}

export function CredentialsForm({ initial, busy, pending, onSubmit }: CredentialsFormProps) {
  const [email, setEmail] = useState(initial.email);
  const [password, setPassword] = useState(initial.password);
  const [errors, setErrors] = useState<Partial<Credentials>>({});

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found: Partial<Credentials> = {};
    if (!email.trim()) found.email = 'Enter your email address.';
    if (!password) found.password = 'Enter your password.';
    setErrors(found);
    if (found.email || found.password) return;
    onSubmit({ email: email.trim(), password });
  };

  return (
    <form noValidate onSubmit={submit} className="space-y-4">
      <TextField
        label="Email"
        type="email"
        name="email"
        autoComplete="username"
        autoFocus
        required
        spellCheck={false}
        value={email}
        error={errors.email}
        onChange={(e) => setEmail(e.target.value)}
      />
      <PasswordField label="Password" name="password" current required value={password} error={errors.password} onChange={setPassword} />
      <Button type="submit" variant="primary" className="w-full" disabled={busy}>
        {pending ? <Spinner /> : <LogIn aria-hidden />}
        {pending ? 'Signing in…' : 'Sign in'}
      </Button>
    </form>
  );
}
