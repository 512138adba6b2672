import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { ImportPreview } from '../../api/types';
import { fetchFile } from '../../api/client';
import { Badge } from '../../components/ui/Badge';
import { Button } from '../../components/ui/Button';
import { SectionCard } from '../../components/ui/Card';
import { BackLink } from '../../components/ui/DetailQuery';
import { SelectField } from '../../components/ui/Field';
import { FormErrorAlert } from '../../components/ui/FormErrorAlert';
import { inputClasses } from '../../components/ui/input';
import { PageHeader } from '../../components/ui/PageHeader';
import { importFile, importOptions } from './api';

const FORMATS = [
  { value: 'csv', label: 'CSV (type,name,externalKey,…,attr.<name>)' },
  { value: 'ndjson', label: 'NDJSON (one asset per line)' },
  { value: 'backstage', label: 'Backstage catalog-info.yaml' },
];

function formatOf(fileName: string): string {
  if (/\.ya?ml$/i.test(fileName)) return 'backstage';
  if (/\.(nd)?jsonl?$/i.test(fileName)) return 'ndjson';
  return 'csv';
}

/** /assets/import — preview a file (each row's action, each bad row with its line), import it, watch it progress. */
export function ImportPage() {
  const [text, setText] = useState('');
  const [format, setFormat] = useState('csv');
  const [atomic, setAtomic] = useState(false);
  const [importId, setImportId] = useState('');
  const preview = useMutation({ mutationFn: () => importFile(text, { format, atomic, dryRun: true }) });
  const start = useMutation({
    mutationFn: () => importFile(text, { format, atomic, dryRun: false }),
    onSuccess: (a) => setImportId(a.import?.id ?? ''),
  });
  return (
    <>
      <PageHeader eyebrow={<BackLink to="/assets">All assets</BackLink>} title="Import assets" actions={<ExportButtons />} />
      <div className="space-y-6">
        <SectionCard title="File">
          <div className="space-y-4">
            <label className="block text-sm">
              Choose a file{' '}
              <input
                type="file"
                accept=".csv,.ndjson,.jsonl,.json,.yaml,.yml"
                onChange={async (e) => {
                  const file = e.target.files?.[0];
                  if (!file) return;
                  setFormat(formatOf(file.name));
                  setText(await file.text());
                }}
              />
            </label>
            <label className="block space-y-1 text-sm">
              <span>Or paste it</span>
              <textarea aria-label="File contents" value={text} onChange={(e) => setText(e.target.value)} rows={8} className={`${inputClasses} font-mono text-xs`} />
            </label>
            <div className="flex flex-wrap items-end gap-4">
              <SelectField label="Format" value={format} onChange={setFormat} options={FORMATS} />
              <label className="flex items-center gap-2 text-sm">
                <input type="checkbox" checked={atomic} onChange={(e) => setAtomic(e.target.checked)} />
                All or nothing (one bad row and nothing is written)
              </label>
            </div>
            <div className="flex gap-2">
              <Button onClick={() => preview.mutate()} pending={preview.isPending} disabled={!text.trim()}>
                Preview
              </Button>
              <Button variant="primary" onClick={() => start.mutate()} pending={start.isPending} disabled={!text.trim()}>
                Import
              </Button>
            </div>
            {(preview.error ?? start.error) && <FormErrorAlert title="The file was not accepted" error={(preview.error ?? start.error)!} />}
          </div>
        </SectionCard>
        {preview.data?.preview && <Preview p={preview.data.preview} />}
        {importId && <Progress id={importId} />}
      </div>
    </>
  );
}

function RowErrors({ errors }: { errors: { line: number; field?: string; message: string }[] }) {
  if (errors.length === 0) return null;
  return (
    <ul aria-label="Row errors" className="space-y-1 text-sm text-danger">
      {errors.map((e, i) => (
        <li key={i}>
          line {e.line}
          {e.field ? ` · ${e.field}` : ''}: {e.message}
        </li>
      ))}
    </ul>
  );
}

function Preview({ p }: { p: ImportPreview }) {
  return (
    <SectionCard title="Preview">
      <p className="mb-3 text-sm">
        {p.total} rows: {Object.entries(p.actions ?? {}).map(([a, n]) => `${n} ${a}`).join(', ')}. Nothing has been written.
      </p>
      <RowErrors errors={p.errors} />
      <ul aria-label="Preview rows" className="mt-3 divide-y divide-line text-sm">
        {p.rows.map((r) => (
          <li key={r.line} className="flex gap-2 py-1">
            <span className="w-16 text-fg-muted">line {r.line}</span>
            <Badge tone={r.action === 'invalid' ? 'danger' : r.action === 'unchanged' ? 'neutral' : 'info'}>{r.action}</Badge>
            <span>
              {r.asset.type} {r.asset.name}
            </span>
          </li>
        ))}
      </ul>
    </SectionCard>
  );
}

function Progress({ id }: { id: string }) {
  const query = useQuery(importOptions(id));
  const imp = query.data;
  if (!imp) return null;
  return (
    <SectionCard title="Import" aside={<Badge tone={imp.status === 'failed' ? 'danger' : imp.status === 'completed' ? 'success' : 'info'}>{imp.status}</Badge>}>
      <div className="space-y-3 text-sm">
        <progress max={imp.total || 1} value={imp.done} className="w-full" aria-label="Rows done" />
        <p>
          {imp.done} of {imp.total} rows · {imp.created} created · {imp.updated} updated · {imp.unchanged} unchanged · {imp.failed} failed
          {imp.relationshipsCreated > 0 && ` · ${imp.relationshipsCreated} relationships`}
        </p>
        <RowErrors errors={imp.errors} />
        <a href={imp.temporalUrl} target="_blank" rel="noreferrer" className="text-link hover:underline">
          Open the import in the Temporal UI
        </a>
      </div>
    </SectionCard>
  );
}

/** Downloads every asset as CSV or NDJSON (the API needs the token, so the file is fetched and saved). */
function ExportButtons() {
  const download = async (format: string) => {
    const url = URL.createObjectURL(await fetchFile(`/api/v1/assets/export?format=${format}`));
    const a = document.createElement('a');
    a.href = url;
    a.download = `assets.${format}`;
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <>
      <Button onClick={() => void download('csv')}>Export CSV</Button>
      <Button onClick={() => void download('ndjson')}>Export NDJSON</Button>
    </>
  );
}
