package api

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/opsmanager/opsmanager/domain"
)

// ServerStore keeps servers and their pinned host keys (store.Servers).
type ServerStore interface {
	Create(ctx context.Context, s domain.Server) (domain.Server, error)
	Get(ctx context.Context, id string) (domain.Server, error)
	pagedList[domain.Server, domain.ServerFilter]
	Update(ctx context.Context, s domain.Server, setHostKey bool) (domain.Server, error)
	Delete(ctx context.Context, id string) error
	ResetHostKey(ctx context.Context, id string) (string, error)
}

// ServerTester connects to a server and runs a harmless command
// (activities.ServerTester). Connection failures are in the result; only
// an unknown server is an error.
type ServerTester interface {
	TestServer(ctx context.Context, serverID string) (domain.ServerTestResult, error)
	// TrustHostKey pins the key the server presents now if its fingerprint
	// is the one given; EConflict otherwise or when a key is pinned.
	TrustHostKey(ctx context.Context, serverID, fingerprint string) (domain.Server, error)
}

func (s *Server) serverRoutes() []Route {
	r, w := domain.PermServersRead, domain.PermServersWrite
	return []Route{
		{"GET", "/servers", r, "server.list", endpoint(http.StatusOK, s.listServers)},
		{"POST", "/servers", w, "server.create", endpoint(http.StatusCreated, s.createServer)},
		{"GET", "/servers/:id", r, "server.get", endpoint(http.StatusOK, s.getServer)},
		{"PATCH", "/servers/:id", w, "server.update", endpoint(http.StatusOK, s.updateServer)},
		{"DELETE", "/servers/:id", w, "server.delete", endpoint(http.StatusNoContent, s.deleteServer)},
		{"POST", "/servers/:id/test", w, "server.test", endpoint(http.StatusOK, s.testServer)},
		{"POST", "/servers/:id/host-key", w, "server.host_key_trust", endpoint(http.StatusOK, s.trustHostKey)},
		{"POST", "/servers/:id/host-key/reset", domain.PermServersHostKeyReset, "server.host_key_reset", endpoint(http.StatusOK, s.resetHostKey)},
	}
}

type createServerRequest struct {
	Name         string   `json:"name"`
	Host         string   `json:"host"`
	Port         *int     `json:"port"` // default 22
	Username     string   `json:"username"`
	CredentialID string   `json:"credentialId"`
	Tags         []string `json:"tags"`
	// HostKey pins the server's public host key up front (authorized_keys
	// format); without it nothing logs in until a user trusts the
	// fingerprint a connection test shows (POST /servers/:id/host-key).
	HostKey string `json:"hostKey"`
}

func (s *Server) createServer(c *gin.Context, req createServerRequest) (domain.Server, error) {
	sv := domain.Server{Name: req.Name, Host: req.Host, Port: 22, Username: req.Username,
		CredentialID: req.CredentialID, Tags: req.Tags, HostKey: req.HostKey}
	if req.Port != nil {
		sv.Port = *req.Port
	}
	sv.Normalize()
	if err := s.validServer(c.Request.Context(), sv); err != nil {
		return sv, err
	}
	sv, err := s.deps.Servers.Create(c.Request.Context(), sv)
	setAuditTarget(c, "server", sv.ID)
	auditNote(c, "name", sv.Name)
	auditNote(c, "address", sv.Address())
	return sv, err
}

type updateServerRequest struct {
	Name         *string   `json:"name"`
	Host         *string   `json:"host"`
	Port         *int      `json:"port"`
	Username     *string   `json:"username"`
	CredentialID *string   `json:"credentialId"`
	Tags         *[]string `json:"tags"`
	// HostKey pins a server that has no pin yet; replacing or clearing an
	// existing pin needs servers:host-key-reset.
	HostKey *string `json:"hostKey"`
}

func (s *Server) updateServer(c *gin.Context, req updateServerRequest) (domain.Server, error) {
	setAuditTarget(c, "server", c.Param("id"))
	sv, err := s.deps.Servers.Get(c.Request.Context(), c.Param("id"))
	if err != nil {
		return sv, err
	}
	if req.HostKey != nil && sv.HostKey != "" && !s.mayResetHostKey(c) {
		return sv, domain.Errorf(domain.EForbidden,
			"server %s has a pinned host key; replacing or clearing it needs the %s permission", sv.Name, domain.PermServersHostKeyReset)
	}
	if req.HostKey != nil {
		auditNote(c, "previousFingerprint", sv.HostKeyFingerprint)
	}
	req.apply(&sv)
	sv.Normalize()
	if err := s.validServer(c.Request.Context(), sv); err != nil {
		return sv, err
	}
	if req.HostKey != nil {
		auditNote(c, "hostKeyFingerprint", sv.HostKeyFingerprint)
	}
	return s.deps.Servers.Update(c.Request.Context(), sv, req.HostKey != nil)
}

func (req updateServerRequest) apply(sv *domain.Server) {
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	set(&sv.Name, req.Name)
	set(&sv.Host, req.Host)
	set(&sv.Username, req.Username)
	set(&sv.CredentialID, req.CredentialID)
	if req.Port != nil {
		sv.Port = *req.Port
	}
	if req.Tags != nil {
		sv.Tags = *req.Tags
	}
	if req.HostKey != nil {
		sv.HostKey, sv.HostKeyFingerprint = *req.HostKey, ""
	}
}

// validServer checks the fields, then that the credential exists and can
// log in over SSH.
func (s *Server) validServer(ctx context.Context, sv domain.Server) error {
	var bad []domain.FieldError
	var de *domain.Error
	if err := sv.Validate(); errors.As(err, &de) {
		bad = append(bad, de.Fields...)
	}
	credentialOK := true
	for _, f := range bad {
		credentialOK = credentialOK && f.Field != "credentialId"
	}
	if credentialOK {
		cred, err := s.deps.Credentials.Get(ctx, sv.CredentialID)
		switch {
		case domain.ErrorCode(err) == domain.ENotFound:
			bad = append(bad, domain.FieldError{Field: "credentialId", Message: "is not an existing credential"})
		case err != nil:
			return err
		case !cred.Kind.CanLogIn():
			bad = append(bad, domain.FieldError{Field: "credentialId",
				Message: "is a " + string(cred.Kind) + " credential; servers need an ssh-private-key or password"})
		}
	}
	return domain.ValidationError(bad)
}

func (s *Server) listServers(c *gin.Context, _ none) (paged[domain.Server, Pagination], error) {
	var bad []domain.FieldError
	f := domain.ServerFilter{Query: strings.TrimSpace(c.Query("q"))}
	f.Page, f.Limit = pageQuery(c, &bad)
	f.Tags = domain.NormalizeTags(splitAll(c.QueryArray("tag")))
	if err := domain.ValidationError(bad); err != nil {
		return paged[domain.Server, Pagination]{}, err
	}
	list, total, err := s.deps.Servers.List(c.Request.Context(), f)
	return pageOf(list, newPagination(f.Page, f.Limit, total)), err
}

func (s *Server) getServer(c *gin.Context, _ none) (domain.Server, error) {
	return s.deps.Servers.Get(c.Request.Context(), c.Param("id"))
}

func (s *Server) deleteServer(c *gin.Context, _ none) (none, error) {
	setAuditTarget(c, "server", c.Param("id"))
	return none{}, s.deps.Servers.Delete(c.Request.Context(), c.Param("id"))
}

// testServer connects and runs `uname -a`. A failed connection is a 200
// with ok false and the reason; a server without a pinned key is not
// logged in to, and the result names the fingerprint to trust.
func (s *Server) testServer(c *gin.Context, _ none) (domain.ServerTestResult, error) {
	setAuditTarget(c, "server", c.Param("id"))
	if s.deps.ServerTester == nil {
		return domain.ServerTestResult{}, domain.Errorf(domain.EUnavailable, "connection tests are not available in this process")
	}
	res, err := s.deps.ServerTester.TestServer(c.Request.Context(), c.Param("id"))
	if err == nil {
		auditNote(c, "ok", res.OK)
		auditNote(c, "hostKeyFingerprint", res.HostKeyFingerprint)
		auditNote(c, "trusted", res.Trusted)
		if res.ErrorType != "" {
			auditNote(c, "errorType", res.ErrorType)
		}
	}
	return res, err
}

type trustHostKeyRequest struct {
	// Fingerprint is the SHA256 fingerprint the user checked on the host,
	// as a connection test showed it ("SHA256:...").
	Fingerprint string `json:"fingerprint"`
}

// trustHostKey pins the key a server presents, if it is the one the user
// confirmed: the only way a server without a pin gets one from a
// connection.
func (s *Server) trustHostKey(c *gin.Context, req trustHostKeyRequest) (domain.Server, error) {
	setAuditTarget(c, "server", c.Param("id"))
	req.Fingerprint = strings.TrimSpace(req.Fingerprint)
	if !strings.HasPrefix(req.Fingerprint, "SHA256:") || len(req.Fingerprint) > 100 {
		return domain.Server{}, domain.ValidationError([]domain.FieldError{{Field: "fingerprint",
			Message: "must be the SHA256 fingerprint a connection test showed (SHA256:...)"}})
	}
	auditNote(c, "hostKeyFingerprint", req.Fingerprint)
	if s.deps.ServerTester == nil {
		return domain.Server{}, domain.Errorf(domain.EUnavailable, "connection tests are not available in this process")
	}
	return s.deps.ServerTester.TrustHostKey(c.Request.Context(), c.Param("id"), req.Fingerprint)
}

// mayResetHostKey reports whether the caller holds servers:host-key-reset.
func (s *Server) mayResetHostKey(c *gin.Context) bool {
	p := principal(c)
	return p != nil && p.Can(domain.PermServersHostKeyReset)
}

// resetHostKey forgets the pinned host key, for a legitimately rebuilt
// host: a user then trusts the new key's fingerprint.
func (s *Server) resetHostKey(c *gin.Context, _ none) (domain.Server, error) {
	id := c.Param("id")
	setAuditTarget(c, "server", id)
	previous, err := s.deps.Servers.ResetHostKey(c.Request.Context(), id)
	if err != nil {
		return domain.Server{}, err
	}
	auditNote(c, "previousFingerprint", previous)
	return s.deps.Servers.Get(c.Request.Context(), id)
}
