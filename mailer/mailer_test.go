package mailer_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/opsmanager/opsmanager/internal/mailpittest"
	"github.com/opsmanager/opsmanager/mailer"
)

// The Mailpit that `make deps` starts; other tests share it, so every test
// uses its own recipient addresses and never deletes messages.
func newMailer(t *testing.T) *mailer.Mailer {
	t.Helper()
	host, port := mailpittest.SMTP()
	m, err := mailer.New(mailer.Config{Host: host, Port: port, From: "OpsManager <opsmanager@example.org>"})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestSendDeliversToMailpit(t *testing.T) {
	t.Parallel()
	m := newMailer(t)
	to := uuid.NewString() + "@example.com"
	err := m.Send(context.Background(), mailer.Message{
		To:        []string{to},
		Subject:   "[CRITICAL] Database down — checkout",
		Text:      "The database is down.\nhttp://localhost:8080/incidents/1",
		HTML:      "<p>The database is <b>down</b>.</p>",
		MessageID: "page.0123abcd",
		Headers:   map[string]string{"X-OpsManager-Incident": "1"},
	})
	if err != nil {
		t.Fatal(err)
	}
	msg := mailpittest.Full(t, mailpittest.Wait(t, to, 1, 10*time.Second))[0]
	if msg.Subject != "[CRITICAL] Database down — checkout" {
		t.Errorf("subject = %q", msg.Subject)
	}
	if !strings.Contains(msg.Text, "The database is down.") || !strings.Contains(msg.HTML, "<b>down</b>") {
		t.Errorf("text = %q, html = %q", msg.Text, msg.HTML)
	}
	if msg.MessageID != "page.0123abcd@example.org" {
		t.Errorf("Message-ID = %q, want the given id completed with the sender's domain", msg.MessageID)
	}
	if msg.From.Address != "opsmanager@example.org" || len(msg.To) != 1 || msg.To[0].Address != to {
		t.Errorf("from = %v, to = %v", msg.From, msg.To)
	}
	var headers map[string][]string
	mailpittest.Get(t, "/api/v1/message/"+msg.ID+"/headers", &headers)
	if got := headers["X-Opsmanager-Incident"]; len(got) != 1 || got[0] != "1" {
		t.Errorf("X-OpsManager-Incident header = %v (headers %v)", got, headers)
	}
}

func TestNewValidatesConfig(t *testing.T) {
	t.Parallel()
	for name, cfg := range map[string]mailer.Config{
		"no from":      {Host: "127.0.0.1", Port: 1025},
		"bad from":     {Host: "127.0.0.1", Port: 1025, From: "not an address"},
		"no host":      {Port: 1025, From: "a@example.com"},
		"bad tls mode": {Host: "127.0.0.1", Port: 1025, From: "a@example.com", TLS: "ssl3"},
		"bad port":     {Host: "127.0.0.1", Port: 70000, From: "a@example.com"},
	} {
		if _, err := mailer.New(cfg); err == nil {
			t.Errorf("%s: New accepted %+v", name, cfg)
		}
	}
	if _, err := mailer.New(mailer.Config{Host: "smtp.example.com", From: "OpsManager <ops@example.com>",
		Username: "u", Password: "p"}); err != nil {
		t.Errorf("valid config refused: %v", err)
	}
}

func TestInvalidMessagesFailPermanently(t *testing.T) {
	t.Parallel()
	m := newMailer(t)
	ok := uuid.NewString() + "@example.com"
	for name, msg := range map[string]mailer.Message{
		"bad address":    {To: []string{"not an address"}, Subject: "s", Text: "t"},
		"no recipients":  {Subject: "s", Text: "t"},
		"no body":        {To: []string{ok}, Subject: "s"},
		"header newline": {To: []string{ok}, Subject: "s", Text: "t", Headers: map[string]string{"X-A": "a\r\nBcc: x@example.com"}},
	} {
		err := m.Send(context.Background(), msg)
		if err == nil || !mailer.IsPermanent(err) {
			t.Errorf("%s: err = %v, want a permanent error", name, err)
		}
	}
}

// scriptedSMTP is a minimal SMTP server that answers RCPT TO with rcptReply,
// to provoke the server errors Mailpit does not produce.
func scriptedSMTP(t *testing.T, rcptReply string) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go serveSMTP(conn, rcptReply)
		}
	}()
	return ln.Addr().(*net.TCPAddr).Port
}

func serveSMTP(conn net.Conn, rcptReply string) {
	defer conn.Close()
	r := bufio.NewReader(conn)
	reply := func(s string) { fmt.Fprintf(conn, "%s\r\n", s) }
	reply("220 scripted ESMTP")
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		cmd := strings.ToUpper(strings.TrimSpace(line))
		switch {
		case strings.HasPrefix(cmd, "EHLO"):
			reply("250-scripted\r\n250 8BITMIME")
		case strings.HasPrefix(cmd, "RCPT"):
			reply(rcptReply)
		case strings.HasPrefix(cmd, "QUIT"):
			reply("221 bye")
			return
		default: // MAIL, NOOP, RSET
			reply("250 ok")
		}
	}
}

func TestServerRepliesAreClassified(t *testing.T) {
	t.Parallel()
	for reply, permanent := range map[string]bool{
		"550 5.1.1 no such user":            true,
		"450 4.2.1 mailbox busy, try later": false,
	} {
		port := scriptedSMTP(t, reply)
		m, err := mailer.New(mailer.Config{Host: "127.0.0.1", Port: port, From: "ops@example.org"})
		if err != nil {
			t.Fatal(err)
		}
		err = m.Send(context.Background(), mailer.Message{To: []string{"a@example.com"}, Subject: "s", Text: "t"})
		if err == nil {
			t.Fatalf("reply %q: send succeeded", reply)
		}
		if mailer.IsPermanent(err) != permanent {
			t.Errorf("reply %q: IsPermanent = %v, want %v (err: %v)", reply, !permanent, permanent, err)
		}
		if !strings.Contains(err.Error(), reply[:3]) {
			t.Errorf("error %q does not name the server's reply", err)
		}
	}
}

func TestUnreachableServerIsTemporary(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close() // nothing listens there now
	m, err := mailer.New(mailer.Config{Host: "127.0.0.1", Port: port, From: "ops@example.org"})
	if err != nil {
		t.Fatal(err)
	}
	err = m.Send(context.Background(), mailer.Message{To: []string{"a@example.com"}, Subject: "s", Text: "t"})
	if err == nil || mailer.IsPermanent(err) {
		t.Fatalf("err = %v, want a temporary error", err)
	}
	if mailer.IsPermanent(errors.New("550 looks like a reply but is not one")) {
		t.Error("a plain error is not permanent")
	}
}

func TestRequiredStartTLSRefusesPlainServers(t *testing.T) {
	t.Parallel()
	port := scriptedSMTP(t, "250 ok") // offers no STARTTLS
	m, err := mailer.New(mailer.Config{Host: "127.0.0.1", Port: port, From: "ops@example.org", TLS: "starttls"})
	if err != nil {
		t.Fatal(err)
	}
	err = m.Send(context.Background(), mailer.Message{To: []string{"a@example.com"}, Subject: "s", Text: "t"})
	if err == nil || !strings.Contains(err.Error(), "STARTTLS") {
		t.Fatalf("err = %v, want a refusal to send without STARTTLS", err)
	}
}
