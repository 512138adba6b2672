package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/go-playground/validator/v10"

	"github.com/opsmanager/opsmanager/auth"
	"github.com/opsmanager/opsmanager/domain"
)

// ErrorBody is the standard error response: {error, message, statusCode}.
// Details name each invalid field when there are any.
type ErrorBody struct {
	Error      string              `json:"error"`
	Message    string              `json:"message"`
	StatusCode int                 `json:"statusCode"`
	Details    []domain.FieldError `json:"details,omitempty"`
}

// errorStatus maps each domain error code to one HTTP status and error
// name: the one place that does (Temporal's errors become domain errors in
// workflowError first).
var errorStatus = map[string]struct {
	status int
	name   string
}{
	domain.EInvalid:      {http.StatusBadRequest, "validation_failed"},
	domain.ENotFound:     {http.StatusNotFound, "not_found"},
	domain.EConflict:     {http.StatusConflict, "conflict"},
	domain.ETooLarge:     {http.StatusRequestEntityTooLarge, "payload_too_large"},
	domain.EMediaType:    {http.StatusUnsupportedMediaType, "unsupported_media_type"},
	domain.EUnauthorized: {http.StatusUnauthorized, "unauthorized"},
	domain.EForbidden:    {http.StatusForbidden, "forbidden"},
	domain.ERateLimited:  {http.StatusTooManyRequests, "rate_limited"},
	domain.EUnavailable:  {http.StatusServiceUnavailable, "service_unavailable"},
}

// statusOf is errorStatus of code; any other code is an internal error.
func statusOf(code string) (int, string) {
	if e, ok := errorStatus[code]; ok {
		return e.status, e.name
	}
	return http.StatusInternalServerError, "internal_error"
}

var errHashingBusy = &domain.Error{Code: domain.EUnavailable, Name: "busy",
	Message: "too many sign-ins are being checked right now; try again in a second"}

// respondError writes err in the standard format. Internal errors are logged
// with the request ID and shown to the client only as "internal error".
func respondError(c *gin.Context, err error) {
	if errors.Is(err, auth.ErrBusy) {
		// No password-hashing slot freed in time: a flood, not a fault.
		c.Header("Retry-After", "1")
		err = errHashingBusy
	}
	status, name := statusOf(domain.ErrorCode(err))
	body := ErrorBody{Error: name, Message: domain.ErrorMessage(err), StatusCode: status}
	var de *domain.Error
	if errors.As(err, &de) {
		body.Details = de.Fields
		if de.Name != "" {
			body.Error = de.Name
		}
	}
	if status >= 500 {
		logger(c).Error("request failed", "err", err, "status", status)
	}
	c.AbortWithStatusJSON(status, body)
}

// abortWith writes an error with an explicit status and name.
func abortWith(c *gin.Context, status int, name, message string) {
	c.AbortWithStatusJSON(status, ErrorBody{Error: name, Message: message, StatusCode: status})
}

// bindJSON decodes one of our own request bodies into dst (unknown fields
// rejected, numbers kept exact) and validates its binding tags. Every
// failure becomes a domain error with a 4xx status.
func bindJSON(c *gin.Context, dst any) error { return decodeBody(c, dst, true) }

// bindForeignJSON decodes a payload another system sends (Alertmanager,
// generic alerts): it ignores fields we do not know, because those systems
// add fields in new releases, and validates what we do read as bindJSON does.
func bindForeignJSON(c *gin.Context, dst any) error { return decodeBody(c, dst, false) }

func decodeBody(c *gin.Context, dst any, strict bool) error {
	ct := c.ContentType()
	if ct != "" && ct != gin.MIMEJSON && !strings.HasSuffix(ct, "+json") {
		return domain.Errorf(domain.EMediaType, "Content-Type must be application/json, got %s", ct)
	}
	dec := json.NewDecoder(c.Request.Body)
	if strict {
		dec.DisallowUnknownFields()
	}
	dec.UseNumber()
	if err := dec.Decode(dst); err != nil {
		return decodeError(err)
	}
	if dec.More() {
		return domain.Errorf(domain.EInvalid, "request body must hold a single JSON object")
	}
	if err := validate.Struct(dst); err != nil {
		return validationError(err)
	}
	return nil
}

var validate = validator.New(validator.WithRequiredStructEnabled())

func init() {
	validate.RegisterTagNameFunc(jsonName)
}

func decodeError(err error) error {
	var maxErr *http.MaxBytesError
	var syntaxErr *json.SyntaxError
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.As(err, &maxErr):
		return domain.Errorf(domain.ETooLarge, "request body is larger than %d bytes", maxErr.Limit)
	case errors.Is(err, io.EOF):
		return domain.Errorf(domain.EInvalid, "request body is required")
	case errors.As(err, &syntaxErr):
		return domain.Errorf(domain.EInvalid, "malformed JSON at byte %d: %s", syntaxErr.Offset, syntaxErr.Error())
	case errors.Is(err, io.ErrUnexpectedEOF):
		return domain.Errorf(domain.EInvalid, "malformed JSON: unexpected end of body")
	case errors.As(err, &typeErr):
		field := typeErr.Field
		if field == "" {
			field = "body"
		}
		return &domain.Error{Code: domain.EInvalid,
			Message: fmt.Sprintf("invalid input: %s must be %s, not %s", field, jsonType(typeErr.Type.Kind().String()), typeErr.Value),
			Fields:  []domain.FieldError{{Field: field, Message: "must be " + jsonType(typeErr.Type.Kind().String())}}}
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return domain.ValidationError([]domain.FieldError{{Field: field, Message: "is not a known field"}})
	}
	return domain.Errorf(domain.EInvalid, "invalid JSON body: %s", err.Error())
}

func jsonType(kind string) string {
	switch kind {
	case "map", "struct":
		return "an object"
	case "slice", "array":
		return "an array"
	case "string":
		return "a string"
	case "bool":
		return "true or false"
	}
	return "a number"
}

func validationError(err error) error {
	var verrs validator.ValidationErrors
	if !errors.As(err, &verrs) {
		return domain.Errorf(domain.EInvalid, "invalid input: %s", err.Error())
	}
	fields := make([]domain.FieldError, 0, len(verrs))
	for _, fe := range verrs {
		fields = append(fields, domain.FieldError{Field: fieldPath(fe.Namespace()), Message: ruleMessage(fe)})
	}
	return domain.ValidationError(fields)
}

// fieldPath drops the struct name from a validator namespace ("startRunRequest.params").
func fieldPath(ns string) string {
	if i := strings.Index(ns, "."); i >= 0 {
		return ns[i+1:]
	}
	return ns
}

func ruleMessage(fe validator.FieldError) string {
	switch fe.Tag() {
	case "required":
		return "is required"
	case "max":
		return "must be at most " + fe.Param()
	case "min":
		return "must be at least " + fe.Param()
	case "oneof":
		return "must be one of " + fe.Param()
	case "required_without":
		// Param is the other Go field's name; JSON names here are camelCase.
		other := fe.Param()
		return "is required when " + strings.ToLower(other[:1]) + other[1:] + " is empty"
	}
	return "is invalid (" + fe.Tag() + ")"
}

func logger(c *gin.Context) *slog.Logger {
	if l, ok := c.Get(loggerKey); ok {
		return l.(*slog.Logger)
	}
	return slog.Default()
}
