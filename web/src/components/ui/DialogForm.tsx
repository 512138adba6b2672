import type { ReactNode } from 'react';
import type { ApiErrorDetail } from '../../api/client';
import { Button } from './Button';
import { DialogActions } from './Dialog';
import { FormErrorAlert } from './FormErrorAlert';

interface DialogFormProps {
  /** Called on submit (the page does not reload) with the form, e.g. to focus its first invalid field. */
  onSubmit: (form: HTMLFormElement) => void;
  onCancel: () => void;
  submitLabel: ReactNode;
  /** The mutation that saves: pending disables the submit button, an error shows above the buttons. */
  mutation: { isPending: boolean; error: Error | null };
  /** The alert's title when the mutation fails, e.g. "The user was not created". */
  errorTitle: string;
  /** Server errors no field shows. */
  errorDetails?: readonly ApiErrorDetail[];
  /** Disables the submit button, e.g. while what the form needs still loads. */
  submitDisabled?: boolean;
  children: ReactNode;
}

/** The form inside a Dialog: its fields, the server's error, Cancel and a submit button that spins while saving. */
export function DialogForm({ onSubmit, onCancel, submitLabel, mutation, errorTitle, errorDetails, submitDisabled = false, children }: DialogFormProps) {
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit(event.currentTarget);
      }}
      className="space-y-5"
    >
      {children}
      {mutation.error && <FormErrorAlert title={errorTitle} error={mutation.error} details={errorDetails} />}
      <DialogActions>
        <Button onClick={onCancel}>Cancel</Button>
        <Button type="submit" variant="primary" disabled={submitDisabled} pending={mutation.isPending}>
          {submitLabel}
        </Button>
      </DialogActions>
    </form>
  );
}
