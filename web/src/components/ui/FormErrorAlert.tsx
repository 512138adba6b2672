import type { ApiErrorDetail } from '../../api/client';
import { Alert } from './Alert';

interface FormErrorAlertProps {
  title: string;
  error: Error;
  /** Details the form could not show next to a field. */
  details?: readonly ApiErrorDetail[];
  className?: string;
}

/** A failed submission: the API's message and any details not tied to a field. */
export function FormErrorAlert({ title, error, details = [], className }: FormErrorAlertProps) {
  return (
    <Alert tone="danger" title={title} live className={className}>
      <p>{error.message}</p>
      {details.length > 0 && (
        <ul className="mt-2 list-disc space-y-0.5 pl-5">
          {details.map((detail, i) => (
            <li key={i}>
              {detail.field && <span className="font-mono">{detail.field}: </span>}
              {detail.message}
            </li>
          ))}
        </ul>
      )}
    </Alert>
  );
}
