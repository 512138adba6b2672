import { useMutation } from '@tanstack/react-query';
import { LogOut } from 'lucide-react';
import { useConfirm } from '../../hooks/useConfirm';
import { signOut } from '../../auth/session';
import { Button } from '../../components/ui/Button';
import { SectionCard } from '../../components/ui/Card';
import { ConfirmDialog } from '../../components/ui/ConfirmDialog';

export function SessionsCard() {
  const mutation = useMutation({ mutationFn: () => signOut(true) });
  const confirming = useConfirm<true>(mutation);
  return (
    <SectionCard title="Sessions" className="self-start">
      <div className="space-y-4 text-sm">
        <p className="text-fg-muted">Lost a device or signed in somewhere you should not have? End every session of your account, this one included.</p>
        <Button onClick={() => confirming.ask(true)}>
          <LogOut aria-hidden />
          Sign out everywhere
        </Button>
      </div>
      <ConfirmDialog
        {...confirming.dialog}
        title="Sign out everywhere?"
        confirmLabel="Sign out everywhere"
        onConfirm={() => mutation.mutate()}
      >
        <p>Every browser signed in to your account, this one included, will have to sign in again.</p>
      </ConfirmDialog>
    </SectionCard>
  );
}
