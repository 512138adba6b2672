package assets

import "context"

type actorKey struct{}

// WithActor returns ctx naming who acts, for the history of the assets a
// request or a run changes.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns who acts in ctx; the system when nobody was named.
func ActorFrom(ctx context.Context) Actor {
	if a, ok := ctx.Value(actorKey{}).(Actor); ok {
		return a
	}
	return Actor{Type: "system", Name: "OpsManager"}
}
