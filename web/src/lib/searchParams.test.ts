import { describe, expect, it } from 'vitest';
import { applyFilterChange, parsePage } from './searchParams';

describe('parsePage', () => {
  it('reads a positive whole page number, else 1', () => {
    expect(parsePage('3')).toBe(3);
    expect(parsePage(null)).toBe(1);
    expect(parsePage('0')).toBe(1);
    expect(parsePage('2.5')).toBe(1);
  });
});

describe('applyFilterChange', () => {
  it('goes back to page 1 on a filter change, and keeps a page change', () => {
    const params = new URLSearchParams('q=web&page=3&tag=a');
    expect(applyFilterChange(params, { q: 'db' }).toString()).toBe('q=db&tag=a');
    expect(applyFilterChange(params, { page: 4 }).toString()).toBe('q=web&page=4&tag=a');
    expect(applyFilterChange(params, { page: 1 }).toString()).toBe('q=web&tag=a');
  });

  it('removes empty values and writes lists once per item', () => {
    const params = new URLSearchParams('q=web&tag=a');
    expect(applyFilterChange(params, { q: '', tag: ['b', 'c'] }).toString()).toBe('tag=b&tag=c');
    expect(applyFilterChange(params, { tag: [] }).toString()).toBe('q=web');
  });
});
