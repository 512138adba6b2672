import { act, renderHook } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { useConfirm } from './useConfirm';

describe('useConfirm', () => {
  it('asks about an item, confirms with it, and closing forgets it and the failed attempt', () => {
    const mutation = { isPending: false, error: new Error('409'), reset: vi.fn() };
    const { result } = renderHook(() => useConfirm<{ id: string }>(mutation));
    expect(result.current.dialog.open).toBe(false);

    act(() => result.current.ask({ id: 'a' }));
    expect(result.current.target).toEqual({ id: 'a' });
    expect(result.current.dialog).toMatchObject({ open: true, pending: false, error: mutation.error });

    const action = vi.fn();
    result.current.confirm(action)();
    expect(action).toHaveBeenCalledWith({ id: 'a' });

    act(() => result.current.dialog.onClose());
    expect(result.current.target).toBeNull();
    expect(mutation.reset).toHaveBeenCalledOnce();
  });
});
