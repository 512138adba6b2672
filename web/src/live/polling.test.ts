import { describe, expect, it } from 'vitest';
import { pollWhileOffline } from './polling';

describe('pollWhileOffline', () => {
  it('does not poll while the live stream is up, and polls at the interval otherwise', () => {
    expect(pollWhileOffline('live', 2_000)).toBe(false);
    for (const status of ['connecting', 'reconnecting', 'off'] as const) {
      expect(pollWhileOffline(status, 2_000)).toBe(2_000);
      expect(pollWhileOffline(status, false)).toBe(false);
    }
  });
});
