import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { callData } from '../../api/call';
import { Dialog } from '../../components/ui/Dialog';
import { DialogForm } from '../../components/ui/DialogForm';
import { SelectField, TextField } from '../../components/ui/Field';
import { assetsKeys, relate, relationshipTypesOptions } from './api';

/** Relates this asset to another: a type (forward or inverse name) and the other asset, found by search. */
export function AddRelationship({ id, onClose }: { id: string; onClose: () => void }) {
  const types = useQuery(relationshipTypesOptions());
  const [verb, setVerb] = useState('depends_on');
  const [search, setSearch] = useState('');
  const [other, setOther] = useState('');
  const found = useQuery({
    queryKey: ['assets', 'pick', search],
    queryFn: ({ signal }) => callData('GET /api/v1/assets', { query: new URLSearchParams({ q: search, limit: '10' }), signal }),
    enabled: search.trim().length > 0,
  });
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: () => relate({ type: verb, sourceId: id, targetId: other }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: assetsKeys.one(id) });
      onClose();
    },
  });
  const verbs = (types.data ?? []).flatMap((t) => (t.inverse === t.name ? [t.name] : [t.name, t.inverse]));
  return (
    <Dialog open onClose={onClose} title="Add relationship">
      <DialogForm onSubmit={() => save.mutate()} onCancel={onClose} submitLabel="Relate" mutation={save} errorTitle="Not related" submitDisabled={!other}>
        <SelectField label="This asset…" value={verb} onChange={setVerb} options={verbs.map((v) => ({ value: v, label: v.replaceAll('_', ' ') }))} />
        <TextField label="Find the other asset" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="name or attribute" />
        <SelectField
          label="Other asset"
          value={other}
          onChange={setOther}
          placeholder="Choose an asset…"
          options={(found.data ?? []).filter((a) => a.id !== id).map((a) => ({ value: a.id, label: `${a.name} (${a.type})` }))}
        />
      </DialogForm>
    </Dialog>
  );
}
