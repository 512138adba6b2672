import { X } from 'lucide-react';
import { useId, useRef, useState, type KeyboardEvent } from 'react';
import { Button } from '../../components/ui/Button';
import { FilterBar } from '../../components/ui/FilterBar';
import { inputClasses } from '../../components/ui/input';
import { cn } from '../../lib/cn';
import { parseTags } from './validation';

export interface ServerFilterValues {
  q: string;
  tags: string[];
}

interface ServerFiltersProps {
  value: ServerFilterValues;
  onChange: (changes: Partial<ServerFilterValues>) => void;
  /** Tags to suggest (those of the servers seen so far). */
  knownTags: readonly string[];
}

/** Search by name or host as you type (debounced); servers carrying every chosen tag. */
export function ServerFilters({ value, onChange, knownTags }: ServerFiltersProps) {
  const id = useId();
  const [tagDraft, setTagDraft] = useState('');
  const tagInput = useRef<HTMLInputElement>(null);

  const addTags = () => {
    const added = parseTags(tagDraft).filter((t) => !value.tags.includes(t));
    setTagDraft('');
    if (added.length) onChange({ tags: [...value.tags, ...added] });
  };
  const onTagKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter' || event.key === ',') {
      event.preventDefault();
      addTags();
    } else if (event.key === 'Backspace' && !tagDraft && value.tags.length) {
      onChange({ tags: value.tags.slice(0, -1) });
    }
  };
  /** The removed chip had focus: hand it to the tag input rather than losing it. */
  const removeTags = (tags: string[]) => {
    onChange({ tags });
    tagInput.current?.focus();
  };
  const suggestions = knownTags.filter((t) => !value.tags.includes(t));

  return (
    <FilterBar
      search={{ label: 'Search servers', placeholder: 'Search by name or host', value: value.q, onSearch: (q) => onChange({ q }) }}
      footer={
        value.tags.length > 0 && (
          <div className="flex flex-wrap items-center gap-2 text-sm">
            <span className="text-fg-muted" id={`${id}-active`}>
              Carrying every tag:
            </span>
            <ul aria-labelledby={`${id}-active`} className="flex flex-wrap gap-2">
              {value.tags.map((tag) => (
                <li key={tag}>
                  <button
                    type="button"
                    onClick={() => removeTags(value.tags.filter((t) => t !== tag))}
                    aria-label={`Remove tag filter ${tag}`}
                    className="inline-flex h-7 items-center gap-1 rounded-full bg-info-soft px-2.5 font-mono text-xs font-medium text-info hover:ring-1 hover:ring-info"
                  >
                    {tag}
                    <X aria-hidden className="size-3.5" />
                  </button>
                </li>
              ))}
            </ul>
            <Button size="sm" variant="ghost" onClick={() => removeTags([])}>
              Clear tags
            </Button>
          </div>
        )
      }
    >
      <div className="flex flex-1 gap-2 sm:max-w-sm">
        <div className="min-w-0 flex-1">
          <label htmlFor={`${id}-tag`} className="sr-only">
            Filter by tag
          </label>
          <input
            id={`${id}-tag`}
            ref={tagInput}
            value={tagDraft}
            onChange={(e) => setTagDraft(e.target.value)}
            onKeyDown={onTagKey}
            placeholder="Filter by tag, e.g. prod"
            autoComplete="off"
            spellCheck={false}
            aria-describedby={`${id}-tag-hint`}
            list={suggestions.length ? `${id}-tags` : undefined}
            className={cn(inputClasses, 'h-10')}
          />
          <span id={`${id}-tag-hint`} className="sr-only">
            Press Enter to add the tag. Servers must carry every tag added.
          </span>
          {suggestions.length > 0 && (
            <datalist id={`${id}-tags`}>
              {suggestions.map((tag) => (
                <option key={tag} value={tag} />
              ))}
            </datalist>
          )}
        </div>
        <Button onClick={addTags} disabled={!tagDraft.trim()}>
          Add tag
        </Button>
      </div>
    </FilterBar>
  );
}
