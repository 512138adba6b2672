// Package mailpittest reads the Mailpit that `make deps` runs, for tests
// that send real email. Tests share it: give each message a unique
// address, and never delete.
package mailpittest

import (
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// API is Mailpit's HTTP API (MAILPIT_API_URL, else 127.0.0.1:8025).
func API() string {
	if v := os.Getenv("MAILPIT_API_URL"); v != "" {
		return strings.TrimRight(v, "/")
	}
	return "http://127.0.0.1:8025"
}

// SMTP is where Mailpit accepts mail (SMTP_HOST and SMTP_PORT, else
// 127.0.0.1:1025).
func SMTP() (string, int) {
	host, port := "127.0.0.1", 1025
	if v := os.Getenv("SMTP_HOST"); v != "" {
		host = v
	}
	if v, err := strconv.Atoi(os.Getenv("SMTP_PORT")); err == nil {
		port = v
	}
	return host, port
}

// client gives up on a Mailpit that does not answer, rather than hanging
// the test.
var client = &http.Client{Timeout: 10 * time.Second}

// Message is a message as Mailpit's API describes it: a search lists the
// summary fields; Full fills in the rest.
type Message struct {
	ID        string
	MessageID string
	Subject   string
	Created   time.Time
	Text      string
	HTML      string
	From      struct{ Address string }
	To        []struct{ Address string }
}

// Get decodes Mailpit's answer to GET path into v, failing t otherwise.
func Get(t testing.TB, path string, v any) {
	t.Helper()
	resp, err := client.Get(API() + path)
	if err != nil {
		t.Fatalf("mailpit API (start it with `make deps`): %v", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s", path, resp.Status)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatalf("decode %s: %v", path, err)
	}
}

// Search lists the messages to addr, newest first.
func Search(t testing.TB, addr string) []Message {
	t.Helper()
	var found struct{ Messages []Message }
	Get(t, "/api/v1/search?query="+url.QueryEscape(`to:"`+addr+`"`), &found)
	return found.Messages
}

// Wait waits up to timeout until Mailpit holds at least want messages to
// addr, then checks that it holds exactly want, and returns them.
func Wait(t testing.TB, addr string, want int, timeout time.Duration) []Message {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		msgs := Search(t, addr)
		if len(msgs) >= want || time.Now().After(deadline) {
			if len(msgs) != want {
				t.Fatalf("mailpit holds %d messages to %s, want %d", len(msgs), addr, want)
			}
			return msgs
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Full returns each message with its text, HTML and addresses.
func Full(t testing.TB, msgs []Message) []Message {
	t.Helper()
	full := make([]Message, len(msgs))
	for i, m := range msgs {
		Get(t, "/api/v1/message/"+m.ID, &full[i])
	}
	return full
}
