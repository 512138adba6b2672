package e2e

import (
	"context"
	"maps"
	"net"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/types"
)

// composeFile is the Compose file Docker users run (`docker compose up --build`).
const composeFile = "../docker-compose.yml"

// loadCompose parses and validates docker-compose.yml the way `docker compose` does, with a fixed
// project name and an empty environment, so no variable from the test's environment leaks in.
func loadCompose(t *testing.T) *types.Project {
	t.Helper()
	path, err := filepath.Abs(composeFile)
	if err != nil {
		t.Fatal(err)
	}
	details := types.ConfigDetails{
		WorkingDir:  filepath.Dir(path),
		ConfigFiles: []types.ConfigFile{{Filename: path}},
		Environment: types.Mapping{},
	}
	project, err := loader.LoadWithContext(context.Background(), details, func(o *loader.Options) {
		o.SetProjectName("opsmanager-e2e", true)
	})
	if err != nil {
		t.Fatalf("%s does not load as a Compose file: %v", composeFile, err)
	}
	return project
}

// service returns the named service or stops the (sub)test with a clear message.
func service(t *testing.T, p *types.Project, name string) types.ServiceConfig {
	t.Helper()
	s, ok := p.Services[name]
	if !ok {
		t.Fatalf("%s: service %q is missing (have %v)", composeFile, name, slices.Sorted(maps.Keys(p.Services)))
	}
	return s
}

func TestComposeServicesExist(t *testing.T) {
	p := loadCompose(t)
	for _, name := range []string{"postgres", "redis", "temporal", "temporal-ui", "mailpit", "migrate", "api", "worker"} {
		t.Run(name, func(t *testing.T) { service(t, p, name) })
	}
}

func TestComposeImagesArePinned(t *testing.T) {
	p := loadCompose(t)
	for name, s := range p.Services {
		t.Run(name, func(t *testing.T) {
			if s.Image == "" {
				if s.Build == nil {
					t.Fatalf("service %q has neither image nor build", name)
				}
				return
			}
			ref := s.Image[strings.LastIndex(s.Image, "/")+1:]
			_, tag, ok := strings.Cut(ref, ":")
			if !ok || tag == "" || tag == "latest" {
				t.Errorf("service %q uses image %q: pin a tag other than latest", name, s.Image)
			}
		})
	}
}

func TestComposeAppServicesBuildFromDockerfile(t *testing.T) {
	p := loadCompose(t)
	for _, tc := range []struct {
		service string
		command []string
	}{
		{"migrate", []string{"migrate", "up"}},
		{"api", []string{"api"}},
		{"worker", []string{"worker"}},
	} {
		t.Run(tc.service, func(t *testing.T) {
			s := service(t, p, tc.service)
			if s.Build == nil || s.Build.Context != p.WorkingDir {
				t.Errorf("service %q must be built from the repository root (Dockerfile), got build %+v", tc.service, s.Build)
			} else if s.Build.Dockerfile != "" && s.Build.Dockerfile != "Dockerfile" {
				t.Errorf("service %q builds from %q, want Dockerfile", tc.service, s.Build.Dockerfile)
			}
			if !slices.Equal(s.Command, tc.command) {
				t.Errorf("service %q runs command %q, want %q", tc.service, s.Command, tc.command)
			}
		})
	}
}

func TestComposePublishedPorts(t *testing.T) {
	p := loadCompose(t)
	for _, tc := range []struct {
		service   string
		published string
		target    uint32
		what      string
	}{
		{"api", "8080", 8080, "API and dashboard"},
		{"temporal", "7233", 7233, "Temporal gRPC frontend"},
		{"temporal-ui", "8233", 8080, "Temporal Web UI"},
		{"mailpit", "8025", 8025, "Mailpit web UI and API"},
		{"mailpit", "1025", 1025, "Mailpit SMTP"},
	} {
		t.Run(tc.service+"/"+tc.published, func(t *testing.T) {
			s := service(t, p, tc.service)
			for _, port := range s.Ports {
				if port.Published == tc.published {
					if port.Target != tc.target {
						t.Errorf("%s: host port %s of %q maps to container port %d, want %d", tc.what, tc.published, tc.service, port.Target, tc.target)
					}
					return
				}
			}
			t.Errorf("%s: service %q does not publish host port %s (ports: %+v)", tc.what, tc.service, tc.published, s.Ports)
		})
	}
}

// hostOf returns the host a connection setting points at: a URL's host, or host of host:port.
func hostOf(value string) string {
	if u, err := url.Parse(value); err == nil && u.Host != "" {
		return u.Hostname()
	}
	if host, _, err := net.SplitHostPort(value); err == nil {
		return host
	}
	return value
}

func TestComposeAppEnvironment(t *testing.T) {
	p := loadCompose(t)
	for _, svc := range []string{"api", "worker"} {
		for _, tc := range []struct {
			key     string
			service string // compose service the setting must point at
		}{
			{"DATABASE_URL", "postgres"},
			{"REDIS_URL", "redis"},
			{"TEMPORAL_ADDRESS", "temporal"},
			{"SMTP_HOST", "mailpit"},
		} {
			t.Run(svc+"/"+tc.key, func(t *testing.T) {
				s := service(t, p, svc)
				v, ok := s.Environment[tc.key]
				if !ok || v == nil || *v == "" {
					t.Fatalf("service %q: environment variable %s is not set", svc, tc.key)
				}
				if got := hostOf(*v); got != tc.service {
					t.Errorf("service %q: %s=%q points at host %q, want the compose service %q", svc, tc.key, *v, got, tc.service)
				}
				service(t, p, tc.service)
			})
		}
		for key, want := range map[string]string{"TEMPORAL_NAMESPACE": "default", "SMTP_PORT": "1025"} {
			t.Run(svc+"/"+key, func(t *testing.T) {
				v := service(t, p, svc).Environment[key]
				if v == nil || *v != want {
					t.Errorf("service %q: %s=%v, want %q", svc, key, deref(v), want)
				}
			})
		}
	}
}

func deref(s *string) string {
	if s == nil {
		return "<unset>"
	}
	return *s
}

func TestComposeDependsOn(t *testing.T) {
	p := loadCompose(t)
	for _, tc := range []struct {
		service, dependency, condition string
	}{
		{"temporal", "postgres", types.ServiceConditionHealthy},
		{"migrate", "postgres", types.ServiceConditionHealthy},
		{"api", "postgres", types.ServiceConditionHealthy},
		{"api", "redis", types.ServiceConditionHealthy},
		{"api", "temporal", types.ServiceConditionStarted},
		{"api", "migrate", types.ServiceConditionCompletedSuccessfully},
		{"worker", "postgres", types.ServiceConditionHealthy},
		{"worker", "redis", types.ServiceConditionHealthy},
		{"worker", "temporal", types.ServiceConditionStarted},
		{"worker", "migrate", types.ServiceConditionCompletedSuccessfully},
	} {
		t.Run(tc.service+"->"+tc.dependency, func(t *testing.T) {
			dep, ok := service(t, p, tc.service).DependsOn[tc.dependency]
			if !ok {
				t.Fatalf("service %q does not depend on %q", tc.service, tc.dependency)
			}
			if dep.Condition != tc.condition {
				t.Errorf("service %q depends on %q with condition %q, want %q", tc.service, tc.dependency, dep.Condition, tc.condition)
			}
		})
	}
}

func TestComposeHealthchecks(t *testing.T) {
	p := loadCompose(t)
	for _, tc := range []struct {
		service  string
		contains string // a word the check command must mention
	}{
		{"postgres", "pg_isready"},
		{"redis", "ping"},
		{"api", "/healthz"},
	} {
		t.Run(tc.service, func(t *testing.T) {
			hc := service(t, p, tc.service).HealthCheck
			if hc == nil || hc.Disable || len(hc.Test) == 0 || hc.Test[0] == "NONE" {
				t.Fatalf("service %q has no healthcheck (docker compose ps would never show it healthy)", tc.service)
			}
			if cmd := strings.Join(hc.Test, " "); !strings.Contains(cmd, tc.contains) {
				t.Errorf("service %q healthcheck %q does not mention %q", tc.service, cmd, tc.contains)
			}
		})
	}
}

// The platform must not log in as the database superuser (it could then
// alter or empty the audit log); only migrate holds the superuser URL.
func TestComposeAppIsNotTheDatabaseSuperuser(t *testing.T) {
	p := loadCompose(t)
	superuser := deref(service(t, p, "postgres").Environment["POSTGRES_USER"])
	userOf := func(raw string) string {
		u, err := url.Parse(raw)
		if err != nil || u.User == nil {
			return ""
		}
		return u.User.Username()
	}
	for _, svc := range []string{"api", "worker", "migrate"} {
		s := service(t, p, svc)
		if got := userOf(deref(s.Environment["DATABASE_URL"])); got == "" || got == superuser {
			t.Errorf("service %q logs in to Postgres as %q, the superuser is %q", svc, got, superuser)
		}
		admin, hasAdmin := s.Environment["DATABASE_ADMIN_URL"]
		if hasAdmin != (svc == "migrate") || (hasAdmin && userOf(deref(admin)) != superuser) {
			t.Errorf("service %q: DATABASE_ADMIN_URL=%s; only migrate holds it, as %q", svc, deref(admin), superuser)
		}
	}
	init := service(t, p, "postgres").Volumes
	if len(init) < 2 || !strings.HasPrefix(init[1].Target, "/docker-entrypoint-initdb.d/") {
		t.Errorf("postgres does not run the script that creates the opsmanager role: %+v", init)
	}
}
