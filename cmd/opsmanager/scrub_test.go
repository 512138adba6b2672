package main

import (
	"os/exec"
	"strings"
	"testing"
)

func TestScrubSecretsRemovesPasswordsAndKeys(t *testing.T) {
	env := []string{
		"REDIS_URL=redis://:hunter2%zz@127.0.0.1:6379/0",
		"DATABASE_URL=postgres://app:pg-s3cret@db/x",
		"SMTP_PASS=mail-s3cret",
		"ENCRYPTION_KEY=c2VjcmV0LWtleS1ieXRlcw==",
		"JWT_PRIVATE_KEY_FILE=/etc/opsmanager/jwt.pem",
		"HTTP_ADDR=127.0.0.1:8080",
	}
	msg := `REDIS_URL: parse "redis://:hunter2%zz@127.0.0.1:6379/0": bad; pg-s3cret mail-s3cret c2VjcmV0LWtleS1ieXRlcw%3D%3D at 127.0.0.1:8080 /etc/opsmanager/jwt.pem`
	got := scrubSecrets(msg, env)
	for _, secret := range []string{"hunter2", "pg-s3cret", "mail-s3cret", "c2VjcmV0LWtleS1ieXRlcw"} {
		if strings.Contains(got, secret) {
			t.Errorf("%q still in %q", secret, got)
		}
	}
	for _, keep := range []string{"127.0.0.1:8080", "/etc/opsmanager/jwt.pem", "REDIS_URL: parse"} {
		if !strings.Contains(got, keep) {
			t.Errorf("%q was removed from %q", keep, got)
		}
	}
}

// TestStartupErrorsPrintNoSecrets starts the real binary with connection
// strings that make each driver fail while quoting its input.
func TestStartupErrorsPrintNoSecrets(t *testing.T) {
	bin := t.TempDir() + "/opsmanager"
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	const secret = "Sup3rS3cret"
	cases := map[string]string{
		"redis bad escape":  "REDIS_URL=redis://:" + secret + "%zz@127.0.0.1:6379/0",
		"redis bad option":  "REDIS_URL=redis://:" + secret + "@127.0.0.1:6379/0?bogus=1",
		"postgres bad mode": "DATABASE_URL=postgres://u:" + secret + "@127.0.0.1:5432/x?sslmode=bogus",
		"postgres keywords": "DATABASE_URL=host=127.0.0.1 password=" + secret + " sslmode=bogus",
		"encryption key":    "ENCRYPTION_KEY=" + secret,
	}
	for name, env := range cases {
		t.Run(name, func(t *testing.T) {
			cmd := exec.Command(bin, "api")
			cmd.Env = append(cmd.Environ(), env, "HTTP_ADDR=127.0.0.1:0", "DATA_DIR="+t.TempDir())
			out, _ := cmd.CombinedOutput()
			if !strings.Contains(string(out), "opsmanager:") {
				t.Fatalf("no startup error printed: %s", out)
			}
			if strings.Contains(string(out), secret) {
				t.Fatalf("startup output leaks the secret:\n%s", out)
			}
		})
	}
}
