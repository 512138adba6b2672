import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { httpCheck } from '../test/fixtures';
import type { ObjectSchema } from './schema';
import { SchemaForm } from './SchemaForm';

const schema: ObjectSchema = {
  type: 'object',
  properties: {
    ...httpCheck.paramsSchema.properties,
    host: { type: 'string', title: 'Host name', pattern: '^[a-z0-9.-]+$' },
    apiToken: { type: 'string', writeOnly: true, description: 'Sent as a bearer token.' },
    followRedirects: { type: 'boolean', default: true },
  },
  required: ['url'],
};

function setup(props: Partial<Parameters<typeof SchemaForm>[0]> = {}) {
  const onSubmit = vi.fn();
  const user = userEvent.setup();
  const view = render(<SchemaForm schema={schema} onSubmit={onSubmit} submitLabel="Run playbook" {...props} />);
  return { onSubmit, user, ...view };
}

describe('SchemaForm', () => {
  it('generates a labelled input per property with defaults filled in', () => {
    setup();
    const url = screen.getByLabelText(/^URL/);
    expect(url).toBeRequired();
    expect(url).toHaveValue('');
    expect(url).toHaveAccessibleDescription('Address to request.');
    expect(screen.getByLabelText(/^Method/)).toHaveDisplayValue('GET');
    expect(screen.getByRole('option', { name: 'HEAD' })).toBeInTheDocument();
    expect(screen.getByLabelText(/^Expect status/)).toHaveValue('200');
    expect(screen.getByLabelText(/^Expect status/)).toHaveAccessibleDescription('Whole number between 100 and 599');
    expect(screen.getByLabelText(/^Host name/)).toHaveValue('');
    expect(screen.getByLabelText('Follow redirects')).toBeChecked();
  });

  it('renders a writeOnly property as a password input that can be revealed', async () => {
    const { user } = setup();
    const token = screen.getByLabelText(/^API token/);
    expect(token).toHaveAttribute('type', 'password');
    expect(token).toHaveAttribute('autocomplete', 'new-password');
    await user.click(screen.getByRole('button', { name: 'Show value' }));
    expect(token).toHaveAttribute('type', 'text');
  });

  it('blocks submit on a missing required field and focuses it', async () => {
    const { user, onSubmit } = setup();
    await user.click(screen.getByRole('button', { name: 'Run playbook' }));
    const url = screen.getByLabelText(/^URL/);
    expect(onSubmit).not.toHaveBeenCalled();
    expect(url).toHaveFocus();
    expect(url).toBeInvalid();
    expect(url).toHaveAccessibleDescription('Address to request. This field is required.');
    expect(screen.getByRole('alert')).toHaveTextContent('1 field needs attention.');
  });

  it('checks minimum, maximum and pattern, and clears an error once fixed', async () => {
    const { user, onSubmit } = setup();
    await user.type(screen.getByLabelText(/^URL/), 'https://example.com');
    const status = screen.getByLabelText(/^Expect status/);
    await user.clear(status);
    await user.type(status, '42');
    await user.type(screen.getByLabelText(/^Host name/), 'Web 01');
    await user.click(screen.getByRole('button', { name: 'Run playbook' }));
    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.getByText('Must be at least 100.')).toBeInTheDocument();
    expect(screen.getByText('Must match the pattern ^[a-z0-9.-]+$')).toBeInTheDocument();

    await user.clear(status);
    await user.type(status, '204');
    expect(screen.queryByText('Must be at least 100.')).not.toBeInTheDocument();
  });

  it('submits typed params: numbers as numbers, enum values, booleans, no empty optionals', async () => {
    const { user, onSubmit } = setup();
    await user.type(screen.getByLabelText(/^URL/), 'https://example.com/health');
    await user.selectOptions(screen.getByLabelText(/^Method/), 'HEAD');
    await user.click(screen.getByLabelText('Follow redirects'));
    await user.type(screen.getByLabelText(/^API token/), 's3cret');
    await user.click(screen.getByRole('button', { name: 'Run playbook' }));
    expect(onSubmit).toHaveBeenCalledWith({
      url: 'https://example.com/health',
      method: 'HEAD',
      expectStatus: 200,
      timeoutSeconds: 10,
      apiToken: 's3cret',
      followRedirects: false,
    });
  });

  it('does not flag a required field the user only tabbed through', async () => {
    const { user } = setup();
    await user.click(screen.getByLabelText(/^URL/));
    await user.tab();
    expect(screen.queryByText('This field is required.')).not.toBeInTheDocument();
  });

  it('shows server errors on their field until the field is edited', async () => {
    const { user } = setup({ serverErrors: { url: 'host is not allowed' } });
    const url = screen.getByLabelText(/^URL/);
    expect(url).toHaveAccessibleDescription('Address to request. host is not allowed');
    await user.type(url, 'h');
    expect(screen.queryByText('host is not allowed')).not.toBeInTheDocument();
  });

  it('says so when a playbook takes no parameters', () => {
    render(<SchemaForm schema={{ type: 'object' }} onSubmit={vi.fn()} />);
    expect(screen.getByText('This playbook takes no parameters.')).toBeInTheDocument();
  });
});
