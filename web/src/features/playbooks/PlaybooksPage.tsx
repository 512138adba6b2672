import { BookOpen, Search } from 'lucide-react';
import { useId, useState } from 'react';
import type { Playbook } from '../../api/types';
import { EmptyState } from '../../components/ui/EmptyState';
import { ErrorState } from '../../components/ui/ErrorState';
import { inputClasses } from '../../components/ui/input';
import { PageHeader } from '../../components/ui/PageHeader';
import { LoadingBlock } from '../../components/ui/Spinner';
import { PlaybookCard } from './PlaybookCard';
import { usePlaybooks } from '../../entities/playbook/queries';

function matches(playbook: Playbook, term: string): boolean {
  const haystack = `${playbook.title} ${playbook.name} ${playbook.category} ${playbook.description}`.toLowerCase();
  return term
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => haystack.includes(word));
}

export function PlaybooksPage() {
  const query = usePlaybooks();
  const [term, setTerm] = useState('');
  const searchId = useId();
  const playbooks = query.data ?? [];
  const visible = playbooks.filter((p) => matches(p, term));

  return (
    <>
      <PageHeader title="Playbooks" description="Automated runbooks you can start on demand. Pick one to fill in its parameters." />
      {query.isLoading ? (
        <LoadingBlock label="Loading playbooks…" />
      ) : query.isError ? (
        <ErrorState error={query.error} title="Could not load playbooks" onRetry={() => void query.refetch()} />
      ) : playbooks.length === 0 ? (
        <EmptyState icon={<BookOpen />} title="No playbooks are registered">
          Playbooks are Go code registered by the worker; once one is deployed it appears here.
        </EmptyState>
      ) : (
        <>
          <div className="relative mb-5 max-w-md">
            <label htmlFor={searchId} className="sr-only">
              Search playbooks
            </label>
            <Search aria-hidden className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-fg-muted" />
            <input
              id={searchId}
              type="search"
              value={term}
              onChange={(e) => setTerm(e.target.value)}
              placeholder="Search by name, category or description"
              className={`${inputClasses} h-10 pl-9`}
            />
          </div>
          <p className="sr-only" aria-live="polite">
            {term ? `${visible.length} of ${playbooks.length} playbooks match` : ''}
          </p>
          {visible.length === 0 ? (
            <EmptyState icon={<Search />} title="No playbook matches your search">
              Try another word, or clear the search.
            </EmptyState>
          ) : (
            <ul className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3">
              {visible.map((playbook) => (
                <PlaybookCard key={playbook.name} playbook={playbook} />
              ))}
            </ul>
          )}
        </>
      )}
    </>
  );
}
