package assets

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// MaxImportRows bounds one file.
const MaxImportRows = 200_000

// ParseFile reads an import file in format into rows and the errors of the
// rows it could not read. Good rows are kept whatever the bad ones.
func ParseFile(format string, data []byte) ([]Row, []RowError) {
	var rows []Row
	var bad []RowError
	switch format {
	case FormatCSV:
		rows, bad = parseCSV(data)
	case FormatNDJSON:
		rows, bad = parseNDJSON(data)
	case FormatBackstage:
		rows, bad = parseBackstage(data)
	default:
		return nil, []RowError{{Field: "format", Message: "must be csv, ndjson or backstage"}}
	}
	if len(rows) > MaxImportRows {
		return nil, []RowError{{Message: fmt.Sprintf("has %d rows; split it into files of at most %d", len(rows), MaxImportRows)}}
	}
	good := rows[:0]
	for _, r := range rows {
		if p := r.problems(); len(p) > 0 {
			bad = append(bad, p...)
			continue
		}
		good = append(good, r)
	}
	return good, bad
}

// CSV columns other than attributes (attr.<path>).
var csvColumns = map[string]bool{"type": true, "name": true, "externalKey": true, "environment": true,
	"ownerTeam": true, "lifecycle": true, "tags": true}

// parseCSV reads a header line, then one asset a line. Tags and array
// attributes are separated by ";"; an empty cell leaves the field alone.
// Attribute values stay text here; the type's schema converts them.
func parseCSV(data []byte) ([]Row, []RowError) {
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	header, err := r.Read()
	if err != nil {
		return nil, []RowError{{Line: 1, Message: "needs a header line naming the columns (type,name,...)"}}
	}
	var bad []RowError
	for i, col := range header {
		header[i] = strings.TrimSpace(strings.TrimPrefix(col, "\ufeff"))
		if !csvColumns[header[i]] && !strings.HasPrefix(header[i], "attr.") {
			bad = append(bad, RowError{Line: 1, Field: header[i], Message: "is not a column (type, name, externalKey, environment, ownerTeam, lifecycle, tags, attr.<name>)"})
		}
	}
	var rows []Row
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := r.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.Line
			}
			bad = append(bad, RowError{Line: line, Message: "is not valid CSV: " + err.Error()})
			continue
		}
		if len(rec) != len(header) {
			bad = append(bad, RowError{Line: line, Message: fmt.Sprintf("has %d cells; the header has %d", len(rec), len(header))})
			continue
		}
		rows = append(rows, csvRow(line, header, rec))
	}
	return rows, bad
}

func csvRow(line int, header, rec []string) Row {
	row := Row{Line: line, Attributes: map[string]any{}, Text: true}
	for i, col := range header {
		v := strings.TrimSpace(rec[i])
		if v == "" {
			continue
		}
		switch {
		case col == "type":
			row.Type = v
		case col == "name":
			row.Name = v
		case col == "externalKey":
			row.ExternalKey = v
		case col == "environment":
			row.Environment = &v
		case col == "ownerTeam":
			row.OwnerTeam = &v
		case col == "lifecycle":
			l := Lifecycle(v)
			row.Lifecycle = &l
		case col == "tags":
			tags := splitCell(v)
			row.Tags = &tags
		case strings.HasPrefix(col, "attr."):
			setPath(row.Attributes, strings.Split(strings.TrimPrefix(col, "attr."), "."), v)
		}
	}
	return row
}

func splitCell(v string) []string {
	var out []string
	for _, p := range strings.Split(v, ";") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func setPath(m map[string]any, path []string, v any) {
	for _, p := range path[:len(path)-1] {
		next, ok := m[p].(map[string]any)
		if !ok {
			next = map[string]any{}
			m[p] = next
		}
		m = next
	}
	m[path[len(path)-1]] = v
}

// parseNDJSON reads one JSON object a line, with the fields of Row; an
// unknown field is an error of that row.
func parseNDJSON(data []byte) ([]Row, []RowError) {
	var rows []Row
	var bad []RowError
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64<<10), 4<<20)
	for line := 1; sc.Scan(); line++ {
		text := bytes.TrimSpace(sc.Bytes())
		if len(text) == 0 {
			continue
		}
		var row Row
		dec := json.NewDecoder(bytes.NewReader(text))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&row); err != nil {
			bad = append(bad, RowError{Line: line, Message: "is not an asset object: " + err.Error()})
			continue
		}
		row.Line, row.Text = line, false
		rows = append(rows, row)
	}
	if err := sc.Err(); err != nil {
		bad = append(bad, RowError{Message: "cannot read the file: " + err.Error()})
	}
	return rows, bad
}
