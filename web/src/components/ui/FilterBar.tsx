import { RotateCcw, Search } from 'lucide-react';
import { useEffect, useId, useState, type ReactNode } from 'react';
import { useDebouncedValue } from '../../hooks/useDebouncedValue';
import { cn } from '../../lib/cn';
import { Button } from './Button';
import { inputClasses } from './input';

interface SearchBoxProps {
  /** The box's accessible name, e.g. "Search users". */
  label: string;
  placeholder: string;
  /** The applied search term. */
  value: string;
  /** Called with the trimmed term once typing pauses. */
  onSearch: (q: string) => void;
  className?: string;
}

/** Search as you type: the term applies once typing pauses (debounced). */
export function SearchBox({ label, placeholder, value, onSearch, className }: SearchBoxProps) {
  const id = useId();
  const [term, setTerm] = useState(value);
  const debounced = useDebouncedValue(term);

  useEffect(() => {
    if (debounced.trim() !== value) onSearch(debounced.trim());
    // Only a new debounced term searches; value follows it.
  }, [debounced]);

  return (
    <div className={cn('relative flex-1', className)}>
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <Search aria-hidden className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-fg-muted" />
      <input
        id={id}
        type="search"
        value={term}
        onChange={(e) => setTerm(e.target.value)}
        placeholder={placeholder}
        className={cn(inputClasses, 'h-10 pl-9')}
      />
    </div>
  );
}

interface FilterSelectProps {
  label: string;
  value: string;
  /** [value, text] pairs. */
  options: readonly (readonly [string, string])[];
  onChange: (value: string) => void;
  /** Width classes, e.g. "sm:w-44". */
  className?: string;
}

/** A labelled select of a filter bar. */
export function FilterSelect({ label, value, options, onChange, className }: FilterSelectProps) {
  const id = useId();
  return (
    <div className={cn('space-y-1', className)}>
      <label htmlFor={id} className="text-xs font-medium text-fg-muted">
        {label}
      </label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} className={cn(inputClasses, 'h-10')}>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

interface FilterBarProps {
  search: SearchBoxProps;
  /** Where the bar turns from a column into a row. */
  breakpoint?: 'sm' | 'lg';
  /** The filters next to the search box (FilterSelects and the like). */
  children?: ReactNode;
  /** Shown under the bar, e.g. the chosen tags. */
  footer?: ReactNode;
  /** Given: a "Clear filters" button that resets every filter. */
  onClear?: () => void;
}

/** A list's filters: a search box, then selects and other filters, in one row on wide screens. */
export function FilterBar({ search, breakpoint = 'sm', children, footer, onClear }: FilterBarProps) {
  const wide = breakpoint === 'lg';
  return (
    <div className="mb-5 space-y-3">
      <div className={cn('flex flex-col gap-3', wide ? 'lg:flex-row lg:flex-wrap lg:items-end' : 'sm:flex-row sm:items-end')}>
        <SearchBox {...search} className={cn(wide ? 'lg:max-w-xs' : 'sm:max-w-sm', search.className)} />
        {children}
        {onClear && (
          <Button className="h-10" onClick={onClear}>
            <RotateCcw aria-hidden />
            Clear filters
          </Button>
        )}
      </div>
      {footer}
    </div>
  );
}
