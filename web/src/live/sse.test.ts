import { describe, expect, it } from 'vitest';
import { SseParser } from './sse';

describe('SseParser', () => {
  it('reads events with a name and JSON data, skipping comments', () => {
    const p = new SseParser();
    const out = p.push(': connected\n\nevent: run\ndata: {"kind":"run","id":"r1"}\n\n: ping\n\n');
    expect(out).toEqual([{ event: 'run', data: '{"kind":"run","id":"r1"}', id: '' }]);
  });

  it('assembles events split at any byte', () => {
    const text = 'event: incident\ndata: {"kind":"incident","id":"i1"}\n\ndata: second\n\n';
    for (let i = 0; i <= text.length; i++) {
      const p = new SseParser();
      const out = [...p.push(text.slice(0, i)), ...p.push(text.slice(i))];
      expect(out.map((m) => m.data)).toEqual(['{"kind":"incident","id":"i1"}', 'second']);
      expect(out[0]?.event).toBe('incident');
      expect(out[1]?.event).toBe('message');
    }
  });

  it('accepts \\r\\n and \\r line endings, also split between chunks', () => {
    const p = new SseParser();
    expect(p.push('data: a\r')).toEqual([]);
    expect(p.push('\n\r\n')).toEqual([{ event: 'message', data: 'a', id: '' }]);
    expect(p.push('data: b\r\r')).toEqual([{ event: 'message', data: 'b', id: '' }]);
  });

  it('joins data lines, keeps the last id, and does not dispatch an event without data', () => {
    const p = new SseParser();
    expect(p.push('event: x\n\n')).toEqual([]);
    expect(p.push('id: 7\ndata: one\ndata:two\ndata\n\n')).toEqual([{ event: 'message', data: 'one\ntwo\n', id: '7' }]);
    // The event name does not leak into the next event.
    expect(p.push('data: next\n\n')).toEqual([{ event: 'message', data: 'next', id: '7' }]);
  });

  it('ignores unknown fields and retry', () => {
    const p = new SseParser();
    expect(p.push('retry: 10\nfoo: bar\ndata: ok\n\n')).toEqual([{ event: 'message', data: 'ok', id: '' }]);
  });
});
