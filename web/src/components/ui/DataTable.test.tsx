import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { DataTable, type Column } from './DataTable';

interface Fruit {
  id: string;
  name: string;
  count: number;
}

const fruits: Fruit[] = [
  { id: 'a', name: 'Apple', count: 3 },
  { id: 'b', name: 'Banana', count: 5 },
];

const columns: Column<Fruit>[] = [
  { id: 'name', header: 'Name', cell: (f) => f.name },
  { id: 'count', header: 'Count', className: 'hidden sm:table-cell', cell: (f) => f.count },
  { id: 'actions', header: <span className="sr-only">Actions</span>, cell: (f) => <button type="button">Eat {f.name}</button> },
];

describe('DataTable', () => {
  it('renders a captioned table with a header row and a row per item', () => {
    render(<DataTable caption="Fruits" columns={columns} rows={fruits} rowKey={(f) => f.id} />);
    const table = screen.getByRole('table', { name: 'Fruits' });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(within(rows[0] as HTMLElement).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Name', 'Count', 'Actions']);
    expect(within(rows[2] as HTMLElement).getAllByRole('cell').map((c) => c.textContent)).toEqual(['Banana', '5', 'Eat Banana']);
    expect(screen.getByRole('columnheader', { name: 'Count' })).toHaveClass('hidden', 'sm:table-cell');
    expect(screen.getByRole('cell', { name: '3' })).toHaveClass('hidden', 'sm:table-cell');
  });

  it('renders row-header cells as row headers', () => {
    const named: Column<Fruit>[] = [{ ...columns[0]!, rowHeader: true }, columns[1]!];
    render(<DataTable caption="Fruits" columns={named} rows={fruits} rowKey={(f) => f.id} compact />);
    const banana = screen.getAllByRole('row')[2] as HTMLElement;
    expect(within(banana).getByRole('rowheader')).toHaveTextContent('Banana');
    expect(within(banana).getAllByRole('cell').map((c) => c.textContent)).toEqual(['5']);
  });

  it('shows the empty state instead of the table when there are no rows', () => {
    render(<DataTable caption="Fruits" columns={columns} rows={[]} rowKey={(f) => f.id} empty={<p>No fruit.</p>} />);
    expect(screen.getByText('No fruit.')).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('shows a loading status while loading', () => {
    render(<DataTable caption="Fruits" columns={columns} rows={fruits} rowKey={(f) => f.id} loading />);
    expect(screen.getByRole('status')).toHaveTextContent('Loading…');
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('calls onRowClick with the clicked row, and renders rows after a row', async () => {
    const onRowClick = vi.fn();
    render(
      <DataTable
        caption="Fruits"
        columns={columns}
        rows={fruits}
        rowKey={(f) => f.id}
        onRowClick={onRowClick}
        renderAfterRow={(f) => (
          <tr>
            <td colSpan={3}>Details of {f.name}</td>
          </tr>
        )}
      />,
    );
    await userEvent.click(screen.getByRole('cell', { name: 'Banana' }));
    expect(onRowClick).toHaveBeenCalledWith(fruits[1]);
    expect(screen.getAllByRole('row')).toHaveLength(5);
    expect(screen.getByText('Details of Apple')).toBeInTheDocument();
  });
});
