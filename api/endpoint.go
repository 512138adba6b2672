package api

import (
	"errors"
	"io"
	"reflect"

	"github.com/gin-gonic/gin"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/temporal"

	"github.com/opsmanager/opsmanager/domain"
)

// none is the request of an endpoint that takes no body, and the answer of
// one that returns none (204).
type none struct{}

// endpoint adapts a typed handler: it binds the JSON body into a Req
// (none: no body; foreignBody: unknown fields ignored), calls fn, and
// writes the standard envelope {"data": resp} with status (204: no
// body), or the error in the standard format. An answer may write its own
// envelope (ownEnvelope) and choose its status (ownStatus).
func endpoint[Req, Resp any](status int, fn func(c *gin.Context, req Req) (Resp, error)) handler {
	serve := func(c *gin.Context) {
		var req Req
		if err := bindRequest(c, &req); err != nil {
			respondError(c, err)
			return
		}
		resp, err := fn(c, req)
		if err != nil {
			respondError(c, err)
			return
		}
		writeAnswer(c, status, resp)
	}
	return handler{serve: serve, types: declaredTypes(status, typeOf[Req](), typeOf[Resp]())}
}

func bindRequest(c *gin.Context, req any) error {
	switch r := req.(type) {
	case *none:
		return nil
	case textBody:
		b, err := io.ReadAll(c.Request.Body)
		if err != nil {
			return domain.Errorf(domain.ETooLarge, "the file is larger than this route takes")
		}
		r.setText(string(b))
		return nil
	case optionalBody:
		if c.Request.ContentLength == 0 {
			return nil
		}
	}
	if _, foreign := req.(foreignBody); foreign {
		return bindForeignJSON(c, req)
	}
	return bindJSON(c, req)
}

func writeAnswer(c *gin.Context, status int, resp any) {
	if s, ok := resp.(ownStatus); ok {
		status = s.httpStatus()
	}
	switch r := resp.(type) {
	case none:
		c.Status(status)
	case ownEnvelope:
		c.JSON(status, r.envelope())
	default:
		c.JSON(status, gin.H{"data": resp})
	}
}

// handler is a route's handler with, when endpoint made it, its status
// and types: the route table carries its contract.
type handler struct {
	serve gin.HandlerFunc
	types *handlerTypes // nil: raw
}

// raw is a handler outside the JSON envelope (the live stream, the
// document itself), documented by its summary only.
func raw(h gin.HandlerFunc) handler { return handler{serve: h} }

// handlerTypes are what the document says of an endpoint.
type handlerTypes struct {
	statuses     []int        // the first is the usual one
	req, resp    reflect.Type // nil: no body, no data (204)
	more         map[string]reflect.Type
	optionalBody bool
	mediaTypes   []string // a textBody's; nil: application/json
}

func declaredTypes(status int, req, resp reflect.Type) *handlerTypes {
	t := &handlerTypes{statuses: []int{status}, req: req, resp: resp}
	if req == typeOf[none]() {
		t.req = nil
	}
	t.optionalBody = reflect.PointerTo(req).Implements(typeOf[optionalBody]())
	if tb, ok := reflect.New(req).Interface().(textBody); ok {
		t.mediaTypes = tb.mediaTypes()
	}
	zero := reflect.Zero(resp).Interface()
	if s, ok := zero.(ownStatus); ok {
		t.statuses = s.httpStatuses()
	}
	if e, ok := zero.(ownEnvelope); ok {
		t.resp, t.more = e.members()
	}
	if resp == typeOf[none]() {
		t.resp = nil
	}
	return t
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
