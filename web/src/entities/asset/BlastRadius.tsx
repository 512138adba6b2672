import { useQuery } from '@tanstack/react-query';
import { useCan } from '../../auth/hooks';
import { SectionCard } from '../../components/ui/Card';
import { incidentImpactOptions } from './api';
import { AssetLink, ImpactSummary } from './ImpactSummary';

/** An incident's blast radius: the assets it names and what their failure reaches. Hidden without assets:read or named assets. */
export function BlastRadius({ incidentId }: { incidentId: string }) {
  const canRead = useCan('assets:read');
  const query = useQuery({ ...incidentImpactOptions(incidentId), enabled: canRead });
  const data = query.data;
  if (!canRead || !data || data.assets.length === 0) return null;
  return (
    <SectionCard title="Blast radius">
      <p className="mb-3 text-sm">
        Affected assets:{' '}
        {data.assets.map((a, i) => (
          <span key={a.id}>
            {i > 0 && ', '}
            <AssetLink id={a.id} name={a.name} />
          </span>
        ))}
      </p>
      <ImpactSummary impact={data.impact} compact />
    </SectionCard>
  );
}
