import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { AssetType } from '../../api/types';
import { Dialog } from '../../components/ui/Dialog';
import { SelectField, TextField } from '../../components/ui/Field';
import { FormErrorAlert } from '../../components/ui/FormErrorAlert';
import { SchemaForm } from '../../schema-form/SchemaForm';
import type { ObjectSchema } from '../../schema-form/schema';
import { assetsKeys, createAsset } from './api';

/** Adds an asset: its type, name and where it lives, then the attributes its type's schema describes. */
export function NewAssetDialog({ types, onClose }: { types: AssetType[]; onClose: () => void }) {
  const [type, setType] = useState(types[0]?.name ?? 'server');
  const [name, setName] = useState('');
  const [environment, setEnvironment] = useState('');
  const [ownerTeam, setOwnerTeam] = useState('');
  const [tags, setTags] = useState('');
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const create = useMutation({
    mutationFn: (attributes: Record<string, unknown>) =>
      createAsset({
        type, name, environment, ownerTeam, lifecycle: 'active', externalKey: '', attributes,
        tags: tags.split(',').map((t) => t.trim()).filter(Boolean),
      }),
    onSuccess: (asset) => {
      void queryClient.invalidateQueries({ queryKey: assetsKeys.all });
      onClose();
      void navigate(`/assets/${asset.id}`);
    },
  });
  const schema = types.find((t) => t.name === type)?.schema as ObjectSchema | undefined;
  return (
    <Dialog open onClose={onClose} title="New asset" wide>
      <div className="space-y-4">
        <SelectField label="Type" value={type} onChange={setType} options={types.map((t) => ({ value: t.name, label: t.title }))} />
        <TextField label="Name" required value={name} onChange={(e) => setName(e.target.value)} />
        <div className="grid gap-4 sm:grid-cols-3">
          <TextField label="Environment" value={environment} onChange={(e) => setEnvironment(e.target.value)} placeholder="production" />
          <TextField label="Owner team" value={ownerTeam} onChange={(e) => setOwnerTeam(e.target.value)} />
          <TextField label="Tags" value={tags} onChange={(e) => setTags(e.target.value)} placeholder="web, zone-1" />
        </div>
        <h3 className="text-sm font-semibold">Attributes</h3>
        <SchemaForm
          key={type}
          schema={schema ?? { type: 'object' }}
          onSubmit={(attributes) => create.mutate(attributes)}
          submitLabel="Add asset"
          submitting={create.isPending}
          footer={create.error && <FormErrorAlert title="The asset was not added" error={create.error} />}
        />
      </div>
    </Dialog>
  );
}
