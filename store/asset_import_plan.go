package store

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/opsmanager/opsmanager/assets"
	"github.com/opsmanager/opsmanager/domain"
)

// Planned is what importing one row does: the asset before (nil: new) and
// after, and the row's errors when it cannot be applied.
type Planned struct {
	Row    assets.Row
	Action assets.Action
	Before *assets.Asset
	After  assets.Asset
	Diff   []assets.FieldChange
	Errors []assets.RowError
}

// Plan works out, without writing, what each row would do: it finds the
// asset a row names (by type and external key, then by the type's
// identifier attributes, then by type and name), applies the row to it,
// and checks the result against the type's schema. Rows that name the same
// asset apply in file order, each on top of the one before.
func (s *Assets) Plan(ctx context.Context, rows []assets.Row) ([]Planned, error) {
	types, err := s.typeMap(ctx)
	if err != nil {
		return nil, err
	}
	found, err := s.findExisting(ctx, rows, types)
	if err != nil {
		return nil, err
	}
	pending := map[string]*assets.Asset{} // by asset ID: the state earlier rows left
	byRef := map[string]string{}          // row reference → asset ID, for new assets
	out := make([]Planned, len(rows))
	for i, r := range rows {
		p := Planned{Row: r}
		t, ok := types[r.Type]
		if !ok {
			p.Action, p.Errors = assets.ActionInvalid, []assets.RowError{{Line: r.Line, Field: "type", Message: r.Type + " is not an asset type"}}
			out[i] = p
			continue
		}
		base := found[i]
		if id, ok := byRef[r.Ref()]; ok && base == nil {
			base = pending[id]
		}
		if base != nil {
			if cur, ok := pending[base.ID]; ok {
				base = cur
			}
			b := *base
			p.Before = &b
			p.After = b
		} else {
			p.After = assets.Asset{ID: newID(), Tags: []string{}}
		}
		r.Apply(&p.After)
		if r.Text {
			t.Coerce(p.After.Attributes)
			p.After.Normalize()
		}
		if err := p.After.Validate(*t); err != nil {
			p.Action, p.Errors = assets.ActionInvalid, rowErrors(r.Line, err)
			out[i] = p
			continue
		}
		p.Action = assets.ActionCreate
		if p.Before != nil {
			p.Diff = assets.Diff(*p.Before, p.After)
			p.Action = map[bool]assets.Action{true: assets.ActionUnchanged, false: assets.ActionUpdate}[len(p.Diff) == 0]
		} else {
			p.Diff = assets.Created(p.After)
		}
		after := p.After
		pending[after.ID] = &after
		byRef[r.Ref()] = after.ID
		out[i] = p
	}
	return out, nil
}

func rowErrors(line int, err error) []assets.RowError {
	var de *domain.Error
	if !errors.As(err, &de) || len(de.Fields) == 0 {
		return []assets.RowError{{Line: line, Message: domain.ErrorMessage(err)}}
	}
	out := make([]assets.RowError, len(de.Fields))
	for i, f := range de.Fields {
		out[i] = assets.RowError{Line: line, Field: f.Field, Message: f.Message}
	}
	return out
}

func (s *Assets) typeMap(ctx context.Context) (map[string]*assets.Type, error) {
	list, err := s.Types(ctx)
	if err != nil {
		return nil, err
	}
	m := make(map[string]*assets.Type, len(list))
	for i := range list {
		m[list[i].Name] = &list[i]
	}
	return m, nil
}

// findExisting returns, by row index, the stored asset each row names:
// by external key first; only the rows no key found are looked up by
// identifiers, then by name (a re-import of keyed rows is one query).
func (s *Assets) findExisting(ctx context.Context, rows []assets.Row, types map[string]*assets.Type) (map[int]*assets.Asset, error) {
	var kt, kv []string
	for _, r := range rows {
		if r.ExternalKey != "" {
			kt, kv = append(kt, r.Type), append(kv, r.ExternalKey)
		}
	}
	byKey, err := s.collectAssets(ctx, `SELECT `+assetColumns+` FROM assets a JOIN unnest($1::text[], $2::text[]) k(t, v)
		ON a.type = k.t AND a.external_key = k.v`, kt, kv)
	if err != nil {
		return nil, err
	}
	keyIndex := index(byKey, func(a assets.Asset) string { return a.Type + "\x00" + a.ExternalKey })
	out := map[int]*assets.Asset{}
	var rest []int
	for i, r := range rows {
		if a := keyIndex[r.Type+"\x00"+r.ExternalKey]; r.ExternalKey != "" && a != nil {
			out[i] = a
			continue
		}
		rest = append(rest, i)
	}
	if len(rest) == 0 {
		return out, nil
	}
	unmatched := make([]assets.Row, len(rest))
	var nt, nv []string
	for j, i := range rest {
		unmatched[j] = rows[i]
		if rows[i].Name != "" {
			nt, nv = append(nt, rows[i].Type), append(nv, strings.ToLower(rows[i].Name))
		}
	}
	byIdentifier, err := s.findByIdentifiers(ctx, unmatched, types)
	if err != nil {
		return nil, err
	}
	byName, err := s.collectAssets(ctx, `SELECT `+assetColumns+` FROM assets a JOIN unnest($1::text[], $2::text[]) k(t, v)
		ON a.type = k.t AND lower(a.name) = k.v`, nt, nv)
	if err != nil {
		return nil, err
	}
	nameIndex := index(byName, func(a assets.Asset) string { return a.Type + "\x00" + strings.ToLower(a.Name) })
	for j, i := range rest {
		if a := byIdentifier[j]; a != nil {
			out[i] = a
		} else if a := nameIndex[rows[i].Type+"\x00"+strings.ToLower(rows[i].Name)]; a != nil {
			out[i] = a
		}
	}
	return out, nil
}

// findByIdentifiers matches rows by their type's identifier attributes
// (serial, cloudId, fqdn...), in order: one query per type and attribute,
// comparing the attribute as text.
func (s *Assets) findByIdentifiers(ctx context.Context, rows []assets.Row, types map[string]*assets.Type) (map[int]*assets.Asset, error) {
	type probe struct{ typ, attr string }
	values := map[probe][]string{}
	for _, r := range rows {
		if t := types[r.Type]; t != nil {
			for _, id := range t.Identifiers {
				if v, ok := r.Attributes[id]; ok && fmt.Sprint(v) != "" {
					values[probe{r.Type, id}] = append(values[probe{r.Type, id}], fmt.Sprint(v))
				}
			}
		}
	}
	matches := map[probe]map[string]*assets.Asset{}
	for p, list := range values {
		found, err := s.collectAssets(ctx, `SELECT `+assetColumns+` FROM assets a WHERE a.type = $1 AND a.attributes->>$2 = ANY($3::text[])`, p.typ, p.attr, list)
		if err != nil {
			return nil, err
		}
		matches[p] = index(found, func(a assets.Asset) string { return fmt.Sprint(a.Attributes[p.attr]) })
	}
	out := map[int]*assets.Asset{}
	for i, r := range rows {
		if t := types[r.Type]; t != nil {
			for _, id := range t.Identifiers {
				if v, ok := r.Attributes[id]; ok {
					if a := matches[probe{r.Type, id}][fmt.Sprint(v)]; a != nil {
						out[i] = a
						break
					}
				}
			}
		}
	}
	return out, nil
}

func (s *Assets) collectAssets(ctx context.Context, sql string, args ...any) ([]assets.Asset, error) {
	rows, err := db(ctx, s.pool).Query(ctx, sql, args...)
	if err != nil {
		return nil, fmt.Errorf("find assets: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (assets.Asset, error) { return scanAsset(r) })
}

func index(list []assets.Asset, key func(assets.Asset) string) map[string]*assets.Asset {
	m := make(map[string]*assets.Asset, len(list))
	for i := range list {
		m[key(list[i])] = &list[i]
	}
	return m
}
