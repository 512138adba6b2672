import { useState } from 'react';
import { hasErrors, type FieldErrors, type ServerFormErrors } from '../lib/formErrors';

/**
 * A form's values and its fields' errors: the form's own checks first, then
 * what the server said about each field.
 */
export function useFormFields<V extends object, F extends string>(initial: V | (() => V), server: ServerFormErrors<F>) {
  const [values, setValues] = useState<V>(initial);
  const [errors, setErrors] = useState<FieldErrors<F>>({});
  const set = <K extends keyof V>(key: K, value: V[K]) => setValues((v) => ({ ...v, [key]: value }));
  const errorFor = (field: F) => errors[field] ?? server.fields[field];
  /** Shows the form's own findings; true when there are none and the form may be sent. */
  const check = (found: FieldErrors<F>): boolean => {
    setErrors(found);
    return !hasErrors(found);
  };
  return { values, setValues, set, errors, setErrors, errorFor, check };
}
