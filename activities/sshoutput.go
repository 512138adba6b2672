package activities

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/opsmanager/opsmanager/live"
)

// Output streams of a step's log.
const (
	StreamStdout = "stdout"
	StreamStderr = "stderr"
	// StreamSystem carries OpsManager's own notes: attempt, exit status, truncation.
	StreamSystem = "system"
)

// secretMask replaces a secret found in command output.
const secretMask = "********"

// minMaskLen: shorter secrets are not masked, or every occurrence of a
// common substring would be (a 3-character password is not protected by
// masking anyway).
const minMaskLen = 4

// lineChunkMax is how much of a line without a newline is buffered before
// it is stored anyway.
const lineChunkMax = 8 << 10

// output receives a command's stdout and stderr, masks secrets in them,
// stores them in chunks to the sink as they arrive (up to maxStored bytes
// in all) and keeps the tail of each for the result. Its writers are
// called from the SSH session's copy goroutines; one mutex orders all
// appends, so a step's log lines get increasing IDs in arrival order.
type output struct {
	mu        sync.Mutex
	sink      OutputSink
	ctx       context.Context // not cancelled with the activity: the last chunks are stored too
	runID     string
	step      string
	secrets   [][]byte
	maxStored int64
	stored    int64
	dropped   int64
	failed    bool
	log       *slog.Logger
	stdout    *stream
	stderr    *stream
	// live announces new output; liveAt and liveTimer throttle it (live.go).
	live      *live.Publisher
	liveAt    time.Time
	liveTimer *time.Timer
}

type stream struct {
	o       *output
	name    string
	pending []byte // received but not yet emitted: a partial line, rune or secret
	tail    tailBuffer
	total   int64
}

func newOutput(ctx context.Context, sink OutputSink, runID, step string, secrets [][]byte, maxStored int64, maxTail int, log *slog.Logger) *output {
	o := &output{sink: sink, ctx: context.WithoutCancel(ctx), runID: runID, step: step, maxStored: maxStored, log: log}
	for _, s := range secrets {
		if len(s) >= minMaskLen {
			o.secrets = append(o.secrets, s)
		}
	}
	o.stdout = &stream{o: o, name: StreamStdout, tail: tailBuffer{max: maxTail}}
	o.stderr = &stream{o: o, name: StreamStderr, tail: tailBuffer{max: maxTail}}
	return o
}

// Write takes one chunk from the session; it never fails, so the remote
// command is never blocked by a log problem.
func (s *stream) Write(p []byte) (int, error) {
	s.o.mu.Lock()
	defer s.o.mu.Unlock()
	s.total += int64(len(p))
	s.pending = append(s.pending, p...)
	s.emit(false, false)
	return len(p), nil
}

// emit masks the pending bytes and passes on what is safe to pass: with
// partial false, complete lines (or a long run without newline); with
// partial true, everything but a possible secret's beginning or a cut
// rune; with final true, everything.
func (s *stream) emit(partial, final bool) {
	buf := maskSecrets(s.pending, s.o.secrets)
	cut := len(buf)
	if !final {
		cut -= heldBack(buf, s.o.secrets)
		cut = runeBoundary(buf[:cut])
		if !partial {
			if i := bytes.LastIndexByte(buf[:cut], '\n'); i >= 0 {
				cut = i + 1
			} else if cut < lineChunkMax {
				cut = 0
			}
		}
	}
	if cut == 0 {
		s.pending = buf
		return
	}
	chunk := buf[:cut:cut]
	s.pending = append([]byte(nil), buf[cut:]...)
	s.tail.write(chunk)
	s.o.store(s.name, chunk)
}

// flushPartial passes on partial lines (progress output without newlines).
func (o *output) flushPartial() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.stdout.emit(true, false)
	o.stderr.emit(true, false)
}

// close passes on everything left and notes truncation.
func (o *output) close() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.stdout.emit(true, true)
	o.stderr.emit(true, true)
	if o.dropped > 0 {
		o.append(StreamSystem, fmt.Appendf(nil, "[%d bytes of output not stored: the step's log is capped at %d bytes]\n", o.dropped, o.maxStored))
	}
	o.announceOutputNow()
}

// note stores a system line.
func (o *output) note(format string, args ...any) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.append(StreamSystem, fmt.Appendf(nil, format+"\n", args...))
}

// store appends chunk within the per-step cap. Called with mu held.
func (o *output) store(name string, chunk []byte) {
	room := o.maxStored - o.stored
	if room < int64(len(chunk)) {
		keep := chunk[:runeBoundary(chunk[:max(room, 0)])]
		o.dropped += int64(len(chunk) - len(keep))
		chunk = keep
	}
	if len(chunk) == 0 {
		return
	}
	o.stored += int64(len(chunk))
	o.append(name, chunk)
}

// append writes to the sink. A failure is logged once and does not fail
// the command: its effect on the server has happened either way.
func (o *output) append(name string, chunk []byte) {
	if o.sink == nil || o.runID == "" {
		return
	}
	ctx, cancel := context.WithTimeout(o.ctx, 10*time.Second)
	defer cancel()
	if err := o.sink.Append(ctx, o.runID, o.step, name, chunk); err != nil {
		if !o.failed {
			o.failed = true
			o.log.Warn("step output not stored", "run_id", o.runID, "step", o.step, "err", err)
		}
		return
	}
	o.announceOutput()
}

// maskSecrets returns a copy of b with every secret replaced.
func maskSecrets(b []byte, secrets [][]byte) []byte {
	out := bytes.Clone(b)
	for _, s := range secrets {
		if bytes.Contains(out, s) {
			out = bytes.ReplaceAll(out, s, []byte(secretMask))
		}
	}
	return out
}

// heldBack returns the length of the longest suffix of b that is a proper
// prefix of a secret: it must wait for the next bytes to be masked or not.
func heldBack(b []byte, secrets [][]byte) int {
	longest := 0
	for _, s := range secrets {
		for i := max(0, len(b)-len(s)+1); i < len(b); i++ {
			if b[i] == s[0] && bytes.HasPrefix(s, b[i:]) {
				longest = max(longest, len(b)-i)
				break
			}
		}
	}
	return longest
}

// runeBoundary returns len(b) minus a UTF-8 character cut at its end.
func runeBoundary(b []byte) int {
	for i := 1; i <= utf8.UTFMax && i <= len(b); i++ {
		if utf8.RuneStart(b[len(b)-i]) {
			if !utf8.FullRune(b[len(b)-i:]) {
				return len(b) - i
			}
			return len(b)
		}
	}
	return len(b)
}

// tailBuffer keeps the last max bytes written to it.
type tailBuffer struct {
	max       int
	buf       []byte
	truncated bool
}

func (t *tailBuffer) write(p []byte) {
	t.buf = append(t.buf, p...)
	if len(t.buf) > 2*t.max {
		t.buf = append(t.buf[:0:0], t.buf[len(t.buf)-t.max:]...)
		t.truncated = true
	}
}

// String returns the tail as valid UTF-8, starting at a character boundary.
func (t *tailBuffer) String() string {
	b := t.buf
	if len(b) > t.max {
		b = b[len(b)-t.max:]
		t.truncated = true
	}
	if t.truncated {
		for i := 0; i < utf8.UTFMax && i < len(b) && !utf8.RuneStart(b[0]); i++ {
			b = b[1:]
		}
	}
	return strings.ToValidUTF8(string(b), "\uFFFD")
}
