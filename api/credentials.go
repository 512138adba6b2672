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
	rowStore[domain.Credential, store.CredentialInput, store.CredentialUpdate]
	List(ctx context.Context) ([]domain.Credential, error)
}

// credentialRoutes all need credentials:write: even their metadata is only
// for those who manage them. Secrets are write-only: no route returns one.
func (s *Server) credentialRoutes() []Route {
	w := domain.PermCredentialsWrite
	return []Route{
		{"GET", "/credentials", w, "credential.list", endpoint(http.StatusOK, s.listCredentials)},
		{"POST", "/credentials", w, "credential.create", endpoint(http.StatusCreated, s.createCredential)},
		{"GET", "/credentials/:id", w, "credential.get", endpoint(http.StatusOK, s.getCredential)},
		{"PATCH", "/credentials/:id", w, "credential.update", endpoint(http.StatusOK, s.updateCredential)},
		{"DELETE", "/credentials/:id", w, "credential.delete", endpoint(http.StatusNoContent, s.deleteCredential)},
	}
}

type createCredentialRequest struct {
	Name   string `json:"name"`
	Kind   string `json:"kind"`
	Secret string `json:"secret"`
}

func (s *Server) createCredential(c *gin.Context, req createCredentialRequest) (domain.Credential, error) {
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
		return domain.Credential{}, err
	}
	cred, err := s.deps.Credentials.Create(c.Request.Context(), store.CredentialInput{
		Name: name, Kind: kind, Secret: []byte(req.Secret), PublicKey: publicKey})
	setAuditTarget(c, "credential", cred.ID)
	auditNote(c, "name", name)
	auditNote(c, "kind", kind)
	return cred, err
}

type updateCredentialRequest struct {
	Name   *string `json:"name"`
	Secret *string `json:"secret"`
}

func (s *Server) updateCredential(c *gin.Context, req updateCredentialRequest) (domain.Credential, error) {
	id := c.Param("id")
	setAuditTarget(c, "credential", id)
	current, err := s.deps.Credentials.Get(c.Request.Context(), id)
	if err != nil {
		return current, err
	}
	up, err := credentialUpdate(current.Kind, req)
	if err != nil {
		return current, err
	}
	if up.Name != nil {
		auditNote(c, "name", *up.Name)
	}
	auditNote(c, "secretReplaced", up.Secret != nil)
	return s.deps.Credentials.Update(c.Request.Context(), id, up)
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

func (s *Server) listCredentials(c *gin.Context, _ none) ([]domain.Credential, error) {
	list, err := s.deps.Credentials.List(c.Request.Context())
	return nonNil(list), err
}

func (s *Server) getCredential(c *gin.Context, _ none) (domain.Credential, error) {
	return s.deps.Credentials.Get(c.Request.Context(), c.Param("id"))
}

func (s *Server) deleteCredential(c *gin.Context, _ none) (none, error) {
	setAuditTarget(c, "credential", c.Param("id"))
	return none{}, s.deps.Credentials.Delete(c.Request.Context(), c.Param("id"))
}
