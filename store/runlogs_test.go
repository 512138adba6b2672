package store_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/google/uuid"

	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/store"
	"github.com/opsmanager/opsmanager/store/storetest"
)

func TestRunLogsPageByCursorAndStoreAnyBytes(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	logs := store.NewRunLogs(storetest.NewPool(t))
	run, other := uuid.NewString(), uuid.NewString()
	for _, chunk := range []string{"one\n", "two\n", "bad \xff byte and NUL \x00\n", "four\n"} {
		if err := logs.Append(ctx, run, "deploy", "stdout", []byte(chunk)); err != nil {
			t.Fatal(err)
		}
	}
	if err := logs.Append(ctx, other, "deploy", "stdout", []byte("elsewhere\n")); err != nil {
		t.Fatal(err)
	}
	page, next, err := logs.List(ctx, run, 0, 3)
	if err != nil || len(page) != 3 || page[0].Text != "one\n" || page[2].Text != "bad \uFFFD byte and NUL \uFFFD\n" || next != page[2].ID {
		t.Fatalf("first page %+v next %d, %v", page, next, err)
	}
	if page[0].Step != "deploy" || page[0].Stream != "stdout" || page[0].RunID != run || page[0].At.IsZero() {
		t.Fatalf("line %+v", page[0])
	}
	rest, next2, err := logs.List(ctx, run, next, 3)
	if err != nil || len(rest) != 1 || rest[0].Text != "four\n" {
		t.Fatalf("second page %+v, %v", rest, err)
	}
	none, next3, err := logs.List(ctx, run, next2, 3)
	if err != nil || len(none) != 0 || next3 != next2 {
		t.Fatalf("poll past the end: %+v next %d, %v", none, next3, err)
	}
	if err := logs.Append(ctx, "nope", "s", "stdout", []byte("x")); domain.ErrorCode(err) != domain.EInvalid {
		t.Fatalf("bad run id: %v", err)
	}
}

// A reader polling with the cursor while several steps append at once sees
// every line exactly once: lines commit in cursor order.
func TestRunLogsPollingNeverSkipsConcurrentLines(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	logs := store.NewRunLogs(storetest.NewPool(t))
	run := uuid.NewString()
	const writers, each = 6, 40
	done := make(chan error, writers)
	for w := range writers {
		go func() {
			for i := range each {
				if err := logs.Append(ctx, run, fmt.Sprintf("step-%d", w), "stdout", []byte(fmt.Sprintf("%d-%d\n", w, i))); err != nil {
					done <- err
					return
				}
			}
			done <- nil
		}()
	}
	seen := map[string]int{}
	var cursor int64
	finished := 0
	for finished < writers || len(seen) < writers*each {
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
			finished++
		default:
		}
		page, next, err := logs.List(ctx, run, cursor, 7)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range page {
			seen[l.Text]++
		}
		cursor = next
		if finished == writers && len(page) == 0 && len(seen) < writers*each {
			t.Fatalf("polling missed %d of %d lines", writers*each-len(seen), writers*each)
		}
	}
	for text, n := range seen {
		if n != 1 {
			t.Fatalf("line %q seen %d times", text, n)
		}
	}
}
