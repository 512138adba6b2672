import { ArrowDownWideNarrow, ArrowUpNarrowWide } from 'lucide-react';
import type { IncidentFilter } from '../../entities/incident/api';
import { INCIDENT_STATUSES, SEVERITIES, type Service } from '../../api/types';
import { Button } from '../../components/ui/Button';
import { FilterBar, FilterSelect } from '../../components/ui/FilterBar';
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
  const select = (key: 'status' | 'severity' | 'serviceId' | 'sort', label: string, options: Array<[string, string]>, width: string) => (
    <FilterSelect label={label} value={value[key]} options={options} onChange={(v) => onChange({ [key]: v } as FilterChange)} className={width} />
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
    <FilterBar
      breakpoint="lg"
      search={{ label: 'Search incidents', placeholder: 'Search title or description', value: value.q, onSearch: (q) => onChange({ q }) }}
    >
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
    </FilterBar>
  );
}
