import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeMe } from '../../test/fixtures';
import { jsonResponse, stubFetch } from '../../test/http';
import { renderApp } from '../../test/render';

afterEach(() => vi.unstubAllGlobals());

describe('DisableMfa', () => {
  it('sends the password with the code', async () => {
    const { requests } = stubFetch((req) => {
      if (req.url === '/api/v1/auth/mfa/disable') return new Response(null, { status: 204 });
      if (req.url === '/api/v1/auth/me') return jsonResponse({ data: makeMe({ mfaEnabled: false }) });
      return jsonResponse({ data: [] });
    });
    const user = userEvent.setup();
    renderApp('/account/security', { user: makeMe({ mfaEnabled: true }) });
    await user.click(await screen.findByRole('button', { name: 'Turn off two-factor authentication' }));
    await user.click(screen.getByRole('button', { name: 'Turn off' }));
    expect(await screen.findByText('Enter your password.')).toBeInTheDocument();
    await user.type(screen.getByLabelText(/^Password/), 'my current password');
    await user.type(screen.getByLabelText(/^Authentication code/), '123456');
    await user.click(screen.getByRole('button', { name: 'Turn off' }));
    await vi.waitFor(() =>
      expect(requests.find((r) => r.url === '/api/v1/auth/mfa/disable')?.body).toEqual({ password: 'my current password', code: '123456' }),
    );
  });
});
