package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// querier is what store methods run SQL on: the pool, or the unit of work
// in their context.
type querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults
	CopyFrom(ctx context.Context, table pgx.Identifier, columns []string, rows pgx.CopyFromSource) (int64, error)
	Begin(ctx context.Context) (pgx.Tx, error)
}

type txKey struct{}

// WithTx returns ctx carrying tx: every store method called with it runs in
// tx (a method's own transaction becomes a savepoint of it), so that one
// request's change, its audit entry and its outbox row commit together.
func WithTx(ctx context.Context, tx pgx.Tx) context.Context {
	return context.WithValue(ctx, txKey{}, tx)
}

// Detached returns ctx without its unit of work, for writes that must be
// visible to other connections at once (a run or incident row that a
// workflow started next will read).
func Detached(ctx context.Context) context.Context { return context.WithValue(ctx, txKey{}, nil) }

// TxFrom returns the unit of work in ctx, if any.
func TxFrom(ctx context.Context) (pgx.Tx, bool) {
	tx, ok := ctx.Value(txKey{}).(pgx.Tx)
	return tx, ok && tx != nil
}

// db is the unit of work in ctx, else pool.
func db(ctx context.Context, pool *pgxpool.Pool) querier {
	if tx, ok := TxFrom(ctx); ok {
		return tx
	}
	return pool
}

// InTx runs fn in one transaction on pool (or, if ctx already has one, in
// a savepoint of it), committing when fn returns nil.
func InTx(ctx context.Context, pool *pgxpool.Pool, fn func(ctx context.Context) error) error {
	tx, err := db(ctx, pool).Begin(ctx)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if err := fn(WithTx(ctx, tx)); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// execMayFail runs a statement whose failure the caller handles and then
// goes on querying: inside a unit of work it runs in a savepoint, since a
// failed statement would otherwise abort the whole transaction.
func execMayFail(ctx context.Context, pool *pgxpool.Pool, sql string, args ...any) (pgconn.CommandTag, error) {
	if _, ok := TxFrom(ctx); !ok {
		return pool.Exec(ctx, sql, args...)
	}
	var tag pgconn.CommandTag
	err := InTx(ctx, pool, func(ctx context.Context) error {
		var err error
		tag, err = db(ctx, pool).Exec(ctx, sql, args...)
		return err
	})
	return tag, err
}
