import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { Alert } from '../../components/ui/Alert';
import { SectionCard } from '../../components/ui/Card';
import { BackLink, detailQueryFallback } from '../../components/ui/DetailQuery';
import { PageHeader } from '../../components/ui/PageHeader';
import { impactOptions } from '../../entities/asset/api';
import { ImpactSummary } from '../../entities/asset/ImpactSummary';
import { assetOptions } from './api';

/** /assets/:id/impact — the what-if view: if this asset fails, what goes down, which services, who would be paged. */
export function ImpactPage() {
  const { id = '' } = useParams();
  const asset = useQuery(assetOptions(id));
  const impact = useQuery(impactOptions(id));
  const back = <BackLink to={`/assets/${id}`}>Back to the asset</BackLink>;
  const fallback = detailQueryFallback(impact, { noun: 'impact', id, back });
  const name = asset.data?.name ?? 'this asset';
  return (
    <>
      <PageHeader eyebrow={back} title={`If ${name} fails`} documentTitle={`Impact of ${name}`} />
      <Alert tone="info" title="A what-if" className="mb-4">
        Nobody is paged and nothing changes.
      </Alert>
      {fallback ?? (
        <SectionCard title="Blast radius">
          {impact.data && <ImpactSummary impact={impact.data} />}
        </SectionCard>
      )}
    </>
  );
}
