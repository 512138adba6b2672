package api

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	commonpb "go.temporal.io/api/common/v1"
	"google.golang.org/protobuf/encoding/protojson"

	"github.com/opsmanager/opsmanager/domain"
)

const (
	// codecCookie carries the dashboard's access token to /codec only, so a
	// signed-in engineer's browser can decode payloads in the Temporal UI
	// (Codec Server setting "Include cross-origin credentials").
	codecCookie     = "om_codec"
	codecCookiePath = "/codec"
	// maxCodecPayloads bounds one request (a history page is far smaller).
	maxCodecPayloads = 5000
)

// registerCodec serves the Temporal codec-server protocol (POST
// /codec/decode and /codec/encode with a JSON Payloads body) behind
// OpsManager's authentication and the temporal:decode permission, with
// CORS for the Temporal UI's origin only. Every call is audited.
func (s *Server) registerCodec(e *gin.Engine) {
	if s.deps.Codec == nil {
		return
	}
	g := e.Group(codecCookiePath, s.codecCORS)
	g.OPTIONS("/:op", func(c *gin.Context) { c.Status(http.StatusNoContent) })
	for _, op := range []string{"decode", "encode"} {
		action := "temporal." + op
		g.POST("/"+op, codecCookieAuth, s.authenticate, s.limitAPI, s.authorize(domain.PermTemporalDecode, action),
			s.unitOfWork(action), s.codec(op))
	}
}

// codecCORS lets the configured Temporal UI origin, and no other, call the
// codec with credentials.
func (s *Server) codecCORS(c *gin.Context) {
	origin := c.GetHeader("Origin")
	if origin == "" || !uiOrigin(s.deps.TemporalUIURL, origin) {
		c.Next()
		return
	}
	h := c.Writer.Header()
	h.Set("Access-Control-Allow-Origin", origin)
	h.Set("Access-Control-Allow-Credentials", "true")
	h.Set("Access-Control-Allow-Methods", "POST, OPTIONS")
	h.Set("Access-Control-Allow-Headers", "Authorization, Content-Type, X-Namespace")
	h.Set("Access-Control-Max-Age", "600")
	h.Add("Vary", "Origin")
	c.Next()
}

// uiOrigin reports whether origin is the Temporal UI's. A UI on loopback
// is reached as localhost or 127.0.0.1, whichever the engineer typed.
func uiOrigin(uiURL, origin string) bool {
	want := originOf(uiURL)
	if want == "" {
		return false
	}
	if origin == want {
		return true
	}
	for _, pair := range [][2]string{{"//localhost:", "//127.0.0.1:"}, {"//127.0.0.1:", "//localhost:"}} {
		if strings.Contains(want, pair[0]) && origin == strings.Replace(want, pair[0], pair[1], 1) {
			return true
		}
	}
	return false
}

// originOf returns scheme://host[:port] of a URL ("" if it has none).
func originOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return ""
	}
	return u.Scheme + "://" + u.Host
}

// codecCookieAuth turns the codec cookie into a Bearer token when the
// request carries no Authorization header of its own.
func codecCookieAuth(c *gin.Context) {
	if c.GetHeader("Authorization") != "" {
		return
	}
	if token, err := c.Cookie(codecCookie); err == nil && token != "" {
		c.Request.Header.Set("Authorization", "Bearer "+token)
	}
}

// codec decodes or encodes a Payloads body with the payload codec.
func (s *Server) codec(op string) gin.HandlerFunc {
	return func(c *gin.Context) {
		var in commonpb.Payloads
		if err := readPayloads(c, &in); err != nil {
			respondError(c, err)
			return
		}
		auditNote(c, "namespace", c.GetHeader("X-Namespace"))
		auditNote(c, "payloads", len(in.Payloads))
		var out []*commonpb.Payload
		var err error
		if op == "decode" {
			out, err = s.deps.Codec.Decode(in.Payloads)
		} else {
			out, err = s.deps.Codec.Encode(in.Payloads)
		}
		if err != nil {
			respondError(c, domain.Errorf(domain.EInvalid, "cannot %s the payloads: %v", op, err))
			return
		}
		b, err := protojson.Marshal(&commonpb.Payloads{Payloads: out})
		if err != nil {
			respondError(c, err)
			return
		}
		c.Header("Cache-Control", "no-store")
		c.Data(http.StatusOK, "application/json", b)
	}
}

func readPayloads(c *gin.Context, in *commonpb.Payloads) error {
	b, err := io.ReadAll(c.Request.Body)
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return domain.Errorf(domain.EInvalid, "the body is larger than %d bytes", tooLarge.Limit)
	}
	if err != nil {
		return domain.Errorf(domain.EInvalid, "cannot read the body: %v", err)
	}
	// The Temporal UI and CLI send this body: fields they may add are ignored.
	if err := (protojson.UnmarshalOptions{DiscardUnknown: true}).Unmarshal(b, in); err != nil {
		return domain.ValidationError([]domain.FieldError{{Field: "payloads",
			Message: "the body must be {\"payloads\":[...]} as the Temporal codec-server protocol sends it: " + strings.TrimSpace(err.Error())}})
	}
	if len(in.Payloads) > maxCodecPayloads {
		return domain.ValidationError([]domain.FieldError{{Field: "payloads", Message: "at most " + strconv.Itoa(maxCodecPayloads) + " payloads per request"}})
	}
	return nil
}

// setCodecCookie gives the browser the access token for /codec only.
func (s *Server) setCodecCookie(c *gin.Context, token string, expires time.Time) {
	maxAge := -1
	if token != "" {
		maxAge = max(1, int(expires.Sub(s.deps.Now()).Seconds()))
	}
	http.SetCookie(c.Writer, &http.Cookie{
		Name: codecCookie, Value: token, Path: codecCookiePath, MaxAge: maxAge,
		HttpOnly: true, Secure: s.id.SecureCookies, SameSite: http.SameSiteStrictMode,
	})
}
