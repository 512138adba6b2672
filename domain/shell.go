package domain

import "strings"

// ShellQuote returns s as one POSIX shell word: in single quotes, each
// single quote inside closing the quotes, adding an escaped quote and
// reopening them; NUL bytes, which no command line can hold, are dropped.
// Nothing in it is expanded.
func ShellQuote(s string) string {
	s = strings.ReplaceAll(s, "\x00", "")
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// shellWordContext tells whether position at of the shell line s is where
// the shell reads a plain word, so a single-quoted value substituted there
// stays one literal word. It returns "" if so, else where the position is
// (inside quotes, after a backslash or a $, in a comment, inside $(...),
// `...` or ${...}, or after a here-document marker). It errs on the side
// of refusing: a line it cannot follow is refused, never trusted.
func shellWordContext(s string, at int) string {
	var single, double, comment, heredoc bool
	var nest []byte // open constructs: '$' for $(, '(' for a subshell, '`', '{' for ${
	for i := 0; i < at; i++ {
		ch := s[i]
		switch {
		case comment:
			comment = ch != '\n'
		case single:
			single = ch != '\''
		case ch == '\\':
			if i+1 == at {
				return "after a backslash"
			}
			i++
		case double:
			double = ch != '"'
		case ch == '\'':
			single = true
		case ch == '"':
			double = true
		case ch == '#' && (i == 0 || strings.IndexByte(" \t\n;&|(", s[i-1]) >= 0):
			comment = true
		case ch == '`':
			if len(nest) > 0 && nest[len(nest)-1] == '`' {
				nest = nest[:len(nest)-1]
			} else {
				nest = append(nest, '`')
			}
		case ch == '$' && i+1 < len(s) && (s[i+1] == '(' || s[i+1] == '{'):
			open := byte('$')
			if s[i+1] == '{' {
				open = '{'
			}
			nest = append(nest, open)
			i++
		case ch == '(':
			nest = append(nest, '(')
		case len(nest) > 0 && closes(ch, nest[len(nest)-1]):
			nest = nest[:len(nest)-1]
		case ch == '<' && i+1 < len(s) && s[i+1] == '<':
			heredoc = true
		}
	}
	switch {
	case single || double:
		return "inside quotes"
	case comment:
		return "in a comment"
	case at > 0 && s[at-1] == '$':
		return "after a $"
	case heredoc:
		return "after a here-document (<<)"
	}
	for _, n := range nest {
		if n != '(' {
			return "inside $(...), `...` or ${...}"
		}
	}
	return ""
}

// closes reports whether ch ends the construct open opened.
func closes(ch, open byte) bool {
	return ch == ')' && (open == '(' || open == '$') || ch == '}' && open == '{'
}
