package api

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"
	"golang.org/x/crypto/ssh"

	"github.com/opsmanager/opsmanager/activities/sshtest"
	"github.com/opsmanager/opsmanager/domain"
)

// createCredential stores a credential through the API and returns its id.
func (s *testServer) createCredential(t *testing.T, name, kind, secret string) string {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"name": name, "kind": kind, "secret": secret})
	res, b := s.do(t, "POST", "/api/v1/credentials", string(body))
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("create credential: %d %s", res.StatusCode, b)
	}
	var out struct{ Data domain.Credential }
	_ = json.Unmarshal(b, &out)
	return out.Data.ID
}

func (s *testServer) createServer(t *testing.T, fields map[string]any) domain.Server {
	t.Helper()
	body, _ := json.Marshal(fields)
	res, b := s.do(t, "POST", "/api/v1/servers", string(body))
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("create server: %d %s", res.StatusCode, b)
	}
	var out struct{ Data domain.Server }
	_ = json.Unmarshal(b, &out)
	return out.Data
}

func TestCredentialSecretsNeverLeaveTheVault(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	secret, replaced := "pw-"+uuid.NewString(), "pw2-"+uuid.NewString()
	var everything strings.Builder
	call := func(method, path, body string, want int) []byte {
		t.Helper()
		res, b := s.do(t, method, path, body)
		if res.StatusCode != want {
			t.Fatalf("%s %s: %d %s, want %d", method, path, res.StatusCode, b, want)
		}
		everything.Write(b)
		return b
	}
	b := call("POST", "/api/v1/credentials", `{"name":"Prod root","kind":"password","secret":"`+secret+`"}`, 201)
	var created struct {
		Data map[string]any `json:"data"`
	}
	_ = json.Unmarshal(b, &created)
	id, _ := created.Data["id"].(string)
	if id == "" || created.Data["name"] != "Prod root" || created.Data["kind"] != "password" || created.Data["createdAt"] == nil {
		t.Fatalf("created %s", b)
	}
	call("POST", "/api/v1/credentials", `{"name":"prod ROOT","kind":"password","secret":"`+secret+`"}`, 409)
	call("POST", "/api/v1/credentials", `{"name":"k","kind":"ssh-private-key","secret":"`+secret+`"}`, 400)
	call("POST", "/api/v1/credentials", `{"name":"k","kind":"pgp","secret":"`+secret+`"}`, 400)
	call("GET", "/api/v1/credentials", "", 200)
	call("GET", "/api/v1/credentials/"+id, "", 200)
	call("PATCH", "/api/v1/credentials/"+id, `{"name":"Prod root 2","secret":"`+replaced+`"}`, 200)
	call("PATCH", "/api/v1/credentials/"+id, `{}`, 400)
	call("GET", "/api/v1/audit?limit=200", "", 200)
	var audit string
	if err := s.pool.QueryRow(context.Background(), `SELECT COALESCE(string_agg(row_to_json(a)::text, ' '), '') FROM audit_log a`).Scan(&audit); err != nil {
		t.Fatal(err)
	}
	everything.WriteString(audit)
	for _, sec := range []string{secret, replaced} {
		if strings.Contains(everything.String(), sec) {
			t.Fatalf("a secret appears in a response or the audit log")
		}
	}
	if s.auditCount(t, "credential.create", domain.OutcomeSuccess) != 1 || s.auditCount(t, "credential.update", domain.OutcomeSuccess) != 1 {
		t.Fatal("credential changes are not audited")
	}
}

func TestSSHKeyCredentialShowsItsPublicKey(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	block, _ := ssh.MarshalPrivateKey(priv, "")
	pemText := string(pemEncode(block))
	id := s.createCredential(t, "deploy key", "ssh-private-key", pemText)
	res, b := s.do(t, "GET", "/api/v1/credentials/"+id, "")
	signer, _ := ssh.NewSignerFromKey(priv)
	want := strings.TrimSpace(string(ssh.MarshalAuthorizedKey(signer.PublicKey())))
	if res.StatusCode != 200 || !strings.Contains(string(b), want) || strings.Contains(string(b), "PRIVATE KEY") {
		t.Fatalf("get: %d %s", res.StatusCode, b)
	}
}

func TestServerValidationNamesTheField(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	cred := s.createCredential(t, "pw", "password", "secret-1")
	token := s.createCredential(t, "tok", "token", "token-1")
	valid := func() map[string]any {
		return map[string]any{"name": "web-1", "host": "web-1.example.com", "port": 22, "username": "deploy", "credentialId": cred}
	}
	for field, value := range map[string]any{
		"name": "", "host": "bad host!", "port": 70000, "username": "", "credentialId": uuid.NewString(),
		"hostKey": "ssh-ed25519 not-base64", "tags": []string{"Has Space"},
	} {
		body := valid()
		body[field] = value
		raw, _ := json.Marshal(body)
		res, b := s.do(t, "POST", "/api/v1/servers", string(raw))
		e := parseErrorBody(t, b)
		if res.StatusCode != 400 || len(e.Details) == 0 || !strings.HasPrefix(e.Details[0].Field, field) {
			t.Errorf("%s=%v: %d %s", field, value, res.StatusCode, b)
		}
	}
	body := valid()
	body["port"] = 0
	body["credentialId"] = token
	raw, _ := json.Marshal(body)
	res, b := s.do(t, "POST", "/api/v1/servers", string(raw))
	if e := parseErrorBody(t, b); res.StatusCode != 400 || len(e.Details) != 2 || !strings.Contains(string(b), "token credential") {
		t.Fatalf("port 0 and token credential: %d %s", res.StatusCode, b)
	}
	body = valid()
	delete(body, "port")
	if sv := s.createServer(t, body); sv.Port != 22 || sv.CredentialName != "pw" || sv.HostKeyFingerprint != "" {
		t.Fatalf("default port: %+v", sv)
	}
	raw, _ = json.Marshal(valid())
	if res, b := s.do(t, "POST", "/api/v1/servers", string(raw)); res.StatusCode != 409 {
		t.Fatalf("duplicate name: %d %s", res.StatusCode, b)
	}
}

func TestServersListFilterUpdateDelete(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	cred := s.createCredential(t, "pw", "password", "secret-1")
	hostKey := "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl comment"
	web := s.createServer(t, map[string]any{"name": "web-1", "host": "10.0.0.1", "username": "deploy", "credentialId": cred,
		"tags": []string{"Web", "prod"}, "hostKey": hostKey})
	s.createServer(t, map[string]any{"name": "db-1", "host": "10.0.0.2", "username": "deploy", "credentialId": cred, "tags": []string{"db", "prod"}})
	if web.HostKey != strings.TrimSuffix(hostKey, " comment") || !strings.HasPrefix(web.HostKeyFingerprint, "SHA256:") || fmt.Sprint(web.Tags) != "[web prod]" {
		t.Fatalf("created %+v", web)
	}
	list := func(query string) string {
		t.Helper()
		res, b := s.do(t, "GET", "/api/v1/servers"+query, "")
		var out struct {
			Data       []domain.Server
			Pagination Pagination
		}
		_ = json.Unmarshal(b, &out)
		if res.StatusCode != 200 {
			t.Fatalf("list %s: %d %s", query, res.StatusCode, b)
		}
		var names []string
		for _, sv := range out.Data {
			names = append(names, sv.Name)
		}
		return fmt.Sprintf("%v %d", names, out.Pagination.Total)
	}
	for query, want := range map[string]string{"": "[db-1 web-1] 2", "?tag=prod": "[db-1 web-1] 2", "?tag=prod&tag=web": "[web-1] 1",
		"?tag=db,prod": "[db-1] 1", "?q=10.0.0.2": "[db-1] 1", "?limit=1&page=2": "[web-1] 2"} {
		if got := list(query); got != want {
			t.Errorf("list%s = %s, want %s", query, got, want)
		}
	}
	if res, _ := s.do(t, "GET", "/api/v1/servers?limit=0", ""); res.StatusCode != 400 {
		t.Errorf("limit=0: %d", res.StatusCode)
	}
	res, b := s.do(t, "PATCH", "/api/v1/servers/"+web.ID, `{"tags":["web"],"port":2222}`)
	var updated struct{ Data domain.Server }
	_ = json.Unmarshal(b, &updated)
	if res.StatusCode != 200 || updated.Data.Port != 2222 || updated.Data.HostKey != web.HostKey || updated.Data.Host != "10.0.0.1" {
		t.Fatalf("patch: %d %s", res.StatusCode, b)
	}
	if res, b := s.do(t, "DELETE", "/api/v1/credentials/"+cred, ""); res.StatusCode != 409 || !strings.Contains(string(b), "web-1") {
		t.Fatalf("delete credential in use: %d %s", res.StatusCode, b)
	}
	if res, _ := s.do(t, "DELETE", "/api/v1/servers/"+web.ID, ""); res.StatusCode != 204 {
		t.Fatalf("delete: %d", res.StatusCode)
	}
	if res, _ := s.do(t, "GET", "/api/v1/servers/"+web.ID, ""); res.StatusCode != 404 {
		t.Fatalf("get deleted: %d", res.StatusCode)
	}
}

// H1: a connection test of a new server logs in to nothing and stores
// nothing; it shows the fingerprint, which a user with servers:write
// trusts; replacing or clearing that pin needs servers:host-key-reset.
func TestServerHostKeyIsTrustedOnlyByConfirmingItsFingerprint(t *testing.T) {
	t.Parallel()
	srv := sshtest.Get(t)
	s := newTestServer(t)
	cred := s.createCredential(t, "test key", "ssh-private-key", string(srv.ClientKey))
	sv := s.createServer(t, map[string]any{"name": "local", "host": srv.Host, "port": srv.Port, "username": srv.User, "credentialId": cred})
	operator := s.tokenFor(t, s.createUser(t, "op-"+uuid.NewString()[:8]+"@example.com", "operator").ID)
	test := func() domain.ServerTestResult {
		t.Helper()
		res, b := s.call(t, request{Method: "POST", Path: "/api/v1/servers/" + sv.ID + "/test", Token: operator})
		var out struct{ Data domain.ServerTestResult }
		_ = json.Unmarshal(b, &out)
		if res.StatusCode != 200 {
			t.Fatalf("test: %d %s", res.StatusCode, b)
		}
		return out.Data
	}
	trust := func(fingerprint string) (*http.Response, []byte) {
		return s.call(t, request{Method: "POST", Path: "/api/v1/servers/" + sv.ID + "/host-key", Token: operator,
			Body: `{"fingerprint":"` + fingerprint + `"}`})
	}
	first := test()
	if first.OK || first.Trusted || first.ErrorType != "SSHHostKeyNotTrusted" || first.Output != "" ||
		!strings.HasPrefix(first.HostKeyFingerprint, "SHA256:") || !strings.Contains(first.Error, first.HostKeyFingerprint) {
		t.Fatalf("first test: %+v", first)
	}
	if _, b := s.do(t, "GET", "/api/v1/servers/"+sv.ID, ""); !strings.Contains(string(b), `"hostKeyFingerprint":""`) {
		t.Fatalf("a connection test stored a pin: %s", b)
	}
	if res, b := trust("md5:00"); res.StatusCode != 400 || !strings.Contains(string(b), "fingerprint") {
		t.Fatalf("malformed fingerprint: %d %s", res.StatusCode, b)
	}
	if res, b := trust("SHA256:bm90LXRoZS1rZXk"); res.StatusCode != 409 {
		t.Fatalf("a fingerprint the server does not present: %d %s", res.StatusCode, b)
	}
	if res, b := trust(first.HostKeyFingerprint); res.StatusCode != 200 || !strings.Contains(string(b), first.HostKeyFingerprint) {
		t.Fatalf("trust: %d %s", res.StatusCode, b)
	}
	if again := test(); !again.OK || !again.Trusted || !strings.HasPrefix(again.Output, "Linux") || again.HostKeyFingerprint != first.HostKeyFingerprint {
		t.Fatalf("after trusting: %+v", again)
	}
	// servers:write cannot swap or clear the pin; the admin can, audited.
	pub, _, _ := ed25519.GenerateKey(rand.Reader)
	other, _ := ssh.NewPublicKey(pub)
	swap, _ := json.Marshal(map[string]string{"hostKey": string(ssh.MarshalAuthorizedKey(other))})
	for _, r := range []request{
		{Method: "POST", Path: "/api/v1/servers/" + sv.ID + "/host-key/reset", Token: operator},
		{Method: "PATCH", Path: "/api/v1/servers/" + sv.ID, Body: `{"hostKey":""}`, Token: operator},
		{Method: "PATCH", Path: "/api/v1/servers/" + sv.ID, Body: string(swap), Token: operator},
	} {
		if res, b := s.call(t, r); res.StatusCode != 403 {
			t.Fatalf("operator %s %s: %d %s, want 403", r.Method, r.Body, res.StatusCode, b)
		}
	}
	if res, b := trust(first.HostKeyFingerprint); res.StatusCode != 409 {
		t.Fatalf("trusting over a pin: %d %s, want 409", res.StatusCode, b)
	}
	if res, b := s.do(t, "PATCH", "/api/v1/servers/"+sv.ID, string(swap)); res.StatusCode != 200 {
		t.Fatalf("admin pins another key: %d %s", res.StatusCode, b)
	}
	// The client asks for the pinned key's type (ed25519): the server's own ed25519 key is presented.
	_, presented, _ := domain.ParseHostKey(srv.HostKeys["ssh-ed25519"])
	if bad := test(); bad.OK || bad.ErrorType != "SSHHostKeyMismatch" || bad.HostKeyFingerprint != presented {
		t.Fatalf("mismatch: %+v", bad)
	}
	if res, b := s.do(t, "POST", "/api/v1/servers/"+sv.ID+"/host-key/reset", ""); res.StatusCode != 200 || !strings.Contains(string(b), `"hostKeyFingerprint":""`) {
		t.Fatalf("reset: %d %s", res.StatusCode, b)
	}
	if res, _ := s.do(t, "POST", "/api/v1/servers/"+uuid.NewString()+"/test", ""); res.StatusCode != 404 {
		t.Fatalf("unknown server: %d", res.StatusCode)
	}
	for action, want := range map[string]int{"server.test": 3, "server.host_key_trust": 1, "server.host_key_reset": 1, "server.update": 1} {
		if got := s.auditCount(t, action, domain.OutcomeSuccess); got != want {
			t.Errorf("%s audited %d times, want %d", action, got, want)
		}
	}
	if got := s.auditCount(t, "server.host_key_reset", domain.OutcomeDenied); got != 1 {
		t.Errorf("the operator's reset audited %d times as denied, want 1", got)
	}
}

func pemEncode(b *pem.Block) []byte { return pem.EncodeToMemory(b) }
