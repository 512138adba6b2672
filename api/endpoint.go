package api

import (
	"errors"
	"net/http"
	"reflect"
	"sync"

	"github.com/gin-gonic/gin"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/temporal"

	"github.com/opsmanager/opsmanager/domain"
)

// none is the request of an endpoint that takes no body, and the answer of
// one that returns none (204).
type none struct{}

// endpoint adapts a typed handler: it binds the JSON body strictly into a
// Req (none: no body), calls fn, and writes the standard envelope
// {"data": resp} with status (204: no body), or the error in the
// standard format.
func endpoint[Req, Resp any](status int, fn func(c *gin.Context, req Req) (Resp, error)) gin.HandlerFunc {
	h := gin.HandlerFunc(func(c *gin.Context) {
		var req Req
		if _, noBody := any(req).(none); !noBody {
			if err := bindJSON(c, &req); err != nil {
				respondError(c, err)
				return
			}
		}
		resp, err := fn(c, req)
		if err != nil {
			respondError(c, err)
			return
		}
		if status == http.StatusNoContent {
			c.Status(status)
			return
		}
		c.JSON(status, gin.H{"data": resp})
	})
	declareTypes(h, typeOf[Req](), typeOf[Resp]())
	return h
}

// endpointTypes are the request and response types of handlers made by
// endpoint, by code address (all handlers of one instantiation share both;
// the status, which they do not share, stays in the contract).
var endpointTypes sync.Map // uintptr → handlerTypes

type handlerTypes struct {
	req, resp reflect.Type
}

func declareTypes(h gin.HandlerFunc, req, resp reflect.Type) {
	if req == typeOf[none]() {
		req = nil
	}
	if resp == typeOf[none]() {
		resp = nil
	}
	endpointTypes.Store(reflect.ValueOf(h).Pointer(), handlerTypes{req: req, resp: resp})
}

// typesOf returns the types endpoint declared for h, if it made h.
func typesOf(h gin.HandlerFunc) (handlerTypes, bool) {
	if h == nil {
		return handlerTypes{}, false
	}
	v, ok := endpointTypes.Load(reflect.ValueOf(h).Pointer())
	if !ok {
		return handlerTypes{}, false
	}
	return v.(handlerTypes), true
}

// workflowError maps what Temporal answered about a workflow to a domain
// error, the one place that does: an application error whose type is in
// codes gets that code, any other the workflow's refusal as a conflict; a
// workflow that no longer runs is a conflict saying gone; anything else
// means Temporal did not answer.
func workflowError(err error, gone string, codes map[string]string) error {
	var app *temporal.ApplicationError
	var notFound *serviceerror.NotFound
	switch {
	case err == nil:
		return nil
	case errors.As(err, &app):
		code, ok := codes[app.Type()]
		if !ok {
			code = domain.EConflict
		}
		return domain.Errorf(code, "%s", app.Message())
	case errors.As(err, &notFound):
		return domain.Errorf(domain.EConflict, "%s", gone)
	}
	return &domain.Error{Code: domain.EUnavailable, Message: "the workflow engine did not answer; try again shortly"}
}
