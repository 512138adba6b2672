package auth

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"
)

// fastParams keep the tests quick; the format and logic do not depend on cost.
var fastParams = PasswordParams{Memory: 64, Iterations: 1, Parallelism: 1, SaltLen: 16, KeyLen: 32}

const katPassword = "correct horse battery staple"

// Known answers from the reference implementation (phc-winner-argon2 CLI,
// Debian package argon2), e.g.
// echo -n 'correct horse battery staple' | argon2 'opsmanager-salt!' -id -k 19456 -t 2 -p 1 -l 32 -e
const (
	katDefault  = "$argon2id$v=19$m=19456,t=2,p=1$b3BzbWFuYWdlci1zYWx0IQ$TXVgzhytTL/jbS7AWe671I11jBXQ4th/jyUYzJbom4w"
	katStronger = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHRzYWx0c2FsdA$opK/12lewr2z5YpUKucJCUXASikIGYN+qjR3vL2e8go"
	katArgon2i  = "$argon2i$v=19$m=19456,t=2,p=1$b3BzbWFuYWdlci1zYWx0IQ$ZRcYcvlYcKhsPfW6Ewe00IRhK67239jkMdskLZvoZJk"
)

func TestHashAndVerify(t *testing.T) {
	ctx := context.Background()
	h := NewHasher(fastParams, 2)
	enc, err := h.Hash(ctx, "a long enough password")
	if err != nil {
		t.Fatal(err)
	}
	phc := regexp.MustCompile(`^\$argon2id\$v=19\$m=64,t=1,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$`)
	if !phc.MatchString(enc) {
		t.Errorf("hash %q is not the expected PHC string", enc)
	}
	ok, rehash, err := h.Verify(ctx, "a long enough password", enc)
	if err != nil || !ok || rehash {
		t.Errorf("Verify(right) = %v, %v, %v; want true, false, nil", ok, rehash, err)
	}
	ok, rehash, err = h.Verify(ctx, "a long enough passworD", enc)
	if err != nil || ok || rehash {
		t.Errorf("Verify(wrong) = %v, %v, %v; want false, false, nil", ok, rehash, err)
	}
	enc2, _ := h.Hash(ctx, "a long enough password")
	if enc2 == enc {
		t.Error("two hashes of the same password are identical (salt not random)")
	}
}

func TestVerifyReferenceVectors(t *testing.T) {
	ctx := context.Background()
	h := NewHasher(DefaultPasswordParams, 1)
	ok, rehash, err := h.Verify(ctx, katPassword, katDefault)
	if err != nil || !ok || rehash {
		t.Errorf("reference hash with default params: %v, %v, %v; want true, false, nil", ok, rehash, err)
	}
	ok, _, err = h.Verify(ctx, katPassword+"!", katDefault)
	if err != nil || ok {
		t.Errorf("reference hash, wrong password: %v, %v", ok, err)
	}
	ok, rehash, err = h.Verify(ctx, katPassword, katStronger)
	if err != nil || !ok || !rehash {
		t.Errorf("reference hash with other params: %v, %v, %v; want true, true, nil", ok, rehash, err)
	}
}

func TestHashMatchesReferenceEncoding(t *testing.T) {
	// Same salt and params as katDefault: our encoder must produce the
	// reference string byte for byte.
	p, salt, _, err := decodePHC(katDefault)
	if err != nil {
		t.Fatal(err)
	}
	h := NewHasher(p, 1)
	key, err := h.derive(context.Background(), katPassword, salt, p)
	if err != nil {
		t.Fatal(err)
	}
	if got := encodePHC(p, salt, key); got != katDefault {
		t.Errorf("encodePHC = %s\nwant        %s", got, katDefault)
	}
}

func TestVerifyNeedsRehashWhenParamsChange(t *testing.T) {
	ctx := context.Background()
	old := NewHasher(fastParams, 1)
	enc, _ := old.Hash(ctx, "a long enough password")
	changes := map[string]func(*PasswordParams){
		"memory":      func(p *PasswordParams) { p.Memory *= 2 },
		"iterations":  func(p *PasswordParams) { p.Iterations++ },
		"parallelism": func(p *PasswordParams) { p.Parallelism++ },
		"salt length": func(p *PasswordParams) { p.SaltLen = 32 },
		"key length":  func(p *PasswordParams) { p.KeyLen = 64 },
		"weaker":      func(p *PasswordParams) { p.Memory = 32 },
	}
	for name, change := range changes {
		p := fastParams
		change(&p)
		ok, rehash, err := NewHasher(p, 1).Verify(ctx, "a long enough password", enc)
		if err != nil || !ok || !rehash {
			t.Errorf("%s changed: %v, %v, %v; want true, true, nil", name, ok, rehash, err)
		}
	}
}

func TestVerifyRejectsMalformedHashes(t *testing.T) {
	h := NewHasher(fastParams, 1)
	good := "$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$opK/12lewr2z5YpUKucJCUXASikIGYN+qjR3vL2e8go"
	if _, _, err := h.Verify(context.Background(), "x", good); err != nil {
		t.Fatalf("control hash rejected: %v", err)
	}
	bad := map[string]string{
		"empty":            "",
		"bcrypt":           "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy",
		"argon2i":          katArgon2i,
		"argon2d":          strings.Replace(good, "argon2id", "argon2d", 1),
		"version 16":       strings.Replace(good, "v=19", "v=16", 1),
		"no version":       strings.Replace(good, "$v=19", "", 1),
		"params reordered": strings.Replace(good, "m=64,t=1,p=1", "t=1,m=64,p=1", 1),
		"leading zero":     strings.Replace(good, "m=64", "m=064", 1),
		"trailing junk":    strings.Replace(good, "p=1", "p=1x", 1),
		"extra param":      strings.Replace(good, "p=1", "p=1,keyid=abc", 1),
		"t=0":              strings.Replace(good, "t=1", "t=0", 1),
		"p=0":              strings.Replace(good, "p=1", "p=0", 1),
		"p=256":            strings.Replace(good, "p=1", "p=256", 1),
		"huge memory":      strings.Replace(good, "m=64", "m=4294967295", 1),
		"huge iterations":  strings.Replace(good, "t=1", "t=1000000", 1),
		"padded salt":      strings.Replace(good, "c2FsdHNhbHRzYWx0c2FsdA", "c2FsdHNhbHRzYWx0c2FsdA==", 1),
		"bad base64":       strings.Replace(good, "c2FsdHNhbHRzYWx0c2FsdA", "c2Fsd*NhbHRzYWx0c2FsdA", 1),
		"short salt":       strings.Replace(good, "c2FsdHNhbHRzYWx0c2FsdA", "c2FsdA", 1),
		"short hash":       strings.Replace(good, "opK/12lewr2z5YpUKucJCUXASikIGYN+qjR3vL2e8go", "opK/12le", 1),
		"missing hash":     strings.TrimSuffix(good, "$opK/12lewr2z5YpUKucJCUXASikIGYN+qjR3vL2e8go"),
		"extra field":      good + "$abc",
		"no leading $":     strings.TrimPrefix(good, "$"),
	}
	for name, enc := range bad {
		ok, rehash, err := h.Verify(context.Background(), "x", enc)
		if !errors.Is(err, ErrMalformedHash) || ok || rehash {
			t.Errorf("%s: Verify = %v, %v, %v; want ErrMalformedHash", name, ok, rehash, err)
		}
	}
}

func TestHasherCapsConcurrency(t *testing.T) {
	h := NewHasher(fastParams, 1)
	h.slots <- struct{}{} // occupy the only slot, as a long-running hash would
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := h.Hash(ctx, "a long enough password"); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Hash with no free slot: err = %v, want deadline exceeded", err)
	}
	enc := "$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$opK/12lewr2z5YpUKucJCUXASikIGYN+qjR3vL2e8go"
	if _, _, err := h.Verify(ctx, "x", enc); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Verify with no free slot: err = %v, want deadline exceeded", err)
	}
	start := time.Now()
	h.VerifyDummy(ctx, "x") // must give up with ctx too, not block forever
	if time.Since(start) > time.Second {
		t.Error("VerifyDummy ignored ctx")
	}
	<-h.slots // free the slot: work proceeds again
	if _, err := h.Hash(context.Background(), "a long enough password"); err != nil {
		t.Errorf("Hash after slot freed: %v", err)
	}
}

func TestHasherSlotsAreReleased(t *testing.T) {
	h := NewHasher(fastParams, 2)
	ctx := context.Background()
	for range 10 { // more calls than slots: each must give its slot back
		enc, err := h.Hash(ctx, "a long enough password")
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := h.Verify(ctx, "wrong", enc); err != nil {
			t.Fatal(err)
		}
		h.VerifyDummy(ctx, "x")
	}
	if n := len(h.slots); n != 0 {
		t.Errorf("%d slots still held", n)
	}
}

func TestValidatePassword(t *testing.T) {
	tests := []struct {
		pw      string
		wantErr string
	}{
		{"", "at least 12"},
		{"elevenchars", "at least 12"},
		{"twelve chars", ""},
		{"ünïcödé-12ch", ""}, // 12 runes, more bytes
		{"ünïcödé-11c", "at least 12"},
		{strings.Repeat("a", 128), ""},
		{strings.Repeat("a", 129), "at most 128"},
		{strings.Repeat("é", 128), ""},
		{strings.Repeat(" ", 12), "whitespace"},
		{" \t\n\u00a0\u2003         ", "whitespace"},
		{"  spaces around  ", ""},
		{"bad utf8 \xff\xfe!!!", "UTF-8"},
	}
	for _, tt := range tests {
		err := ValidatePassword(tt.pw)
		switch {
		case tt.wantErr == "" && err != nil:
			t.Errorf("ValidatePassword(%q) = %v, want nil", tt.pw, err)
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("ValidatePassword(%q) = %v, want error containing %q", tt.pw, err, tt.wantErr)
		}
	}
}

func BenchmarkVerify(b *testing.B) {
	ctx := context.Background()
	h := NewHasher(DefaultPasswordParams, 1)
	enc, err := h.Hash(ctx, "a long enough password")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if ok, _, err := h.Verify(ctx, "a long enough password", enc); !ok || err != nil {
			b.Fatal(ok, err)
		}
	}
}
