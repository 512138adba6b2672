import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { DialogForm } from './DialogForm';

const idle = { isPending: false, error: null };

function renderForm(props: Partial<Parameters<typeof DialogForm>[0]> = {}) {
  const onSubmit = vi.fn();
  const onCancel = vi.fn();
  render(
    <DialogForm onSubmit={onSubmit} onCancel={onCancel} submitLabel="Create thing" mutation={idle} errorTitle="The thing was not created" {...props}>
      <label>
        Name <input name="name" />
      </label>
    </DialogForm>,
  );
  return { onSubmit, onCancel };
}

describe('DialogForm', () => {
  it('submits with the form element and cancels', async () => {
    const { onSubmit, onCancel } = renderForm();
    await userEvent.type(screen.getByRole('textbox', { name: 'Name' }), 'x{Enter}');
    expect(onSubmit).toHaveBeenCalledTimes(1);
    expect(onSubmit.mock.calls[0]?.[0]).toBeInstanceOf(HTMLFormElement);
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onCancel).toHaveBeenCalledTimes(1);
  });

  it('disables the submit button while pending', () => {
    renderForm({ mutation: { isPending: true, error: null } });
    expect(screen.getByRole('button', { name: 'Create thing' })).toBeDisabled();
  });

  it('disables the submit button when submitDisabled', () => {
    renderForm({ submitDisabled: true });
    expect(screen.getByRole('button', { name: 'Create thing' })).toBeDisabled();
  });

  it('shows the server error with the details no field shows', () => {
    renderForm({ mutation: { isPending: false, error: new Error('Name taken') }, errorDetails: [{ field: 'tags[0]', message: 'too long' }] });
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('The thing was not created');
    expect(alert).toHaveTextContent('Name taken');
    expect(alert).toHaveTextContent('tags[0]: too long');
    expect(screen.getByRole('button', { name: 'Create thing' })).toBeEnabled();
  });
});
