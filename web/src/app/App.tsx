import { QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { BrowserRouter } from 'react-router';
import { onUserChange, restoreSession } from '../auth/session';
import { createQueryClient } from './queryClient';
import { AppRoutes } from './routes';

export function App() {
  const [queryClient] = useState(createQueryClient);

  // One user's data must never show to the next: drop the cache on sign-out
  // and when someone else signs in.
  useEffect(() => onUserChange(() => queryClient.clear()), [queryClient]);

  // Turn the refresh cookie (if any) into a session; runs once even in StrictMode.
  useEffect(() => {
    void restoreSession();
  }, []);

  return (
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <AppRoutes />
      </BrowserRouter>
    </QueryClientProvider>
  );
}
