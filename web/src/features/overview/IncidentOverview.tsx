import { format } from 'date-fns';
import { ArrowRight, Gauge, PlayCircle, Siren, TimerOff, UserCheck } from 'lucide-react';
import type { ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { MetricsBucket } from '../../entities/incident/api';
import { SEVERITIES, type IncidentMetrics, type ServiceMetrics } from '../../api/types';
import { useCan } from '../../auth/hooks';
import { Card, SectionCard } from '../../components/ui/Card';
import { ErrorState } from '../../components/ui/ErrorState';
import { LoadingBlock } from '../../components/ui/Spinner';
import { DataTable, type Column } from '../../components/ui/DataTable';
import { cn } from '../../lib/cn';
import { SeverityBadge } from '../../entities/incident/IncidentBadges';
import { formatSeconds } from '../../lib/time';
import {
  labelInstant,
  parseRange,
  RANGES,
  rangeBounds,
  seriesPoints,
  useActiveRuns,
  useIncidentMetrics,
  useOpenBreaches,
  useOpenBySeverity,
  type RangeKey,
  type SeriesPoint,
} from './incidentStats';

function Tile({ label, value, detail, icon, tone = 'neutral', to }: { label: string; value: ReactNode; detail?: ReactNode; icon: ReactNode; tone?: 'danger' | 'warning' | 'info' | 'success' | 'neutral'; to?: string }) {
  const tones = {
    danger: 'bg-danger-soft text-danger',
    warning: 'bg-warning-soft text-warning',
    info: 'bg-info-soft text-info',
    success: 'bg-success-soft text-success',
    neutral: 'bg-subtle text-fg-muted',
  };
  const body = (
    <>
      <div className="flex items-center justify-between gap-2">
        <p className="text-sm text-fg-muted">{label}</p>
        <span className={cn('grid size-8 place-items-center rounded-md [&_svg]:size-4', tones[tone])}>{icon}</span>
      </div>
      <p className="mt-2 text-2xl font-semibold tabular-nums">{value}</p>
    </>
  );
  return (
    <Card className="p-4">
      {to ? (
        <Link to={to} className="block rounded outline-none focus-visible:outline-2 focus-visible:outline-offset-4 focus-visible:outline-ring">
          {body}
        </Link>
      ) : (
        body
      )}
      {/* Outside the tile's link: the detail may hold links of its own. */}
      {detail && <div className="mt-1 text-xs text-fg-muted">{detail}</div>}
    </Card>
  );
}

function RangePicker({ value, onChange }: { value: RangeKey; onChange: (r: RangeKey) => void }) {
  return (
    <div role="radiogroup" aria-label="Time range" className="inline-flex rounded-md border border-line bg-subtle p-0.5">
      {(Object.keys(RANGES) as RangeKey[]).map((key) => (
        <button
          key={key}
          type="button"
          role="radio"
          aria-checked={value === key}
          title={RANGES[key].label}
          onClick={() => onChange(key)}
          className={cn(
            'h-8 rounded px-3 text-sm font-medium',
            value === key ? 'bg-surface text-fg shadow-card' : 'text-fg-muted hover:text-fg',
          )}
        >
          {key}
        </button>
      ))}
    </div>
  );
}

const percent = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${Math.round(v * 1000) / 10}%`);

/** Incidents on the Overview: what is open now, how fast it was handled in the range, and volume. */
export function IncidentOverview() {
  const [params, setParams] = useSearchParams();
  const range = parseRange(params.get('range'));
  const { bucket } = RANGES[range];
  const { from, to } = rangeBounds(range);
  const canSeeRuns = useCan('playbooks:read');
  const metrics = useIncidentMetrics(from, to, bucket);
  const bySeverity = useOpenBySeverity();
  const breaches = useOpenBreaches();
  const runs = useActiveRuns(canSeeRuns);
  const setRange = (next: RangeKey) => {
    const p = new URLSearchParams(params);
    if (next === '7d') p.delete('range');
    else p.set('range', next);
    setParams(p, { replace: true });
  };
  const m: IncidentMetrics | undefined = metrics.data && typeof metrics.data === 'object' && !Array.isArray(metrics.data) ? metrics.data : undefined;
  const points = seriesPoints(m?.series);
  const openTotal = bySeverity.data ? SEVERITIES.reduce((sum, s) => sum + (bySeverity.data[s] ?? 0), 0) : undefined;
  const breached = typeof breaches.data === 'number' ? breaches.data : undefined;

  return (
    <section aria-labelledby="incident-overview" className="mb-8 space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="incident-overview" className="text-lg font-semibold">
          Incidents
        </h2>
        <div className="flex flex-wrap items-center gap-3">
          <Link to="/incidents" className="inline-flex items-center gap-1 text-sm text-link hover:underline">
            All incidents
            <ArrowRight aria-hidden className="size-4" />
          </Link>
          <RangePicker value={range} onChange={setRange} />
        </div>
      </div>

      <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
        <Tile
          label="Open incidents"
          icon={<Siren aria-hidden />}
          tone={openTotal ? 'danger' : 'success'}
          to="/incidents"
          value={openTotal ?? '…'}
          detail={
            bySeverity.data ? (
              <ul className="mt-1 flex flex-wrap gap-1.5" aria-label="Open incidents by severity">
                {SEVERITIES.map((s) => (
                  <li key={s}>
                    <Link to={`/incidents?severity=${s}`} className="inline-flex items-center gap-1 hover:underline">
                      <SeverityBadge severity={s} />
                      <span className="font-mono tabular-nums text-fg">{bySeverity.data[s]}</span>
                    </Link>
                  </li>
                ))}
              </ul>
            ) : bySeverity.isError ? (
              'Could not count them.'
            ) : undefined
          }
        />
        <Tile
          label="Open with SLA breached"
          icon={<TimerOff aria-hidden />}
          to="/incidents?breached=true"
          tone={breached ? 'danger' : 'success'}
          value={breached ?? '…'}
          detail={
            <>
              {breaches.isError
                ? 'Could not count them.'
                : breached !== undefined && 'Missed an acknowledge or resolve deadline'}
              <span className="block">SLA compliance in range: {percent(m?.slaCompliance)}</span>
            </>
          }
        />
        <Tile
          label="Mean time to acknowledge / resolve"
          icon={<Gauge aria-hidden />}
          tone="info"
          value={
            <span>
              {formatSeconds(m?.mttaSeconds)} <span className="text-base text-fg-muted">/</span> {formatSeconds(m?.mttrSeconds)}
            </span>
          }
          detail={`${m?.total ?? '…'} incidents created, ${RANGES[range].label.toLowerCase()}`}
        />
        {canSeeRuns && (
          <Tile
            label="Playbooks running"
            icon={<PlayCircle aria-hidden />}
            tone={runs.data?.waiting ? 'warning' : 'info'}
            to="/runs"
            value={runs.data?.running ?? '…'}
            detail={
              runs.data ? (
                <span className="inline-flex items-center gap-1">
                  <UserCheck aria-hidden className="size-3.5" />
                  {runs.data.waiting} waiting for approval
                </span>
              ) : undefined
            }
          />
        )}
      </div>

      {metrics.isError && <ErrorState error={metrics.error} title="Could not load incident metrics" onRetry={() => void metrics.refetch()} />}

      <div className="grid gap-4 lg:grid-cols-2">
        <VolumeChart points={points} bucket={bucket} loading={metrics.isLoading} total={m?.total} />
        <ResponseTimesChart points={points} bucket={bucket} loading={metrics.isLoading} services={m?.services} />
      </div>
    </section>
  );
}

const axisProps = { stroke: 'var(--color-fg-muted)', fontSize: 12, tickLine: false, axisLine: false } as const;
const tooltipStyle = {
  contentStyle: { background: 'var(--color-surface)', border: '1px solid var(--color-line)', borderRadius: 6, fontSize: 12 },
  labelStyle: { color: 'var(--color-fg)' },
};

/** Tick and tooltip labels of a bucket. */
function bucketLabels(bucket: MetricsBucket) {
  const tick = (t: number) => format(labelInstant(t, bucket), bucket === 'hour' ? 'HH:mm' : 'MMM d');
  const full = (t: number) => format(labelInstant(t, bucket), bucket === 'hour' ? 'MMM d, HH:mm' : 'EEE MMM d');
  return { tick, full };
}

interface ChartProps {
  points: SeriesPoint[];
  bucket: MetricsBucket;
  loading: boolean;
}

function VolumeChart({ points, bucket, loading, total }: ChartProps & { total: number | undefined }) {
  const { tick, full } = bucketLabels(bucket);
  const sum = total ?? points.reduce((n, p) => n + p.total, 0);
  const busiest = points.reduce<SeriesPoint | undefined>((best, p) => (p.total > (best?.total ?? 0) ? p : best), undefined);
  return (
    <SectionCard title="Incident volume" aside={<span className="text-xs text-fg-muted">Created per {bucket}</span>}>
      <ChartFigure
        loading={loading}
        loadingLabel="Loading incidents…"
        empty={points.length === 0 && 'No incident volume to show for this range.'}
        testId="volume-chart"
        caption={
          <>
            {sum} incident{sum === 1 ? '' : 's'} created in the range
            {busiest ? `; busiest ${bucket}: ${full(busiest.at)} with ${busiest.total}` : ''}.
          </>
        }
        table={
          <SeriesTable
            caption={`Incidents created per ${bucket}`}
            points={points}
            label={full}
            columns={[['Incidents', (p) => String(p.total)]]}
          />
        }
      >
        <BarChart accessibilityLayer={false} data={points} margin={{ top: 4, right: 4, left: -20, bottom: 0 }}>
          <CartesianGrid vertical={false} stroke="var(--color-line)" />
          <XAxis dataKey="at" {...axisProps} tickFormatter={tick} minTickGap={16} />
          <YAxis {...axisProps} allowDecimals={false} />
          <Tooltip {...tooltipStyle} cursor={{ fill: 'var(--color-subtle)' }} labelFormatter={(t) => full(Number(t))} />
          <Bar dataKey="total" name="Incidents" fill="var(--color-primary)" isAnimationActive={false} />
        </BarChart>
      </ChartFigure>
    </SectionCard>
  );
}

interface ChartFigureProps {
  loading: boolean;
  loadingLabel: string;
  /** Shown instead of the chart when there is nothing to chart. */
  empty: string | false;
  testId: string;
  caption: ReactNode;
  /** The chart's numbers for screen readers (a SeriesTable). */
  table: ReactNode;
  /** The recharts chart, sized to the figure. */
  children: ReactNode;
}

/** A chart card's body: loading, nothing to show, or the chart with its caption and accessible table. */
function ChartFigure({ loading, loadingLabel, empty, testId, caption, table, children }: ChartFigureProps) {
  if (loading) return <LoadingBlock label={loadingLabel} />;
  if (empty) return <p className="py-16 text-center text-sm text-fg-muted">{empty}</p>;
  return (
    <figure>
      <div className="h-64" aria-hidden data-testid={testId}>
        <ResponsiveContainer width="100%" height="100%">
          {children}
        </ResponsiveContainer>
      </div>
      <figcaption className="mt-2 text-xs text-fg-muted">{caption}</figcaption>
      {table}
    </figure>
  );
}

/** Minutes, or hours once the values get long. */
function timeUnit(points: SeriesPoint[]): { name: 'minutes' | 'hours'; scale: number } {
  const max = Math.max(0, ...points.flatMap((p) => [p.mtta ?? 0, p.mttr ?? 0]));
  return max > 180 ? { name: 'hours', scale: 60 } : { name: 'minutes', scale: 1 };
}

function ResponseTimesChart({ points, bucket, loading, services }: ChartProps & { services: ServiceMetrics[] | undefined }) {
  const { tick, full } = bucketLabels(bucket);
  const unit = timeUnit(points);
  const scaled = (v: number | null) => (v === null ? null : Math.round((v / unit.scale) * 10) / 10);
  const data = points.map((p) => ({ at: p.at, mtta: scaled(p.mtta), mttr: scaled(p.mttr) }));
  const hasData = points.some((p) => p.mtta !== null || p.mttr !== null);
  const list = Array.isArray(services) ? services : [];
  const asText = (v: number | null) => (v === null ? '—' : formatSeconds(v * 60));
  return (
    <SectionCard
      title="MTTA and MTTR"
      aside={<span className="text-xs text-fg-muted">Per {bucket}, in {unit.name}</span>}
    >
      <ChartFigure
        loading={loading}
        loadingLabel="Loading metrics…"
        empty={!hasData && 'No incident was acknowledged or resolved in this range.'}
        testId="response-times-chart"
        caption={
          <>
            Mean time from creation to acknowledgement (MTTA, solid) and to resolution (MTTR, dashed) of the incidents created in each {bucket}.
          </>
        }
        table={
          <SeriesTable
            caption={`MTTA and MTTR per ${bucket}`}
            points={points}
            label={full}
            columns={[
              ['MTTA', (p) => asText(p.mtta)],
              ['MTTR', (p) => asText(p.mttr)],
            ]}
          />
        }
      >
        <LineChart accessibilityLayer={false} data={data} margin={{ top: 4, right: 8, left: -20, bottom: 0 }}>
          <CartesianGrid vertical={false} stroke="var(--color-line)" />
          <XAxis dataKey="at" {...axisProps} tickFormatter={tick} minTickGap={16} />
          <YAxis {...axisProps} />
          <Tooltip {...tooltipStyle} labelFormatter={(t) => full(Number(t))} formatter={(v) => `${String(v)} ${unit.name === 'hours' ? 'h' : 'min'}`} />
          <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
          <Line dataKey="mtta" name="MTTA" stroke="var(--color-warning)" strokeWidth={2} dot={{ r: 2 }} connectNulls isAnimationActive={false} />
          <Line dataKey="mttr" name="MTTR" stroke="var(--color-info)" strokeWidth={2} strokeDasharray="5 3" dot={{ r: 2 }} connectNulls isAnimationActive={false} />
        </LineChart>
      </ChartFigure>
      {list.length > 0 && (
        <DataTable compact className="mt-3" caption="Per-service incident figures" columns={serviceColumns} rows={list} rowKey={(s) => s.id} hover={false} />
      )}
    </SectionCard>
  );
}

const figure = 'text-right font-mono tabular-nums';

const serviceColumns: Column<ServiceMetrics>[] = [
  { id: 'service', header: 'Service', className: 'text-left', cellClassName: 'break-all', cell: (s) => s.name },
  { id: 'total', header: 'Total', className: 'text-right', cellClassName: figure, cell: (s) => s.total },
  { id: 'open', header: 'Open', className: 'text-right', cellClassName: figure, cell: (s) => s.open },
  { id: 'mtta', header: 'MTTA', className: 'text-right', cellClassName: figure, cell: (s) => formatSeconds(s.mttaSeconds) },
  { id: 'mttr', header: 'MTTR', className: 'text-right', cellClassName: figure, cell: (s) => formatSeconds(s.mttrSeconds) },
  { id: 'sla', header: 'SLA met', className: 'text-right', cellClassName: figure, cell: (s) => percent(s.slaCompliance) },
];

/** The chart's numbers for screen readers (the chart itself is hidden from them). */
function SeriesTable({
  caption,
  points,
  label,
  columns,
}: {
  caption: string;
  points: SeriesPoint[];
  label: (t: number) => string;
  columns: Array<[string, (p: SeriesPoint) => string]>;
}) {
  const all: Column<SeriesPoint>[] = [
    { id: 'period', header: 'Period', rowHeader: true, cell: (p) => label(p.at) },
    ...columns.map(([name, value]): Column<SeriesPoint> => ({ id: name, header: name, cell: value })),
  ];
  return <DataTable className="sr-only" caption={caption} columns={all} rows={points} rowKey={(p) => String(p.at)} hover={false} />;
}
