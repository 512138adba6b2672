import { describe, expect, it } from 'vitest';
import { deadlineView, formatSeconds, formatSpan, relativeSpan } from './time';

const at = (iso: string) => Date.parse(iso);

describe('formatSpan', () => {
  it.each([
    [0, '0s'],
    [999, '0s'],
    [45_000, '45s'],
    [65_000, '1m 05s'],
    [245_000, '4m 05s'],
    [3_600_000, '1h 00m'],
    [3_720_000, '1h 02m'],
    [90_000_000, '1d 1h'],
    [-65_000, '1m 05s'],
  ])('formats %i ms as %s', (ms, text) => {
    expect(formatSpan(ms)).toBe(text);
  });
});

describe('deadlineView', () => {
  const created = '2026-11-25T10:00:00Z';
  const due = '2026-11-25T10:05:00Z';

  it('counts down while the deadline is ahead', () => {
    expect(deadlineView(due, null, false, at('2026-11-25T10:00:55Z'), created)).toEqual({
      state: 'pending',
      text: '4m 05s left',
      urgent: false,
    });
  });

  it('turns urgent in the last fifth or last two minutes', () => {
    expect(deadlineView(due, null, false, at('2026-11-25T10:04:30Z'), created)).toMatchObject({ text: '30s left', urgent: true });
    const longDue = '2026-11-25T14:00:00Z';
    expect(deadlineView(longDue, null, false, at('2026-11-25T13:30:00Z'), created)).toMatchObject({ urgent: true });
    expect(deadlineView(longDue, null, false, at('2026-11-25T11:00:00Z'), created)).toMatchObject({ urgent: false });
  });

  it('says how late once the deadline has passed, or when the API flags the breach', () => {
    expect(deadlineView(due, null, false, at('2026-11-25T10:06:02Z'), created)).toEqual({
      state: 'breached',
      text: 'Overdue by 1m 02s',
      urgent: true,
    });
    expect(deadlineView(due, null, true, at('2026-11-25T10:01:00Z'), created)).toMatchObject({ state: 'breached' });
  });

  it('reports a met or missed deadline once the work is done', () => {
    expect(deadlineView(due, '2026-11-25T10:01:30Z', false, at('2026-11-25T11:00:00Z'))).toEqual({
      state: 'met',
      text: 'Met with 3m 30s to spare',
      urgent: false,
    });
    expect(deadlineView(due, '2026-11-25T10:07:00Z', true, at('2026-11-25T11:00:00Z'))).toMatchObject({
      state: 'breached',
      text: 'Missed by 2m 00s',
    });
  });

  it('has nothing to count without a deadline', () => {
    expect(deadlineView(null, null, false, Date.now())).toEqual({ state: 'none', text: 'No deadline', urgent: false });
  });
});

describe('relativeSpan and formatSeconds', () => {
  it('formats the next escalation and mean times', () => {
    expect(relativeSpan('2026-11-25T10:01:30Z', at('2026-11-25T10:00:00Z'))).toBe('in 1m 30s');
    expect(relativeSpan('2026-11-25T10:00:00Z', at('2026-11-25T10:00:20Z'))).toBe('20s ago');
    expect(formatSeconds(null)).toBe('—');
    expect(formatSeconds(42)).toBe('42 s');
    expect(formatSeconds(252)).toBe('4.2 min');
    expect(formatSeconds(5_400)).toBe('1.5 h');
    expect(formatSeconds(172_800)).toBe('2.0 d');
  });
});
