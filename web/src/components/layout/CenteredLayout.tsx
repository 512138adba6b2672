import type { ReactNode } from 'react';
import { Brand } from './Brand';

/** A page outside the app shell (sign-in, session checks): brand above a centred column. */
export function CenteredLayout({ children }: { children: ReactNode }) {
  return (
    <div className="flex min-h-dvh flex-col items-center justify-center gap-6 px-4 py-10">
      <Brand />
      <main id="main" className="w-full max-w-sm">
        {children}
      </main>
    </div>
  );
}
