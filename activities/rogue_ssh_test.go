package activities_test

import (
	"crypto/ed25519"
	"crypto/rand"
	"net"
	"strconv"
	"sync/atomic"
	"testing"

	"golang.org/x/crypto/ssh"
)

// rogueSSH is an SSH server someone points a server entry at to harvest
// credentials: it counts every password and public key offered to it, and
// accepts any password.
type rogueSSH struct {
	host        string
	port        int
	fingerprint string
	connections atomic.Int32
	passwords   atomic.Int32
	keys        atomic.Int32
}

func startRogueSSH(t *testing.T) *rogueSSH {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := ssh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	r := &rogueSSH{host: "127.0.0.1", port: ln.Addr().(*net.TCPAddr).Port, fingerprint: ssh.FingerprintSHA256(signer.PublicKey())}
	cfg := &ssh.ServerConfig{
		PasswordCallback: func(ssh.ConnMetadata, []byte) (*ssh.Permissions, error) {
			r.passwords.Add(1)
			return nil, nil
		},
		PublicKeyCallback: func(ssh.ConnMetadata, ssh.PublicKey) (*ssh.Permissions, error) {
			r.keys.Add(1)
			return nil, nil
		},
	}
	cfg.AddHostKey(signer)
	go func() {
		for {
			nc, err := ln.Accept()
			if err != nil {
				return
			}
			r.connections.Add(1)
			go serveRogue(nc, cfg)
		}
	}()
	return r
}

// serveRogue completes the handshake and answers every session with exit 0.
func serveRogue(nc net.Conn, cfg *ssh.ServerConfig) {
	defer nc.Close()
	_, chans, reqs, err := ssh.NewServerConn(nc, cfg)
	if err != nil {
		return
	}
	go ssh.DiscardRequests(reqs)
	for nch := range chans {
		ch, creqs, err := nch.Accept()
		if err != nil {
			continue
		}
		go func() {
			for req := range creqs {
				req.Reply(true, nil)
				if req.Type == "exec" {
					ch.SendRequest("exit-status", false, ssh.Marshal(struct{ Status uint32 }{0}))
					ch.Close()
				}
			}
		}()
	}
}

func (r *rogueSSH) offered() string {
	return "passwords " + strconv.Itoa(int(r.passwords.Load())) + ", keys " + strconv.Itoa(int(r.keys.Load()))
}
