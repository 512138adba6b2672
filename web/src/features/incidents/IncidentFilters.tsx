import { ArrowDownWideNarrow, ArrowUpNarrowWide, Search } from 'lucide-react';
import { useEffect, useId, useState } from 'react';
import type { IncidentFilter } from '../../entities/incident/api';
import { INCIDENT_STATUSES, SEVERITIES, type Service } from '../../api/types';
import { Button } from '../../components/ui/Button';
import { inputClasses } from '../../components/ui/input';
import { useDebouncedValue } from '../../hooks/useDebouncedValue';
import { cn } from '../../lib/cn';
import type { FilterChange } from './filters';
import { severityLabel, statusLabel } from '../../entities/incident/labels';

interface IncidentFiltersProps {
  value: IncidentFilter;
  services: Service[];
  onChange: (change: FilterChange) => void;
}

const sortLabels: Record<IncidentFilter['sort'], string> = {
  created_at: 'Created',
  updated_at: 'Last update',
  severity: 'Severity',
  status: 'Status',
};

/** Status, severity, service, search as you type, and sort order; all kept in the URL. */
export function IncidentFilters({ value, services, onChange }: IncidentFiltersProps) {
  const id = useId();
  const [term, setTerm] = useState(value.q);
  const debounced = useDebouncedValue(term);

  useEffect(() => {
    if (debounced.trim() !== value.q) onChange({ q: debounced.trim() });
    // Only a new debounced term searches; value.q follows it.
  }, [debounced]);

  const select = (key: 'status' | 'severity' | 'serviceId' | 'sort', label: string, options: Array<[string, string]>, width: string) => (
    <div className={cn('space-y-1', width)}>
      <label htmlFor={`${id}-${key}`} className="text-xs font-medium text-fg-muted">
        {label}
      </label>
      <select
        id={`${id}-${key}`}
        value={value[key]}
        onChange={(e) => onChange({ [key]: e.target.value } as FilterChange)}
        className={cn(inputClasses, 'h-10')}
      >
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );

  const statusOptions: Array<[string, string]> = [
    ['open', 'Open (not resolved)'],
    ['', 'All statuses'],
    ...INCIDENT_STATUSES.map((s): [string, string] => [s, statusLabel(s)]),
  ];
  // A hand-written URL may hold a list ("triggered,acknowledged"): keep it selectable.
  if (!statusOptions.some(([v]) => v === value.status)) {
    statusOptions.push([value.status, value.status.split(',').map(statusLabel).join(', ')]);
  }
  const severityOptions: Array<[string, string]> = [['', 'All severities'], ...SEVERITIES.map((s): [string, string] => [s, severityLabel(s)])];
  if (!severityOptions.some(([v]) => v === value.severity)) {
    severityOptions.push([value.severity, value.severity.split(',').map(severityLabel).join(', ')]);
  }
  const serviceOptions: Array<[string, string]> = [['', 'All services'], ...services.map((s): [string, string] => [s.id, s.name])];
  if (value.serviceId && !services.some((s) => s.id === value.serviceId)) serviceOptions.push([value.serviceId, value.serviceId]);

  const descending = value.order === 'desc';
  return (
    <div className="mb-5 flex flex-col gap-3 lg:flex-row lg:flex-wrap lg:items-end">
      <div className="relative flex-1 lg:max-w-xs">
        <label htmlFor={`${id}-q`} className="sr-only">
          Search incidents
        </label>
        <Search aria-hidden className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-fg-muted" />
        <input
          id={`${id}-q`}
          type="search"
          value={term}
          onChange={(e) => setTerm(e.target.value)}
          placeholder="Search title or description"
          className={cn(inputClasses, 'h-10 pl-9')}
        />
      </div>
      <div className="grid grid-cols-2 gap-3 sm:flex sm:flex-wrap sm:items-end">
        {select('status', 'Status', statusOptions, 'sm:w-48')}
        {select('severity', 'Severity', severityOptions, 'sm:w-36')}
        {select('serviceId', 'Service', serviceOptions, 'sm:w-44')}
        <label className="flex h-10 items-center gap-2 text-sm sm:self-end">
          <input
            type="checkbox"
            checked={value.breached === true}
            onChange={(e) => onChange({ breached: e.target.checked })}
            className="size-4 accent-primary"
          />
          SLA breached
        </label>
        <div className="flex items-end gap-1">
          {select('sort', 'Sort by', Object.entries(sortLabels), 'flex-1 sm:w-36')}
          <Button
            className="h-10"
            aria-label={descending ? 'Descending order; switch to ascending' : 'Ascending order; switch to descending'}
            title={descending ? 'Descending' : 'Ascending'}
            onClick={() => onChange({ order: descending ? 'asc' : 'desc' })}
          >
            {descending ? <ArrowDownWideNarrow aria-hidden /> : <ArrowUpNarrowWide aria-hidden />}
          </Button>
        </div>
      </div>
    </div>
  );
}
