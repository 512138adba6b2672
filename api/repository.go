package api

import "context"

// rowStore is the part every repository of named rows shares: create one
// from In, read, change with Up, delete. Each store interface embeds it
// and adds what is its own.
type rowStore[T, In, Up any] interface {
	Create(ctx context.Context, in In) (T, error)
	Get(ctx context.Context, id string) (T, error)
	Update(ctx context.Context, id string, up Up) (T, error)
	Delete(ctx context.Context, id string) error
}

// pagedList is a repository's filtered list: a page of rows and the total
// matching F.
type pagedList[T, F any] interface {
	List(ctx context.Context, f F) ([]T, int, error)
}
