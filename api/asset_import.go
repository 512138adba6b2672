package api

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"
	"go.temporal.io/sdk/client"

	"github.com/opsmanager/opsmanager/assets"
	"github.com/opsmanager/opsmanager/contract"
	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/store"
	"github.com/opsmanager/opsmanager/workflows"
)

// AssetImportStore keeps imports and plans them (store.Assets).
type AssetImportStore interface {
	CreateImport(ctx context.Context, imp assets.Import, rows []assets.Row) (assets.Import, error)
	Import(ctx context.Context, id string) (assets.Import, error)
	Imports(ctx context.Context, limit int) ([]assets.Import, error)
	FinishImport(ctx context.Context, id, status string, extra []assets.RowError) (assets.Import, error)
	Plan(ctx context.Context, rows []assets.Row) ([]store.Planned, error)
}

func (s *Server) assetImportRoutes() []Route {
	r, w := domain.PermAssetsRead, domain.PermAssetsWrite
	return []Route{
		{"POST", "/assets/import", w, "asset.import", endpoint(http.StatusAccepted, s.importAssets)},
		{"GET", "/asset-imports", r, "asset_import.list", endpoint(http.StatusOK, s.listImports)},
		{"GET", "/asset-imports/:id", r, "asset_import.get", endpoint(http.StatusOK, s.getImport)},
		{"GET", "/assets/export", r, "asset.export", raw(s.exportAssets)},
	}
}

// importFile is an import's body: the file itself.
type importFile struct{ text string }

func (f *importFile) setText(t string) { f.text = t }
func (*importFile) mediaTypes() []string {
	return []string{"text/csv", "application/x-ndjson", "application/yaml", "text/plain"}
}

// ImportView is an import as the API shows it, with its Temporal UI link.
type ImportView struct {
	assets.Import
	TemporalURL string `json:"temporalUrl"`
}

// ImportPreview is what an import would do (?dryRun=true): every row's
// action, the first rows in full, and every error with its line. Nothing
// is written.
type ImportPreview struct {
	Format  string            `json:"format"`
	Total   int               `json:"total"`
	Valid   int               `json:"valid"`
	Actions map[string]int    `json:"actions"`
	Rows    []PreviewRow      `json:"rows"`
	Errors  []assets.RowError `json:"errors"`
}

// PreviewRow is one row of a preview.
type PreviewRow struct {
	Line   int                  `json:"line"`
	Action assets.Action        `json:"action" enum:"create,update,unchanged,invalid"`
	Asset  assets.Asset         `json:"asset"`
	Diff   []assets.FieldChange `json:"diff"`
}

// ImportAnswer is a started import (202) or, for a dry run, its preview
// (200).
type ImportAnswer struct {
	Import  *ImportView    `json:"import,omitempty"`
	Preview *ImportPreview `json:"preview,omitempty"`
}

func (a ImportAnswer) httpStatus() int {
	if a.Preview != nil {
		return http.StatusOK
	}
	return http.StatusAccepted
}

func (ImportAnswer) httpStatuses() []int { return []int{http.StatusAccepted, http.StatusOK} }

// importAssets reads a file (?format=csv|ndjson|backstage) and either
// previews it (?dryRun=true) or stores its rows and starts the workflow
// that applies them (?atomic=true: all or nothing).
func (s *Server) importAssets(c *gin.Context, f importFile) (ImportAnswer, error) {
	var bad []domain.FieldError
	format := c.Query("format")
	if format != assets.FormatCSV && format != assets.FormatNDJSON && format != assets.FormatBackstage {
		bad = append(bad, domain.FieldError{Field: "format", Message: "must be csv, ndjson or backstage"})
	}
	atomic, dry := boolQuery(c, "atomic", &bad), boolQuery(c, "dryRun", &bad)
	if strings.TrimSpace(f.text) == "" {
		bad = append(bad, domain.FieldError{Field: "body", Message: "must be the file to import"})
	}
	if err := domain.ValidationError(bad); err != nil {
		return ImportAnswer{}, err
	}
	rows, rowErrs := assets.ParseFile(format, []byte(f.text))
	if len(rows) == 0 && len(rowErrs) > 0 {
		return ImportAnswer{}, domain.ValidationError(rowFieldErrors(rowErrs))
	}
	if dry {
		p, err := s.previewImport(c.Request.Context(), format, rows, rowErrs)
		return ImportAnswer{Preview: &p}, err
	}
	auditNote(c, "format", format)
	auditNote(c, "rows", len(rows))
	imp, err := s.startImport(c, assets.Import{Format: format, Atomic: atomic, Total: len(rows), Errors: rowErrs}, rows)
	if err != nil {
		return ImportAnswer{}, err
	}
	setAuditTarget(c, "asset_import", imp.ID)
	view := ImportView{Import: imp, TemporalURL: s.workflowLink(imp.WorkflowID)}
	return ImportAnswer{Import: &view}, nil
}

// rowFieldErrors reports a file no row of which could be read.
func rowFieldErrors(errs []assets.RowError) []domain.FieldError {
	out := make([]domain.FieldError, 0, len(errs))
	for _, e := range errs {
		field := "line " + strconv.Itoa(e.Line)
		if e.Field != "" {
			field += ": " + e.Field
		}
		out = append(out, domain.FieldError{Field: field, Message: e.Message})
	}
	return out
}

func boolQuery(c *gin.Context, name string, bad *[]domain.FieldError) bool {
	switch c.Query(name) {
	case "", "false":
		return false
	case "true":
		return true
	}
	*bad = append(*bad, domain.FieldError{Field: name, Message: "must be true or false"})
	return false
}

// startImport stores the rows (committed at once, for the workflow to
// read) and starts the workflow; an import Temporal refused is failed.
func (s *Server) startImport(c *gin.Context, imp assets.Import, rows []assets.Row) (assets.Import, error) {
	ctx := store.Detached(c.Request.Context())
	if p := principal(c); p != nil {
		imp.RequestedBy = p.Name
	}
	imp.ID = uuid.Must(uuid.NewV7()).String()
	imp.WorkflowID = workflows.AssetImportWorkflowID(imp.ID)
	created, err := s.deps.Imports.CreateImport(ctx, imp, rows)
	if err != nil {
		return created, err
	}
	in := contract.AssetImportInput{ImportID: created.ID, Total: len(rows), Atomic: imp.Atomic, BatchSize: workflows.DefaultImportBatch}
	for _, r := range rows {
		in.HasRelationships = in.HasRelationships || len(r.Relationships) > 0
	}
	_, err = s.deps.Temporal.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: created.WorkflowID, TaskQueue: s.deps.TaskQueue,
		StaticSummary: "Import " + strconv.Itoa(len(rows)) + " " + imp.Format + " rows"}, contract.AssetImportWorkflowType, in)
	if err != nil {
		_, _ = s.deps.Imports.FinishImport(ctx, created.ID, assets.ImportFailed, []assets.RowError{{Message: "the workflow engine did not start the import"}})
		return created, domain.Errorf(domain.EUnavailable, "the workflow engine did not accept the import; try again shortly")
	}
	return created, nil
}

// previewSize is how many rows a preview shows in full.
const previewSize = 50

func (s *Server) previewImport(ctx context.Context, format string, rows []assets.Row, rowErrs []assets.RowError) (ImportPreview, error) {
	p := ImportPreview{Format: format, Total: len(rows) + len(rowErrs), Actions: map[string]int{}, Rows: []PreviewRow{}, Errors: rowErrs}
	plan, err := s.deps.Imports.Plan(ctx, rows)
	if err != nil {
		return p, err
	}
	for _, pl := range plan {
		p.Actions[string(pl.Action)]++
		p.Errors = append(p.Errors, pl.Errors...)
		if pl.Action != assets.ActionInvalid {
			p.Valid++
		}
		if len(p.Rows) < previewSize {
			p.Rows = append(p.Rows, PreviewRow{Line: pl.Row.Line, Action: pl.Action, Asset: pl.After, Diff: pl.Diff})
		}
	}
	sort.SliceStable(p.Errors, func(i, j int) bool { return p.Errors[i].Line < p.Errors[j].Line })
	if p.Errors == nil {
		p.Errors = []assets.RowError{}
	}
	return p, nil
}

func (s *Server) getImport(c *gin.Context, _ none) (ImportView, error) {
	imp, err := s.deps.Imports.Import(c.Request.Context(), c.Param("id"))
	return ImportView{Import: imp, TemporalURL: s.workflowLink(imp.WorkflowID)}, err
}

func (s *Server) listImports(c *gin.Context, _ none) ([]ImportView, error) {
	list, err := s.deps.Imports.Imports(c.Request.Context(), 50)
	out := make([]ImportView, len(list))
	for i, imp := range list {
		out[i] = ImportView{Import: imp, TemporalURL: s.workflowLink(imp.WorkflowID)}
	}
	return out, err
}

// exportAssets streams every asset matching the list filters as NDJSON
// (the import's own format) or CSV (attributes flattened to attr.<path>).
func (s *Server) exportAssets(c *gin.Context) {
	format := c.DefaultQuery("format", assets.FormatNDJSON)
	if format != assets.FormatNDJSON && format != assets.FormatCSV {
		respondError(c, domain.ValidationError([]domain.FieldError{{Field: "format", Message: "must be ndjson or csv"}}))
		return
	}
	var list []assets.Asset
	f := assets.Filter{Limit: 500}
	for {
		page, next, err := s.deps.Assets.List(c.Request.Context(), f)
		if err != nil {
			respondError(c, err)
			return
		}
		list = append(list, page...)
		if next == "" {
			break
		}
		f.After = next
	}
	c.Header("Content-Disposition", `attachment; filename="assets.`+format+`"`)
	if format == assets.FormatCSV {
		c.Header("Content-Type", "text/csv; charset=utf-8")
		writeAssetsCSV(c, list)
		return
	}
	c.Header("Content-Type", "application/x-ndjson")
	enc := json.NewEncoder(c.Writer)
	for _, a := range list {
		_ = enc.Encode(exportRow(a))
	}
}

func exportRow(a assets.Asset) assets.Row {
	tags, owner, env, life := a.Tags, a.OwnerTeam, a.Environment, a.Lifecycle
	return assets.Row{Type: a.Type, Name: a.Name, ExternalKey: a.ExternalKey, Attributes: a.Attributes,
		Tags: &tags, OwnerTeam: &owner, Environment: &env, Lifecycle: &life}
}

func writeAssetsCSV(c *gin.Context, list []assets.Asset) {
	cols := map[string]bool{}
	flat := make([]map[string]string, len(list))
	for i, a := range list {
		flat[i] = map[string]string{}
		flatten("attr", a.Attributes, flat[i])
		for k := range flat[i] {
			cols[k] = true
		}
	}
	attrCols := make([]string, 0, len(cols))
	for k := range cols {
		attrCols = append(attrCols, k)
	}
	sort.Strings(attrCols)
	w := csv.NewWriter(c.Writer)
	_ = w.Write(append([]string{"type", "name", "externalKey", "environment", "ownerTeam", "lifecycle", "tags"}, attrCols...))
	for i, a := range list {
		rec := []string{a.Type, a.Name, a.ExternalKey, a.Environment, a.OwnerTeam, string(a.Lifecycle), strings.Join(a.Tags, ";")}
		for _, k := range attrCols {
			rec = append(rec, flat[i][k])
		}
		_ = w.Write(rec)
	}
	w.Flush()
}

// flatten writes nested attributes as attr.a.b cells; lists join with ";".
func flatten(prefix string, v any, out map[string]string) {
	switch x := v.(type) {
	case map[string]any:
		for k, sub := range x {
			flatten(prefix+"."+k, sub, out)
		}
	case []any:
		parts := make([]string, len(x))
		for i, p := range x {
			parts[i] = cell(p)
		}
		out[prefix] = strings.Join(parts, ";")
	default:
		out[prefix] = cell(x)
	}
}

func cell(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case nil:
		return ""
	}
	b, _ := json.Marshal(v)
	return string(b)
}
