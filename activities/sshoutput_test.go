package activities

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
)

type recordingSink struct {
	mu  sync.Mutex
	out map[string]*strings.Builder
}

func (r *recordingSink) Append(_ context.Context, _, _, stream string, chunk []byte) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.out[stream] == nil {
		r.out[stream] = &strings.Builder{}
	}
	r.out[stream].Write(chunk)
	return nil
}

// Whatever the chunking and flushing, a secret never reaches the sink or
// the result, and everything else does, in order.
func TestOutputMasksSecretsSplitAtAnyPoint(t *testing.T) {
	const secret = "s3cr3t-ab-s3cr3t"
	text := "start s3cr3t-ab-s3cr3t-ab-s3cr3t middle s3cr3 é s3cr3t-ab-s3cr3t\nend s3cr3t-ab-s3cr"
	want := "start ********-ab-s3cr3t middle s3cr3 é ********\nend s3cr3t-ab-s3cr"
	for i := 0; i <= len(text); i++ {
		for j := i; j <= len(text); j++ {
			for _, flush := range []bool{false, true} {
				sink := &recordingSink{out: map[string]*strings.Builder{}}
				o := newOutput(context.Background(), sink, "run", "step", [][]byte{[]byte(secret), []byte("abc")}, 1<<20, 1<<10, slog.Default())
				for _, part := range []string{text[:i], text[i:j], text[j:]} {
					o.stdout.Write([]byte(part))
					if flush {
						o.flushPartial()
					}
				}
				o.close()
				got := sink.out[StreamStdout].String()
				if got != want || o.stdout.tail.String() != want {
					t.Fatalf("split %d/%d flush %v: stored %q, result %q\nwant %q", i, j, flush, got, o.stdout.tail.String(), want)
				}
			}
		}
	}
}

func TestOutputStoresWholeLinesAndValidUTF8(t *testing.T) {
	sink := &recordingSink{out: map[string]*strings.Builder{}}
	var chunks []string
	o := newOutput(context.Background(), sinkFunc(func(stream string, chunk []byte) {
		chunks = append(chunks, string(chunk))
		sink.Append(context.Background(), "", "", stream, chunk)
	}), "run", "step", nil, 1<<20, 1<<10, slog.Default())
	for _, part := range []string{"line one\nline t", "wo\nhalf \xc3", "\xa9 done"} {
		o.stdout.Write([]byte(part))
	}
	o.flushPartial()
	o.close()
	if strings.Join(chunks, "|") != "line one\n|line two\n|half é done" {
		t.Fatalf("chunks %q", chunks)
	}
}

type sinkFunc func(stream string, chunk []byte)

func (f sinkFunc) Append(_ context.Context, _, _, stream string, chunk []byte) error {
	f(stream, chunk)
	return nil
}

func TestTailBufferKeepsTheEndAtARuneBoundary(t *testing.T) {
	for max, want := range map[int]string{5: "héij", 4: "éij", 3: "ij", 100: "abcdefghéij"} {
		tb := tailBuffer{max: max}
		for _, p := range []string{"abcdef", "ghé", "ij"} {
			tb.write([]byte(p))
		}
		if got := tb.String(); got != want || tb.truncated != (max < 100) {
			t.Errorf("max %d: tail = %q truncated %v, want %q", max, got, tb.truncated, want)
		}
	}
}
