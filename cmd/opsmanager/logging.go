package main

import (
	"log/slog"
	"os"
	"strings"

	"github.com/opsmanager/opsmanager/config"
)

// newLogger logs text in dev and JSON elsewhere, at LOG_LEVEL.
func newLogger(cfg config.Config) *slog.Logger {
	var level slog.Level
	if err := level.UnmarshalText([]byte(strings.ToUpper(cfg.LogLevel))); err != nil {
		level = slog.LevelInfo
	}
	opts := &slog.HandlerOptions{Level: level}
	var h slog.Handler = slog.NewJSONHandler(os.Stderr, opts)
	if cfg.IsDev() {
		h = slog.NewTextHandler(os.Stderr, opts)
	}
	l := slog.New(h).With("service", "opsmanager")
	slog.SetDefault(l)
	return l
}
