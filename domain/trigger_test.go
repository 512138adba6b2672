package domain

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestRenderTriggerParamsFillsStringsAndLists(t *testing.T) {
	vars := map[string]string{"incident.title": "Disk full", "service.name": "db"}
	got, bad := RenderTriggerParams(nil, map[string]any{
		"url":     "https://{{ service.name }}.example.com/health",
		"servers": []any{"{{service.name}}-1", "static"},
		"limit":   float64(3),
		"note":    "about {{incident.title}}",
	}, vars)
	if len(bad) != 0 {
		t.Fatalf("errors: %v", bad)
	}
	want := map[string]any{
		"url": "https://db.example.com/health", "servers": []any{"db-1", "static"},
		"limit": float64(3), "note": "about Disk full",
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
}

func TestRenderTriggerParamsNamesUnknownPlaceholder(t *testing.T) {
	_, bad := RenderTriggerParams(nil, map[string]any{"url": "https://{{incident.owner}}/x", "ok": "fine"}, SampleTriggerVars())
	if len(bad) != 1 || bad[0].Field != "params.url" {
		t.Fatalf("want one error on params.url, got %v", bad)
	}
}

func TestRenderTriggerParamsDoesNotRenderInjectedPlaceholders(t *testing.T) {
	// A title that itself looks like a placeholder is data, not a template.
	got, bad := RenderTriggerParams(nil, map[string]any{"note": "{{incident.title}}"},
		map[string]string{"incident.title": "{{service.id}}"})
	if len(bad) != 0 || got["note"] != "{{service.id}}" {
		t.Fatalf("got %v, %v", got, bad)
	}
}

// hostile is an incident title written to run commands if pasted raw.
const hostile = "$(touch pwned); rm -rf ~ `id` \"x\" 'y' \\"

var shellSpecs = []Param{{Name: "command", Type: ParamStringList, Kind: KindArgv}, {Name: "commands", Type: ParamStringList, Kind: KindShell}}

func TestRenderTriggerParamsRefusesPlaceholdersInArgv(t *testing.T) {
	for _, v := range []any{[]any{"sh", "-c", "echo {{incident.title}}"}, []any{"{{service.name}}"}} {
		_, bad := RenderTriggerParams(shellSpecs, map[string]any{"command": v}, SampleTriggerVars())
		if len(bad) != 1 || bad[0].Field != "params.command" || !strings.Contains(bad[0].Message, "no placeholders") {
			t.Errorf("%v: got %v, want one error on params.command", v, bad)
		}
	}
	if _, bad := RenderTriggerParams(shellSpecs, map[string]any{"command": []any{"uptime"}}, SampleTriggerVars()); len(bad) != 0 {
		t.Errorf("a command without placeholders: %v", bad)
	}
}

func TestRenderTriggerParamsQuotesValuesInShellLines(t *testing.T) {
	vars := map[string]string{"incident.title": hostile, "service.name": "db"}
	got, bad := RenderTriggerParams(shellSpecs, map[string]any{"commands": []any{
		"logger -t ops {{incident.title}}", "echo --svc={{service.name}}; (cd /tmp && echo {{ incident.title }})", "echo $(date) {{service.name}}",
	}}, vars)
	if len(bad) != 0 {
		t.Fatalf("errors: %v", bad)
	}
	q := `'$(touch pwned); rm -rf ~ ` + "`id`" + ` "x" '\''y'\'' \'`
	want := []any{"logger -t ops " + q, "echo --svc='db'; (cd /tmp && echo " + q + ")", "echo $(date) 'db'"}
	if !reflect.DeepEqual(got["commands"], want) {
		t.Fatalf("got %q\nwant %q", got["commands"], want)
	}
}

func TestRenderTriggerParamsRefusesShellPlaceholdersOutsidePlainWords(t *testing.T) {
	for _, line := range []string{
		`echo "{{incident.title}}"`, `echo '{{incident.title}}'`, `echo \{{incident.title}}`, `echo ${{incident.title}}`,
		"echo `{{incident.title}}`", `echo $(echo {{incident.title}})`, `echo $(( {{incident.title}} ))`, `x=${y:-{{incident.title}}}`,
		"true # {{incident.title}}", "cat <<EOF\n{{incident.title}}\nEOF", `echo "a $(b) {{incident.title}}"`,
	} {
		_, bad := RenderTriggerParams(shellSpecs, map[string]any{"commands": []any{line}}, SampleTriggerVars())
		if len(bad) != 1 || bad[0].Field != "params.commands" || !strings.Contains(bad[0].Message, "outside quotes") {
			t.Errorf("%q: got %v, want it refused", line, bad)
		}
	}
}

func TestShellQuote(t *testing.T) {
	for in, want := range map[string]string{"": "''", "a b": "'a b'", "it's": `'it'\''s'`, "a\x00b": "'ab'"} {
		if got := ShellQuote(in); got != want {
			t.Errorf("ShellQuote(%q) = %s, want %s", in, got, want)
		}
	}
}

// TestShellQuotedValueReachesTheRealShellAsOneLiteralWord runs rendered
// lines in /bin/sh: the hostile title comes out verbatim, nothing runs.
func TestShellQuotedValueReachesTheRealShellAsOneLiteralWord(t *testing.T) {
	dir := t.TempDir()
	vars := map[string]string{"incident.title": hostile + "\nnewline; touch pwned2 '"}
	got, bad := RenderTriggerParams(shellSpecs, map[string]any{"commands": []any{"printf %s {{incident.title}}"}}, vars)
	if len(bad) != 0 {
		t.Fatal(bad)
	}
	home := filepath.Join(dir, "home") // what ~ means to this shell, should the title's rm -rf ~ ever run
	if err := os.Mkdir(home, 0o700); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("sh", "-c", got["commands"].([]any)[0].(string))
	cmd.Dir, cmd.Env = dir, []string{"HOME=" + home, "PATH=/usr/bin:/bin"}
	out, err := cmd.CombinedOutput()
	if err != nil || string(out) != vars["incident.title"] {
		t.Fatalf("sh printed %q (%v), want the title verbatim", out, err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 || entries[0].Name() != "home" {
		t.Fatalf("the title ran commands: %v", entries)
	}
}
