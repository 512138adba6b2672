import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { RUN_STATUSES } from '../../api/types';
import { RunStatusBadge } from './RunStatusBadge';

describe('RunStatusBadge', () => {
  it.each([
    ['pending', 'Pending', 'bg-neutral-soft'],
    ['running', 'Running', 'bg-info-soft'],
    ['succeeded', 'Succeeded', 'bg-success-soft'],
    ['failed', 'Failed', 'bg-danger-soft'],
    ['cancelled', 'Cancelled', 'bg-neutral-soft'],
    ['timed_out', 'Timed out', 'bg-warning-soft'],
  ])('shows %s as the word "%s" with its tone', (status, label, toneClass) => {
    render(<RunStatusBadge status={status} />);
    const text = screen.getByText(label);
    expect(text).toHaveAttribute('data-status', status);
    expect(text.parentElement).toHaveClass(toneClass);
  });

  it('has a human label for every status the API defines', () => {
    for (const status of RUN_STATUSES) {
      const { container, unmount } = render(<RunStatusBadge status={status} />);
      expect(container.textContent).toMatch(/^[A-Z][a-z]+( [a-z]+)?$/);
      unmount();
    }
  });

  it('shows an unknown status as readable text instead of failing', () => {
    render(<RunStatusBadge status="waiting_for_approval" />);
    expect(screen.getByText('waiting for approval')).toBeInTheDocument();
  });

  it('keeps its icon out of the accessibility tree', () => {
    const { container } = render(<RunStatusBadge status="failed" />);
    expect(container.querySelector('svg')).toHaveAttribute('aria-hidden', 'true');
  });
});
