import type { ReactNode } from 'react';

interface PageHeaderProps {
  title: ReactNode;
  description?: ReactNode;
  /** Buttons or links shown on the right (below the title on phones). */
  actions?: ReactNode;
  /** A breadcrumb or back link above the title. */
  eyebrow?: ReactNode;
  /** The browser tab's title, before " · OpsManager"; the title by default when it is text. */
  documentTitle?: string;
}

/** A page's heading, and the browser tab's title. */
export function PageHeader({ title, description, actions, eyebrow, documentTitle = typeof title === 'string' ? title : undefined }: PageHeaderProps) {
  return (
    <>
      {documentTitle && <title>{`${documentTitle} · OpsManager`}</title>}
      <header className="mb-6 flex flex-col gap-4 sm:flex-row sm:items-end sm:justify-between">
        <div className="min-w-0 space-y-1">
          {eyebrow}
          <h1 className="text-2xl font-semibold tracking-tight break-words">{title}</h1>
          {description && <div className="text-sm text-fg-muted">{description}</div>}
        </div>
        {actions && <div className="flex shrink-0 flex-wrap items-center gap-2">{actions}</div>}
      </header>
    </>
  );
}
