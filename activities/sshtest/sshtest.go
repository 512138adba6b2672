// Package sshtest gives tests the local sshd started by scripts/test-sshd.sh
// (`make deps`): its address, test user, client key, password and host keys.
// When it is not running, tests fail under `make test` and are skipped
// with one line elsewhere (internal/testsvc).
package sshtest

import (
	"bufio"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/opsmanager/opsmanager/internal/testsvc"
)

// Server is the test sshd.
type Server struct {
	Host string
	Port int
	User string
	// ClientKey is the PEM private key authorised for User.
	ClientKey []byte
	// Password is User's password (password authentication is enabled).
	Password string
	// HostKeys are the server's public host keys in authorized_keys format,
	// by type ("ssh-ed25519", "ssh-rsa").
	HostKeys map[string]string
	Dir      string
}

// Addr returns host:port.
func (s Server) Addr() string { return net.JoinHostPort(s.Host, strconv.Itoa(s.Port)) }

// Get returns the running test sshd, failing t when it is not running.
func Get(t testing.TB) Server {
	t.Helper()
	s, err := Load()
	if err != nil {
		testsvc.Unavailable(t, "the test sshd (scripts/test-sshd.sh)", "127.0.0.1:2222", err)
	}
	if err := probe(s.Addr()); err != nil {
		testsvc.Unavailable(t, "the test sshd (scripts/test-sshd.sh)", s.Addr(), err)
	}
	return s
}

// Load reads the sshd's files from SSHD_DIR, else .data/sshd under the
// repository root (found by walking up from the working directory).
func Load() (Server, error) {
	dir, err := Dir()
	if err != nil {
		return Server{}, err
	}
	s := Server{Dir: dir, HostKeys: map[string]string{}}
	info, err := readEnvFile(filepath.Join(dir, "info.env"))
	if err != nil {
		return s, err
	}
	s.Host, s.User = info["SSHD_HOST"], info["SSHD_USER"]
	if s.Port, err = strconv.Atoi(info["SSHD_PORT"]); err != nil {
		return s, fmt.Errorf("%s/info.env: bad SSHD_PORT", dir)
	}
	if s.ClientKey, err = os.ReadFile(filepath.Join(dir, "client_ed25519")); err != nil {
		return s, err
	}
	pw, err := os.ReadFile(filepath.Join(dir, "password"))
	if err != nil {
		return s, err
	}
	s.Password = strings.TrimSpace(string(pw))
	for _, t := range []string{"ed25519", "rsa"} {
		b, err := os.ReadFile(filepath.Join(dir, "ssh_host_"+t+"_key.pub"))
		if err != nil {
			return s, err
		}
		fields := strings.Fields(string(b))
		if len(fields) < 2 {
			return s, fmt.Errorf("ssh_host_%s_key.pub is malformed", t)
		}
		s.HostKeys[fields[0]] = fields[0] + " " + fields[1]
	}
	return s, nil
}

// Dir returns the directory of the test sshd's files: SSHD_DIR, else the
// per-machine state directory scripts/test-sshd.sh uses.
func Dir() (string, error) {
	if d := os.Getenv("SSHD_DIR"); d != "" {
		return d, nil
	}
	if d := os.Getenv("XDG_STATE_HOME"); d != "" {
		return filepath.Join(d, "opsmanager", "sshd"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", errors.New("no home directory; set SSHD_DIR")
	}
	return filepath.Join(home, ".local", "state", "opsmanager", "sshd"), nil
}

func readEnvFile(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), "="); ok {
			out[k] = v
		}
	}
	return out, sc.Err()
}

// probe checks that addr answers with an SSH banner.
func probe(addr string) error {
	c, err := net.DialTimeout("tcp", addr, 2*time.Second)
	if err != nil {
		return err
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(3 * time.Second))
	banner := make([]byte, 8)
	if _, err := c.Read(banner); err != nil {
		return err
	}
	if string(banner) != "SSH-2.0-" {
		return fmt.Errorf("%s does not answer as an SSH server", addr)
	}
	return nil
}

// Dial logs in as the test user with the client key, checking the host key
// against the known ones.
func (s Server) Dial(t testing.TB) *ssh.Client {
	t.Helper()
	signer, err := ssh.ParsePrivateKey(s.ClientKey)
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{}
	for _, line := range s.HostKeys {
		k, _, _, _, err := ssh.ParseAuthorizedKey([]byte(line))
		if err != nil {
			t.Fatal(err)
		}
		known[string(k.Marshal())] = true
	}
	cfg := &ssh.ClientConfig{User: s.User, Auth: []ssh.AuthMethod{ssh.PublicKeys(signer)}, Timeout: 10 * time.Second,
		HostKeyCallback: func(_ string, _ net.Addr, key ssh.PublicKey) error {
			if !known[string(key.Marshal())] {
				return errors.New("unknown host key")
			}
			return nil
		}}
	c, err := ssh.Dial("tcp", s.Addr(), cfg)
	if err != nil {
		t.Fatalf("ssh to test sshd: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// Run runs a shell command line over a fresh session of c and returns its
// combined output and exit status.
func Run(t testing.TB, c *ssh.Client, cmd string) (string, int) {
	t.Helper()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	out, err := sess.CombinedOutput(cmd)
	var exit *ssh.ExitError
	switch {
	case err == nil:
		return string(out), 0
	case errors.As(err, &exit):
		return string(out), exit.ExitStatus()
	}
	t.Fatalf("run %q: %v", cmd, err)
	return "", -1
}
