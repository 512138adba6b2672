package api

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/store"
)

// CredentialStore keeps server credentials sealed (store.CredentialVault).
// Nothing it returns holds a secret.
type CredentialStore interface {
	Create(ctx context.Context, in store.CredentialInput) (domain.Credential, error)
	Get(ctx context.Context, id string) (domain.Credential, error)
	List(ctx context.Context) ([]domain.Credential, error)
	Update(ctx context.Context, id string, up store.CredentialUpdate) (domain.Credential, error)
	Delete(ctx context.Context, id string) error
}

// credentialRoutes all need credentials:write: even their metadata is only
// for those who manage them. Secrets are write-only: no route returns one.
func (s *Server) credentialRoutes() []Route {
	w := domain.PermCredentialsWrite
	return []Route{
		{"GET", "/credentials", w, "credential.list", s.listCredentials},
		{"POST", "/credentials", w, "credential.create", s.createCredential},
		{"GET", "/credentials/:id", w, "credential.get", s.getCredential},
		{"PATCH", "/credentials/:id", w, "credential.update", s.updateCredential},
		{"DELETE", "/credentials/:id", w, "credential.delete", s.deleteCredential},
	}
}

type createCredentialRequest struct {
	Name   string `json:"name"`
	Kind   string `json:"kind"`
	Secret string `json:"secret"`
}

func (s *Server) createCredential(c *gin.Context) {
	var req createCredentialRequest
	if err := bindJSON(c, &req); err != nil {
		respondError(c, err)
		return
	}
	var bad []domain.FieldError
	name, problem := domain.ValidateCredentialName(req.Name)
	if problem != nil {
		bad = append(bad, *problem)
	}
	kind := domain.CredentialKind(req.Kind)
	publicKey, problem := domain.ValidateSecret(kind, req.Secret)
	if problem != nil {
		bad = append(bad, *problem)
	}
	if err := domain.ValidationError(bad); err != nil {
		respondError(c, err)
		return
	}
	cred, err := s.deps.Credentials.Create(c.Request.Context(), store.CredentialInput{
		Name: name, Kind: kind, Secret: []byte(req.Secret), PublicKey: publicKey})
	setAuditTarget(c, "credential", cred.ID)
	auditNote(c, "name", name)
	auditNote(c, "kind", kind)
	respond(c, http.StatusCreated, cred, err)
}

type updateCredentialRequest struct {
	Name   *string `json:"name"`
	Secret *string `json:"secret"`
}

func (s *Server) updateCredential(c *gin.Context) {
	var req updateCredentialRequest
	if err := bindJSON(c, &req); err != nil {
		respondError(c, err)
		return
	}
	id := c.Param("id")
	setAuditTarget(c, "credential", id)
	current, err := s.deps.Credentials.Get(c.Request.Context(), id)
	if err != nil {
		respondError(c, err)
		return
	}
	up, err := credentialUpdate(current.Kind, req)
	if err != nil {
		respondError(c, err)
		return
	}
	if up.Name != nil {
		auditNote(c, "name", *up.Name)
	}
	auditNote(c, "secretReplaced", up.Secret != nil)
	cred, err := s.deps.Credentials.Update(c.Request.Context(), id, up)
	respond(c, http.StatusOK, cred, err)
}

// credentialUpdate validates a PATCH: a new name, and a new secret checked
// against the credential's kind (which never changes).
func credentialUpdate(kind domain.CredentialKind, req updateCredentialRequest) (store.CredentialUpdate, error) {
	var up store.CredentialUpdate
	if req.Name == nil && req.Secret == nil {
		return up, domain.ValidationError([]domain.FieldError{{Field: "body", Message: "give a new name or secret"}})
	}
	var bad []domain.FieldError
	if req.Name != nil {
		name, problem := domain.ValidateCredentialName(*req.Name)
		if problem != nil {
			bad = append(bad, *problem)
		}
		up.Name = &name
	}
	if req.Secret != nil {
		publicKey, problem := domain.ValidateSecret(kind, *req.Secret)
		if problem != nil {
			bad = append(bad, *problem)
		}
		up.Secret, up.PublicKey = []byte(*req.Secret), publicKey
	}
	return up, domain.ValidationError(bad)
}

func (s *Server) listCredentials(c *gin.Context) {
	list, err := s.deps.Credentials.List(c.Request.Context())
	respond(c, http.StatusOK, nonNil(list), err)
}

func (s *Server) getCredential(c *gin.Context) {
	cred, err := s.deps.Credentials.Get(c.Request.Context(), c.Param("id"))
	respond(c, http.StatusOK, cred, err)
}

func (s *Server) deleteCredential(c *gin.Context) {
	setAuditTarget(c, "credential", c.Param("id"))
	respond(c, http.StatusNoContent, nil, s.deps.Credentials.Delete(c.Request.Context(), c.Param("id")))
}
