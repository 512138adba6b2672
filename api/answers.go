package api

import (
	"reflect"

	"github.com/gin-gonic/gin"
)

func typeOf[T any]() reflect.Type { return reflect.TypeFor[T]() }

// Request and answer shapes beyond the plain {"data": …} envelope that
// endpoint knows, and the document describes.

// optionalBody marks a request whose body may be left out (empty).
type optionalBody interface{ optionalBody() }

// textBody marks a request whose body is a file, read whole as text in
// one of the media types it names (the document lists them).
type textBody interface {
	setText(string)
	mediaTypes() []string
}

// foreignBody marks a payload another system sends (Alertmanager, generic
// alerts): fields we do not know are ignored, not refused.
type foreignBody interface{ foreignBody() }

// ownEnvelope is an answer with more than data in its envelope.
type ownEnvelope interface {
	envelope() gin.H
	// members are the type of data and of each other member, for the document.
	members() (data reflect.Type, more map[string]reflect.Type)
}

// ownStatus is an answer whose status tells what happened (201 created,
// 202 attached...).
type ownStatus interface {
	httpStatus() int
	// httpStatuses lists every status it may have, the usual one first.
	httpStatuses() []int
}

// paged is a list answer with its pagination metadata (P: Pagination,
// CursorPagination or LogCursor): {"data": items, "pagination": page}.
type paged[Item, P any] struct {
	items []Item
	page  P
}

func pageOf[Item, P any](items []Item, page P) paged[Item, P] {
	return paged[Item, P]{items: nonNil(items), page: page}
}

func (p paged[Item, P]) envelope() gin.H {
	return gin.H{"data": p.items, "pagination": p.page}
}

func (paged[Item, P]) members() (reflect.Type, map[string]reflect.Type) {
	return typeOf[[]Item](), map[string]reflect.Type{"pagination": typeOf[P]()}
}
