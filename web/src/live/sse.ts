/**
 * An incremental parser for the text/event-stream format (the subset of the
 * WHATWG "server-sent events" rules a fetch()-based client needs: EventSource
 * itself cannot send the Authorization header).
 *
 * Feed it decoded text in chunks of any size; it returns each complete event.
 * Lines may end in \n, \r\n or \r; comment lines (":...") are skipped; several
 * data lines are joined with \n; an event without data is not dispatched.
 */
export interface SseMessage {
  /** The `event:` field, "message" when absent. */
  event: string;
  data: string;
  /** The last `id:` field seen on the stream, "" when none. */
  id: string;
}

export class SseParser {
  private buffer = '';
  private event = '';
  private data: string[] = [];
  private lastId = '';
  /** A chunk ended in \r: a \n at the start of the next one belongs to it. */
  private pendingCR = false;

  push(chunk: string): SseMessage[] {
    let text = chunk;
    if (this.pendingCR && text.startsWith('\n')) text = text.slice(1);
    this.pendingCR = false;
    this.buffer += text;
    const out: SseMessage[] = [];
    for (;;) {
      const match = /\r\n|\r|\n/.exec(this.buffer);
      if (!match) break;
      // A lone \r at the very end may be the first half of \r\n.
      if (match[0] === '\r' && match.index === this.buffer.length - 1) {
        this.pendingCR = true;
      }
      const line = this.buffer.slice(0, match.index);
      this.buffer = this.buffer.slice(match.index + match[0].length);
      const message = this.line(line);
      if (message) out.push(message);
    }
    return out;
  }

  private line(line: string): SseMessage | null {
    if (line === '') {
      const message = this.data.length ? { event: this.event || 'message', data: this.data.join('\n'), id: this.lastId } : null;
      this.event = '';
      this.data = [];
      return message;
    }
    if (line.startsWith(':')) return null;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'event':
        this.event = value;
        break;
      case 'data':
        this.data.push(value);
        break;
      case 'id':
        if (!value.includes('\0')) this.lastId = value;
        break;
      // "retry" and unknown fields are ignored: reconnection is ours to pace.
    }
    return null;
  }
}
