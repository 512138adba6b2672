package activities

import (
	"context"
	"sort"
	"strings"

	"github.com/google/uuid"
	"go.temporal.io/sdk/temporal"

	"github.com/opsmanager/opsmanager/contract"
	"github.com/opsmanager/opsmanager/domain"
)

// ServerDirectory finds servers for playbooks.
type ServerDirectory interface {
	Get(ctx context.Context, id string) (domain.Server, error)
	List(ctx context.Context, f domain.ServerFilter) ([]domain.Server, int, error)
}

// AssetFinder selects servers by the inventory (store.Assets).
type AssetFinder interface {
	ServersHosting(ctx context.Context, name string) ([]string, error)
	ServersWhere(ctx context.Context, path, value string) ([]string, error)
}

// Targets resolves a playbook's server parameters to servers.
type Targets struct {
	Servers ServerDirectory
	// Assets answers asset queries (hosting, where); nil: they match nothing.
	Assets AssetFinder
}

// ResolveServers returns the servers named or tagged, sorted by name and
// without duplicates. An unknown name or an empty selection is a
// non-retryable error naming the problem.
func (t *Targets) ResolveServers(ctx context.Context, in contract.ResolveServersInput) ([]contract.ServerRef, error) {
	found := map[string]contract.ServerRef{}
	for _, ref := range in.Refs {
		s, err := t.lookup(ctx, strings.TrimSpace(ref))
		if err != nil {
			return nil, err
		}
		found[s.ID] = contract.ServerRef{ID: s.ID, Name: s.Name, Host: s.Host}
	}
	if in.Tag != "" {
		list, _, err := t.Servers.List(ctx, domain.ServerFilter{Tags: []string{strings.ToLower(in.Tag)}, Page: 1, Limit: 1000})
		if err != nil {
			return nil, err
		}
		for _, s := range list {
			found[s.ID] = contract.ServerRef{ID: s.ID, Name: s.Name, Host: s.Host}
		}
	}
	if err := t.byAssets(ctx, in, found); err != nil {
		return nil, err
	}
	if len(found) == 0 {
		return nil, temporal.NewNonRetryableApplicationError("no server matches the selection", contract.ErrNoServers, nil)
	}
	out := make([]contract.ServerRef, 0, len(found))
	for _, s := range found {
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

func (t *Targets) lookup(ctx context.Context, ref string) (domain.Server, error) {
	if _, err := uuid.Parse(ref); err == nil {
		s, err := t.Servers.Get(ctx, ref)
		return s, permanentIfDomain(err)
	}
	list, _, err := t.Servers.List(ctx, domain.ServerFilter{Query: ref, Page: 1, Limit: 100})
	if err != nil {
		return domain.Server{}, err
	}
	for _, s := range list {
		if strings.EqualFold(s.Name, ref) {
			return s, nil
		}
	}
	return domain.Server{}, temporal.NewNonRetryableApplicationError("no server named "+ref, contract.ErrUnknownServer, nil)
}

// byAssets adds the servers an asset query selects: those hosting an
// asset, those with an attribute. Inventory-only servers (no SSH access
// configured) are skipped.
func (t *Targets) byAssets(ctx context.Context, in contract.ResolveServersInput, found map[string]contract.ServerRef) error {
	if (in.Hosting == "" && in.Where == "") || t.Assets == nil {
		return nil
	}
	var ids []string
	if in.Hosting != "" {
		hosting, err := t.Assets.ServersHosting(ctx, in.Hosting)
		if err != nil {
			return err
		}
		ids = append(ids, hosting...)
	}
	if path, value, ok := strings.Cut(in.Where, "="); ok {
		where, err := t.Assets.ServersWhere(ctx, strings.TrimSpace(path), strings.TrimSpace(value))
		if err != nil {
			return err
		}
		ids = append(ids, where...)
	}
	for _, id := range ids {
		s, err := t.Servers.Get(ctx, id)
		if domain.ErrorCode(err) == domain.ENotFound {
			continue
		}
		if err != nil {
			return err
		}
		found[s.ID] = contract.ServerRef{ID: s.ID, Name: s.Name, Host: s.Host}
	}
	return nil
}
