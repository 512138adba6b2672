import { Link } from 'react-router';
import type { Impact } from '../../api/types';
import { Badge } from '../../components/ui/Badge';

/** "down" red, "degraded" amber. */
export function StatusBadge({ status }: { status: string }) {
  return <Badge tone={status === 'down' ? 'danger' : 'warning'}>{status}</Badge>;
}

/** A link to an asset's page. */
export function AssetLink({ id, name }: { id: string; name: string }) {
  return (
    <Link to={`/assets/${id}`} className="text-link hover:underline">
      {name}
    </Link>
  );
}

/**
 * What a failure reaches: how many assets go down or are degraded, the services
 * among them with who their first escalation level would page, and (unless
 * compact) every asset by distance. Nothing here pages anyone.
 */
export function ImpactSummary({ impact, compact = false }: { impact: Impact; compact?: boolean }) {
  return (
    <div className="space-y-4">
      <p className="text-sm">
        <strong>{impact.down}</strong> down, <strong>{impact.degraded}</strong> degraded
        {impact.services.length > 0 && (
          <>
            {' '}
            — <strong>{impact.services.length}</strong> service{impact.services.length === 1 ? '' : 's'} affected
          </>
        )}
        .
      </p>
      {impact.services.length > 0 && (
        <ul aria-label="Affected services" className="space-y-2">
          {impact.services.map((s) => (
            <li key={s.id} className="rounded border border-line p-3 text-sm">
              <div className="flex items-center gap-2">
                <AssetLink id={s.id} name={s.name} /> <StatusBadge status={s.status} />
                {s.serviceName && <span className="text-fg-muted">OpsManager service {s.serviceName}</span>}
              </div>
              {s.wouldPage.length > 0 && (
                <p className="mt-1">
                  Would page: {s.wouldPage.map((p) => `${p.name} (${p.target})`).join(', ')}
                </p>
              )}
              {s.openIncidents.length > 0 && (
                <p className="mt-1">
                  Open incidents:{' '}
                  {s.openIncidents.map((i) => (
                    <Link key={i.id} to={`/incidents/${i.id}`} className="mr-2 text-link hover:underline">
                      {i.title}
                    </Link>
                  ))}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
      {!compact && (
        <ul aria-label="Affected assets" className="divide-y divide-line text-sm">
          {impact.assets.map((a) => (
            <li key={a.id} className="flex items-center gap-2 py-1">
              <AssetLink id={a.id} name={a.name} />
              <span className="text-fg-muted">{a.type}</span>
              <StatusBadge status={a.status} />
              <span className="text-fg-muted">{a.distance === 0 ? 'failed' : `${a.distance} hop${a.distance === 1 ? '' : 's'} away`}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
