import { format } from 'date-fns';
import { ArrowRight, Gauge, PlayCircle, Siren, TimerOff, UserCheck } from 'lucide-react';
import type { ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { SEVERITIES, type IncidentMetrics, type Severity } from '../../api/types';
import { useCan } from '../../auth/hooks';
import { Card, SectionCard } from '../../components/ui/Card';
import { ErrorState } from '../../components/ui/ErrorState';
import { LoadingBlock } from '../../components/ui/Spinner';
import { cn } from '../../lib/cn';
import { SeverityBadge } from '../incidents/IncidentBadges';
import { severityLabel } from '../incidents/model';
import { formatSeconds } from '../incidents/time';
import {
  bucketIncidents,
  parseRange,
  RANGES,
  rangeBounds,
  useActiveRuns,
  useIncidentMetrics,
  useIncidentVolume,
  useOpenBreaches,
  useOpenBySeverity,
  type RangeKey,
} from './incidentStats';

const severityColors: Record<Severity, string> = {
  critical: 'var(--color-danger)',
  high: 'var(--color-warning)',
  medium: 'var(--color-info)',
  low: 'var(--color-neutral)',
};

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
      {detail && <div className="mt-1 text-xs text-fg-muted">{detail}</div>}
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
  const { from, to } = rangeBounds(range);
  const canSeeRuns = useCan('playbooks:read');
  const metrics = useIncidentMetrics(from, to);
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
  const openTotal = bySeverity.data ? SEVERITIES.reduce((sum, s) => sum + (bySeverity.data[s] ?? 0), 0) : undefined;
  const breached = breaches.data ? breaches.data.ack + breaches.data.resolve : undefined;

  return (
    <section aria-labelledby="incident-overview" className="mb-8 space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="incident-overview" className="text-lg font-semibold">
          Incidents
        </h2>
        <div className="flex items-center gap-3">
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
          tone={breached ? 'danger' : 'success'}
          value={breached ?? '…'}
          detail={
            breaches.data ? (
              <>
                {breaches.data.ack} missed acknowledge, {breaches.data.resolve} missed resolve
                {breaches.data.counted < breaches.data.total && ` (latest ${breaches.data.counted} of ${breaches.data.total})`}
                <span className="block">SLA compliance in range: {percent(m?.slaCompliance)}</span>
              </>
            ) : undefined
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
        <VolumeChart from={from} to={to} range={range} />
        <ServiceTimesChart metrics={m} loading={metrics.isLoading} />
      </div>
    </section>
  );
}

const axisProps = { stroke: 'var(--color-fg-muted)', fontSize: 12, tickLine: false, axisLine: false } as const;
const tooltipStyle = {
  contentStyle: { background: 'var(--color-surface)', border: '1px solid var(--color-line)', borderRadius: 6, fontSize: 12 },
  labelStyle: { color: 'var(--color-fg)' },
};

function VolumeChart({ from, to, range }: { from: string; to: string; range: RangeKey }) {
  const volume = useIncidentVolume(from, to);
  const hourly = RANGES[range].bucketMs < 86_400_000;
  const data = volume.data ? bucketIncidents(volume.data.incidents, from, to, RANGES[range].bucketMs) : [];
  const total = volume.data?.total ?? 0;
  return (
    <SectionCard
      title="Incident volume"
      aside={<span className="text-xs text-fg-muted">{hourly ? 'Per hour' : 'Per day'}, by severity</span>}
    >
      {volume.isLoading ? (
        <LoadingBlock label="Loading incidents…" />
      ) : volume.isError ? (
        <ErrorState error={volume.error} title="Could not load incident volume" />
      ) : (
        <figure>
          <div className="h-64" aria-hidden>
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={data} margin={{ top: 4, right: 4, left: -20, bottom: 0 }}>
                <CartesianGrid vertical={false} stroke="var(--color-line)" />
                <XAxis dataKey="at" {...axisProps} tickFormatter={(t: number) => format(t, hourly ? 'HH:mm' : 'MMM d')} minTickGap={16} />
                <YAxis {...axisProps} allowDecimals={false} />
                <Tooltip
                  {...tooltipStyle}
                  cursor={{ fill: 'var(--color-subtle)' }}
                  labelFormatter={(t) => format(Number(t), hourly ? 'MMM d, HH:mm' : 'EEE MMM d')}
                />
                <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
                {SEVERITIES.map((s) => (
                  <Bar key={s} dataKey={s} name={severityLabel(s)} stackId="sev" fill={severityColors[s]} isAnimationActive={false} />
                ))}
              </BarChart>
            </ResponsiveContainer>
          </div>
          <figcaption className="mt-2 text-xs text-fg-muted">
            {total} incident{total === 1 ? '' : 's'} created in the range
            {volume.data?.partial && ` (chart shows the latest ${volume.data.incidents.length})`}.
          </figcaption>
        </figure>
      )}
    </SectionCard>
  );
}

function ServiceTimesChart({ metrics, loading }: { metrics: IncidentMetrics | undefined; loading: boolean }) {
  const services = Array.isArray(metrics?.services) ? metrics.services : [];
  const data = services
    .filter((s) => s.mttaSeconds !== null || s.mttrSeconds !== null)
    .map((s) => ({
      name: s.name,
      mtta: s.mttaSeconds === null ? null : Math.round((s.mttaSeconds / 60) * 10) / 10,
      mttr: s.mttrSeconds === null ? null : Math.round((s.mttrSeconds / 60) * 10) / 10,
    }));
  return (
    <SectionCard title="MTTA and MTTR by service" aside={<span className="text-xs text-fg-muted">Minutes</span>}>
      {loading ? (
        <LoadingBlock label="Loading metrics…" />
      ) : data.length === 0 ? (
        <p className="py-16 text-center text-sm text-fg-muted">No incident was acknowledged or resolved in this range.</p>
      ) : (
        <figure>
          <div className="h-64" aria-hidden>
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={data} margin={{ top: 4, right: 4, left: -20, bottom: 0 }}>
                <CartesianGrid vertical={false} stroke="var(--color-line)" />
                <XAxis dataKey="name" {...axisProps} interval={0} />
                <YAxis {...axisProps} />
                <Tooltip {...tooltipStyle} cursor={{ fill: 'var(--color-subtle)' }} formatter={(v) => `${String(v)} min`} />
                <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
                <Bar dataKey="mtta" name="MTTA" fill="var(--color-warning)" isAnimationActive={false} />
                <Bar dataKey="mttr" name="MTTR" fill="var(--color-info)" isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </div>
          <figcaption className="sr-only">
            {services.map((s) => `${s.name}: ${s.total} incidents, ${s.open} open, MTTA ${formatSeconds(s.mttaSeconds)}, MTTR ${formatSeconds(s.mttrSeconds)}`).join('; ')}
          </figcaption>
        </figure>
      )}
      {services.length > 0 && (
        <table className="mt-3 w-full text-xs">
          <caption className="sr-only">Per-service incident figures</caption>
          <thead className="text-fg-muted">
            <tr>
              <th scope="col" className="py-1 text-left font-medium">Service</th>
              <th scope="col" className="py-1 text-right font-medium">Total</th>
              <th scope="col" className="py-1 text-right font-medium">Open</th>
              <th scope="col" className="py-1 text-right font-medium">MTTA</th>
              <th scope="col" className="py-1 text-right font-medium">MTTR</th>
              <th scope="col" className="py-1 text-right font-medium">SLA met</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-line">
            {services.map((s) => (
              <tr key={s.id}>
                <td className="py-1">{s.name}</td>
                <td className="py-1 text-right font-mono tabular-nums">{s.total}</td>
                <td className="py-1 text-right font-mono tabular-nums">{s.open}</td>
                <td className="py-1 text-right font-mono tabular-nums">{formatSeconds(s.mttaSeconds)}</td>
                <td className="py-1 text-right font-mono tabular-nums">{formatSeconds(s.mttrSeconds)}</td>
                <td className="py-1 text-right font-mono tabular-nums">{percent(s.slaCompliance)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </SectionCard>
  );
}
