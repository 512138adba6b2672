// Command opsmanager is OpsManager's single binary. Subcommands:
//
//	dev                  API and worker in one process, migrations applied (local use)
//	api                  the REST API and dashboard
//	worker               the Temporal worker
//	migrate up|down|status
//	version
//
// Configuration comes from environment variables; see README.md.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"runtime"
	"syscall"

	"github.com/opsmanager/opsmanager/api"
	"github.com/opsmanager/opsmanager/config"
)

// Set by the Makefile with -ldflags.
var (
	version = "dev"
	commit  = "unknown"
)

const usage = `usage: opsmanager <command>

commands:
  dev                     run API + worker in one process (applies migrations)
  api                     run the REST API and dashboard
  worker                  run the Temporal worker
  migrate up|down|status  manage the database schema
  user create --email E --name N --role R [--password P]
                          create a user (password prompted when omitted)
  credentials rotate-key --new-key KEY
                          re-encrypt credentials and MFA secrets under a new ENCRYPTION_KEY
  keys jwt FILE           write a new RSA signing key (PEM) for JWT_PRIVATE_KEY_FILE
  keys encryption         print a new ENCRYPTION_KEY
  openapi [--typescript]  print the OpenAPI 3.1 document of the API (served at /api/v1/openapi.json),
                          or the dashboard's TypeScript types generated from it
  healthcheck <url>       exit 0 if url answers 2xx (container health checks)
  version                 print the version
`

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, fatal(err))
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) == 0 {
		fmt.Fprint(os.Stderr, usage)
		return errors.New("no command given")
	}
	if args[0] == "version" || args[0] == "--version" {
		fmt.Printf("opsmanager %s (commit %s, %s)\n", version, commit, runtime.Version())
		return nil
	}
	if args[0] == "healthcheck" {
		return healthcheck(args[1:])
	}
	if args[0] == "keys" {
		return keysCommand(args[1:])
	}
	if args[0] == "openapi" {
		if len(args) > 1 && args[1] == "--typescript" {
			_, err := os.Stdout.WriteString(api.TypeScript(api.Document()))
			return err
		}
		b, err := api.OpenAPIJSON()
		if err == nil {
			_, err = os.Stdout.Write(b)
		}
		return err
	}
	if args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Print(usage)
		return nil
	}
	cfg, err := config.Load()
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	log := newLogger(cfg)
	switch args[0] {
	case "dev":
		return serve(ctx, cfg, log, roleAPI|roleWorker|roleMigrate)
	case "api":
		return serve(ctx, cfg, log, roleAPI)
	case "worker":
		return serve(ctx, cfg, log, roleWorker)
	case "migrate":
		return migrate(ctx, cfg, args[1:])
	case "user":
		return userCommand(ctx, cfg, args[1:], os.Stdin)
	case "credentials":
		return credentialsCommand(ctx, cfg, args[1:], os.Stdin, os.Stdout)
	}
	fmt.Fprint(os.Stderr, usage)
	return fmt.Errorf("unknown command %q", args[0])
}
