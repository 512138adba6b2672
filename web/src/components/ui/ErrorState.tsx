import { RefreshCw } from 'lucide-react';
import { ApiError } from '../../api/client';
import { Alert } from './Alert';
import { Button } from './Button';

interface ErrorStateProps {
  error: unknown;
  title?: string;
  onRetry?: () => void;
}

/** Shows a failed request: the API's message, its code and status, and a retry. */
export function ErrorState({ error, title = 'Could not load this page', onRetry }: ErrorStateProps) {
  const apiError = error instanceof ApiError ? error : undefined;
  const message = error instanceof Error ? error.message : 'Something went wrong.';
  return (
    <Alert tone="danger" title={title} live>
      <p>{message}</p>
      {apiError && !apiError.isNetworkError && (
        <p className="mt-1 font-mono text-xs opacity-90">
          {apiError.code} · HTTP {apiError.status}
        </p>
      )}
      {onRetry && (
        <Button size="sm" className="mt-3" onClick={onRetry}>
          <RefreshCw aria-hidden />
          Try again
        </Button>
      )}
    </Alert>
  );
}
