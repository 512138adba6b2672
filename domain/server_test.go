package domain

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"
)

func TestServerValidateNamesEveryBadField(t *testing.T) {
	s := Server{Name: " ", Host: "-bad host", Port: 0, Username: "-x", CredentialID: "nope",
		Tags: []string{"OK", "bad tag"}, HostKey: "ssh-ed25519 !!!"}
	s.Normalize()
	var e *Error
	if err := s.Validate(); !errors.As(err, &e) {
		t.Fatalf("err = %v", err)
	}
	var fields []string
	for _, f := range e.Fields {
		fields = append(fields, f.Field)
	}
	if got := fmt.Sprint(fields); got != "[name host port username credentialId tags[1] hostKey]" {
		t.Fatalf("fields %s", got)
	}
	good := Server{Name: "web-1", Host: "[::1]", Port: 22, Username: "deploy@corp", CredentialID: "0b5c6a3e-6d0b-4f64-9b77-3c1f0c1f5e01",
		Tags: []string{" Web ", "web", "env=prod"}}
	good.Normalize()
	if err := good.Validate(); err != nil || good.Host != "::1" || fmt.Sprint(good.Tags) != "[web env=prod]" || good.Address() != "[::1]:22" {
		t.Fatalf("good server: %v %+v", err, good)
	}
}

func TestParseHostKeyCanonicalises(t *testing.T) {
	pub, _, _ := ed25519.GenerateKey(rand.Reader)
	k, _ := ssh.NewPublicKey(pub)
	line := strings.TrimSpace(string(ssh.MarshalAuthorizedKey(k)))
	got, fp, err := ParseHostKey("  " + line + " root@host\n")
	if err != nil || got != line || fp != ssh.FingerprintSHA256(k) {
		t.Fatalf("ParseHostKey = %q %q %v", got, fp, err)
	}
	for _, bad := range []string{"", "garbage", `command="x" ` + line, line + "\n" + line} {
		if _, _, err := ParseHostKey(bad); err == nil {
			t.Errorf("accepted %q", bad)
		}
	}
}

func TestValidateSecret(t *testing.T) {
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	plain, _ := ssh.MarshalPrivateKey(priv, "")
	locked, _ := ssh.MarshalPrivateKeyWithPassphrase(priv, "", []byte("pass"))
	pub, bad := ValidateSecret(CredentialSSHKey, string(pem.EncodeToMemory(plain)))
	if bad != nil || !strings.HasPrefix(pub, "ssh-ed25519 ") {
		t.Fatalf("plain key: %q %v", pub, bad)
	}
	if _, bad := ValidateSecret(CredentialSSHKey, string(pem.EncodeToMemory(locked))); bad == nil || !strings.Contains(bad.Message, "passphrase") {
		t.Fatalf("locked key: %v", bad)
	}
	for kind, secret := range map[CredentialKind]string{CredentialSSHKey: "hunter2", CredentialPassword: "", CredentialToken: "a\x00b", "pgp": "x"} {
		if _, bad := ValidateSecret(kind, secret); bad == nil || strings.Contains(bad.Message, "hunter2") {
			t.Errorf("%s %q: %v", kind, secret, bad)
		}
	}
}

func TestCredentialSecretNeverFormatsItsValue(t *testing.T) {
	s := CredentialSecret{ID: "1", Name: "db", Kind: CredentialPassword, Value: []byte("hunter2")}
	b, _ := json.Marshal(s)
	for _, out := range []string{fmt.Sprint(s), fmt.Sprintf("%+v", s), fmt.Sprintf("%#v", s), string(b)} {
		if strings.Contains(out, "hunter2") || !strings.Contains(out, "db") {
			t.Errorf("formatted as %s", out)
		}
	}
}
