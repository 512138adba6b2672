import { act, fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FilterBar, FilterSelect } from './FilterBar';

afterEach(() => vi.useRealTimers());

describe('FilterBar', () => {
  it('searches with the trimmed term once typing pauses', () => {
    vi.useFakeTimers();
    const onSearch = vi.fn();
    render(<FilterBar search={{ label: 'Search things', placeholder: 'Name', value: '', onSearch }} />);
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search things' }), { target: { value: ' web ' } });
    expect(onSearch).not.toHaveBeenCalled();
    act(() => vi.advanceTimersByTime(1_000));
    expect(onSearch).toHaveBeenCalledExactlyOnceWith('web');
  });

  it('renders its filters, a footer, and a clear button only when asked', async () => {
    const onChange = vi.fn();
    const onClear = vi.fn();
    const search = { label: 'Search things', placeholder: 'Name', value: '', onSearch: vi.fn() };
    const { rerender } = render(
      <FilterBar search={search} footer={<p>Tags: prod</p>}>
        <FilterSelect label="Kind" value="" options={[['', 'All kinds'], ['a', 'Kind A']]} onChange={onChange} />
      </FilterBar>,
    );
    expect(screen.getByText('Tags: prod')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Clear filters' })).not.toBeInTheDocument();
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Kind' }), 'Kind A');
    expect(onChange).toHaveBeenCalledWith('a');

    rerender(<FilterBar search={search} onClear={onClear} />);
    await userEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(onClear).toHaveBeenCalledOnce();
  });
});
