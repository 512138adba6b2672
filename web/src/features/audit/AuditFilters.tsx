import { RotateCcw, Search } from 'lucide-react';
import { useId, useState, type FormEvent } from 'react';
import { Button } from '../../components/ui/Button';
import { Card } from '../../components/ui/Card';
import { SelectField, TextField } from '../../components/ui/Field';
import { emptyAuditFilter, KNOWN_ACTIONS, TARGET_TYPES, type AuditFilterValues } from './filters';

interface AuditFiltersProps {
  value: AuditFilterValues;
  onApply: (values: AuditFilterValues) => void;
}

/** The filter form; applied on submit, so typing does not fire a query per key. */
export function AuditFilters({ value, onApply }: AuditFiltersProps) {
  const [values, setValues] = useState(value);
  const [lastValue, setLastValue] = useState(value);
  const listId = useId();
  if (lastValue !== value) {
    // The URL changed (back button, "only this actor"): show what is applied.
    setLastValue(value);
    setValues(value);
  }
  const set = (key: keyof AuditFilterValues, v: string) => setValues((current) => ({ ...current, [key]: v }));
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onApply(values);
  };

  return (
    <Card className="mb-5 p-4">
      <form onSubmit={submit} aria-label="Filter the audit log" className="space-y-4">
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          <TextField
            label="Action"
            list={listId}
            value={values.action}
            onChange={(e) => set('action', e.target.value)}
            placeholder="e.g. auth.login or user"
            spellCheck={false}
            autoComplete="off"
            className="font-mono"
          />
          <datalist id={listId}>
            {KNOWN_ACTIONS.map((action) => (
              <option key={action} value={action} />
            ))}
          </datalist>
          <TextField
            label="Actor ID"
            value={values.actor}
            onChange={(e) => set('actor', e.target.value)}
            placeholder="User or token ID"
            spellCheck={false}
            autoComplete="off"
            className="font-mono"
          />
          <SelectField
            label="Target type"
            value={values.targetType}
            onChange={(targetType) => set('targetType', targetType)}
            placeholder="Any"
            options={TARGET_TYPES.map((type) => ({ value: type, label: type }))}
          />
          <TextField
            label="Target ID"
            value={values.targetId}
            onChange={(e) => set('targetId', e.target.value)}
            spellCheck={false}
            autoComplete="off"
            className="font-mono"
          />
          <TextField label="From" type="datetime-local" value={values.from} onChange={(e) => set('from', e.target.value)} />
          <TextField label="To" type="datetime-local" value={values.to} onChange={(e) => set('to', e.target.value)} />
        </div>
        <div className="flex flex-wrap gap-2">
          <Button type="submit" variant="primary" size="sm">
            <Search aria-hidden />
            Apply filters
          </Button>
          <Button
            size="sm"
            onClick={() => {
              setValues(emptyAuditFilter);
              onApply(emptyAuditFilter);
            }}
          >
            <RotateCcw aria-hidden />
            Reset
          </Button>
        </div>
      </form>
    </Card>
  );
}
