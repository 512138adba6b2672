import { ChevronRight } from 'lucide-react';
import { Link } from 'react-router';
import type { Playbook } from '../../api/types';
import { PlaybookBadges } from './PlaybookBadges';

/** A catalogue entry; the whole card links to the playbook's run form. */
export function PlaybookCard({ playbook }: { playbook: Playbook }) {
  return (
    <li className="group relative flex flex-col gap-3 rounded-lg border border-line bg-surface p-5 shadow-card transition-colors hover:border-line-strong has-[a:focus-visible]:outline-2 has-[a:focus-visible]:outline-offset-2 has-[a:focus-visible]:outline-ring">
      <div className="flex items-start justify-between gap-3">
        <div className="min-w-0">
          <p className="text-xs font-medium tracking-wide text-fg-muted uppercase">{playbook.category}</p>
          <h2 className="mt-0.5 font-semibold">
            <Link
              to={`/playbooks/${encodeURIComponent(playbook.name)}`}
              className="outline-none after:absolute after:inset-0 after:rounded-lg after:content-['']"
            >
              {playbook.title}
            </Link>
          </h2>
          <p className="font-mono text-xs text-fg-muted">{playbook.name}</p>
        </div>
        <ChevronRight aria-hidden className="size-5 shrink-0 text-fg-muted transition-transform group-hover:translate-x-0.5" />
      </div>
      <p className="line-clamp-3 flex-1 text-sm text-fg-muted">{playbook.description}</p>
      <PlaybookBadges playbook={playbook} />
    </li>
  );
}
