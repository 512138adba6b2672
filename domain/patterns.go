package domain

import "regexp"

// The patterns fields are checked against, written so that Go's RE2 and
// JavaScript read them alike: the API document publishes them (x-patterns,
// and pattern on the fields that use them), and the dashboard's generated
// types carry them, so the form checks what the server checks.
const (
	PatternRoleName  = `^[a-z][a-z0-9_-]{1,39}$`
	PatternHostLabel = `^[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$`
	PatternUserName  = `^[A-Za-z0-9_][A-Za-z0-9_.@-]{0,63}$`
	PatternTag       = `^[a-z0-9][a-z0-9_.:=/-]{0,49}$`
)

// Patterns names each pattern as the document does.
var Patterns = map[string]string{
	"roleName":  PatternRoleName,
	"hostLabel": PatternHostLabel,
	"userName":  PatternUserName,
	"tag":       PatternTag,
}

var (
	roleName  = regexp.MustCompile(PatternRoleName)
	hostLabel = regexp.MustCompile(PatternHostLabel)
	userName  = regexp.MustCompile(PatternUserName)
	tagName   = regexp.MustCompile(PatternTag)
)
