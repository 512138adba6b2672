import { Menu, X } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { LiveIndicator } from '../../live/LiveIndicator';
import { Button } from '../ui/Button';
import { Brand } from './Brand';
import { SidebarContent } from './Sidebar';

/**
 * Top bar and navigation drawer below the lg breakpoint. The drawer is a modal
 * <dialog>, so the browser traps focus, closes it on Escape and makes the page
 * behind it inert.
 */
export function MobileNav() {
  const [open, setOpen] = useState(false);
  const dialogRef = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  // Close when the window grows to the desktop layout, which hides the drawer but
  // would leave the page inert behind a still-open modal.
  useEffect(() => {
    const desktop = window.matchMedia?.('(min-width: 64rem)');
    if (!desktop) return;
    const onChange = () => desktop.matches && setOpen(false);
    desktop.addEventListener('change', onChange);
    return () => desktop.removeEventListener('change', onChange);
  }, []);

  const close = () => setOpen(false);

  return (
    <>
      <header className="sticky top-0 z-30 flex h-14 items-center justify-between border-b border-line bg-surface px-4 lg:hidden">
        <Brand />
        <LiveIndicator className="ml-auto mr-2" />
        <Button
          variant="ghost"
          size="sm"
          aria-label="Open navigation"
          aria-haspopup="dialog"
          aria-expanded={open}
          onClick={() => setOpen(true)}
        >
          <Menu aria-hidden />
        </Button>
      </header>
      <dialog
        ref={dialogRef}
        aria-label="Navigation"
        onClose={close}
        onClick={(event) => {
          if (event.target === event.currentTarget) close(); // click on the backdrop
        }}
        className="fixed inset-y-0 right-auto left-0 m-0 h-dvh max-h-none w-72 max-w-[85vw] border-r border-line bg-surface p-0 text-fg backdrop:bg-black/50 lg:hidden"
      >
        {/* Rendered only while open, so the page never holds two copies of the navigation. */}
        {open && (
          <div className="relative h-full">
            <Button variant="ghost" size="sm" aria-label="Close navigation" onClick={close} className="absolute top-4 right-3">
              <X aria-hidden />
            </Button>
            <SidebarContent onNavigate={close} />
          </div>
        )}
      </dialog>
    </>
  );
}
