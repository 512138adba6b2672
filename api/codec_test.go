package api

import (
	"net/http"
	"strings"
	"testing"

	commonpb "go.temporal.io/api/common/v1"
	"go.temporal.io/sdk/converter"
	"google.golang.org/protobuf/encoding/protojson"

	"github.com/opsmanager/opsmanager/domain"
)

// sealedBody is a codec request body of one payload holding v, encrypted
// as the worker would have written it to history.
func (s *testServer) sealedBody(t *testing.T, v any) string {
	t.Helper()
	p, err := converter.GetDefaultDataConverter().ToPayload(v)
	if err != nil {
		t.Fatal(err)
	}
	sealed, err := s.codec.Encode([]*commonpb.Payload{p})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := protojson.Marshal(&commonpb.Payloads{Payloads: sealed})
	return string(b)
}

// M7: the codec endpoint opens history payloads for holders of
// temporal:decode only, audits every call, and answers bad bodies with
// the standard error.
func TestCodecDecodeNeedsTemporalDecodeAndIsAudited(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	body := s.sealedBody(t, map[string]string{"title": "Checkout is down"})
	if strings.Contains(body, "Checkout") {
		t.Fatal("the sealed body holds plaintext")
	}
	viewer := s.tokenFor(t, s.createUser(t, "viewer@example.com", "viewer").ID)
	for _, tc := range []struct {
		token string
		want  int
	}{{"-", 401}, {viewer, 403}} {
		res, b := s.call(t, request{Method: "POST", Path: "/codec/decode", Body: body, Token: tc.token})
		if res.StatusCode != tc.want || strings.Contains(string(b), "Checkout") {
			t.Fatalf("decode with token %q: %d %s, want %d", tc.token, res.StatusCode, b, tc.want)
		}
	}
	res, b := s.callWithHeader(t, request{Method: "POST", Path: "/codec/decode", Body: body}, "X-Namespace", "default")
	var out commonpb.Payloads
	if res.StatusCode != 200 || protojson.Unmarshal(b, &out) != nil || len(out.Payloads) != 1 {
		t.Fatalf("admin decode: %d %s", res.StatusCode, b)
	}
	var got map[string]string
	if err := converter.GetDefaultDataConverter().FromPayload(out.Payloads[0], &got); err != nil || got["title"] != "Checkout is down" {
		t.Fatalf("decoded %v %v", got, err)
	}
	if s.auditCount(t, "temporal.decode", domain.OutcomeSuccess) != 1 || s.auditCount(t, "temporal.decode", domain.OutcomeDenied) != 1 {
		t.Error("decodes are not audited")
	}
	for _, bad := range []string{`not json`, `{"payloads":"x"}`, `{"payloads":[{"data":"not base64!"}]}`} {
		res, b := s.call(t, request{Method: "POST", Path: "/codec/decode", Body: bad})
		if res.StatusCode != 400 || !strings.Contains(string(b), `"error":"validation_failed"`) {
			t.Errorf("body %s: %d %s, want 400 in the standard format", bad, res.StatusCode, b)
		}
	}
}

// A signed-in engineer's browser decodes from the Temporal UI: sign-in sets
// a cookie for /codec only, and CORS admits the Temporal UI's origin alone.
func TestCodecServesTheTemporalUIWithTheSignInCookie(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	s.createUser(t, "eng@example.com", "admin")
	res, _ := s.login(t, "eng@example.com", testPassword, "10.0.0.9", "")
	var cookie string
	for _, c := range res.Cookies() {
		if c.Name == codecCookie {
			if !c.HttpOnly || c.SameSite != http.SameSiteStrictMode || c.Path != "/codec" {
				t.Fatalf("codec cookie %+v must be HttpOnly, SameSite=Strict, Path=/codec", c)
			}
			cookie = c.Name + "=" + c.Value
		}
	}
	if cookie == "" {
		t.Fatalf("sign-in set no codec cookie: %v", res.Header["Set-Cookie"])
	}
	body := s.sealedBody(t, "payload")
	ui := "http://localhost:8233"
	res, b := s.callWithHeader(t, request{Method: "POST", Path: "/codec/decode", Body: body, Token: "-", Cookie: cookie}, "Origin", ui)
	if res.StatusCode != 200 || res.Header.Get("Access-Control-Allow-Origin") != ui || res.Header.Get("Access-Control-Allow-Credentials") != "true" {
		t.Fatalf("decode from the Temporal UI with the cookie: %d %v %s", res.StatusCode, res.Header, b)
	}
	res, _ = s.callWithHeader(t, request{Method: "OPTIONS", Path: "/codec/decode", Token: "-"}, "Origin", ui)
	if res.StatusCode != 204 || !strings.Contains(res.Header.Get("Access-Control-Allow-Headers"), "X-Namespace") {
		t.Fatalf("preflight: %d %v", res.StatusCode, res.Header)
	}
	res, _ = s.callWithHeader(t, request{Method: "OPTIONS", Path: "/codec/decode", Token: "-"}, "Origin", "http://127.0.0.1:8233")
	if res.Header.Get("Access-Control-Allow-Origin") != "http://127.0.0.1:8233" {
		t.Fatalf("the Temporal UI reached as 127.0.0.1 got no CORS headers: %v", res.Header)
	}
	for _, other := range []string{"https://evil.example", "http://localhost:9999", "http://localhost.evil.example:8233"} {
		res, _ = s.callWithHeader(t, request{Method: "POST", Path: "/codec/decode", Body: body, Token: "-", Cookie: cookie}, "Origin", other)
		if res.Header.Get("Access-Control-Allow-Origin") != "" {
			t.Fatalf("origin %s got CORS headers: %v", other, res.Header)
		}
	}
}
