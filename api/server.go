// Package api is OpsManager's REST API: a Gin router with explicit
// middleware, handlers that bind and validate, call, and respond, and one
// mapping from domain error codes to HTTP statuses.
package api

import (
	"context"
	"io/fs"
	"log/slog"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"

	"github.com/opsmanager/opsmanager/assets"
	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/launch"
	"github.com/opsmanager/opsmanager/live"
	"github.com/opsmanager/opsmanager/workflows"
)

// RunStore is what the API needs of the run repository.
type RunStore interface {
	Create(ctx context.Context, r domain.Run) error
	Get(ctx context.Context, id string) (domain.Run, error)
	pagedList[domain.Run, domain.RunFilter]
	SetTemporalRunID(ctx context.Context, id, temporalRunID string) error
	Steps(ctx context.Context, runID string) ([]domain.RunStep, error)
	Finish(ctx context.Context, id string, status domain.RunStatus, result any, errMsg string) error
}

// WorkflowStarter starts workflows (a Temporal client satisfies it).
type WorkflowStarter interface {
	ExecuteWorkflow(ctx context.Context, options client.StartWorkflowOptions, workflow interface{}, args ...interface{}) (client.WorkflowRun, error)
}

// Deps are the API's collaborators, built once in cmd.
type Deps struct {
	Logger        *slog.Logger
	Version       string
	Catalog       *workflows.Catalog
	Runs          RunStore
	Temporal      WorkflowEngine
	TaskQueue     string
	Namespace     string
	TemporalUIURL string
	// Codec is the Temporal payload codec, served at /codec for the
	// Temporal UI (nil: not served).
	Codec        converter.PayloadCodec
	Checks       []Check
	Metrics      *prometheus.Registry
	Dashboard    fs.FS // the built SPA; nil or empty serves a hint page
	MaxBodyBytes int64
	// MetricsElsewhere leaves /metrics off this router: METRICS_ADDR
	// serves it on its own listener.
	MetricsElsewhere bool
	// TrustedProxies may set X-Forwarded-For; by default none may, so a
	// client cannot pick its own IP to dodge per-IP rate limits.
	TrustedProxies []string
	Now            func() time.Time
	Identity       Identity
	Schedules      ScheduleStore
	Policies       PolicyStore
	Incidents      IncidentStore
	Deliveries     DeliveryLister
	Servers        ServerStore
	Assets         AssetStore
	Imports        AssetImportStore
	// TemporalSchedules manages discovery's Temporal Schedules (nil: 503).
	TemporalSchedules client.ScheduleClient
	// AlertAssetRule matches Alertmanager labels to assets (nil: none).
	AlertAssetRule assets.LabelRule
	Credentials    CredentialStore
	RunLogs        RunLogStore
	ServerTester   ServerTester // nil: POST /servers/:id/test answers 503
	// AllowSelfApproval lets a requester approve their own playbook run.
	AllowSelfApproval bool
	// PublicURL is the dashboard's address, for links in incidents.
	PublicURL string
	// LiveHub feeds GET /events from Redis pub/sub; nil answers 503.
	LiveHub *live.Hub
	// LivePublisher announces changes the API makes itself (nil: none).
	LivePublisher *live.Publisher
	// Begin starts the unit of work of a mutating request: its change, its
	// audit entry and its live events commit together (nil: each store call
	// commits on its own).
	Begin func(ctx context.Context) (pgx.Tx, error)
	// Outbox queues live events inside the unit of work (store.Outbox).
	Outbox interface {
		Add(ctx context.Context, ev live.Event) error
	}
}

// Server holds the router and its dependencies.
type Server struct {
	deps   Deps
	launch *launch.Launcher
	id     *Identity
	engine *gin.Engine
	routes []Route
	// streams lets shutdown end the event streams (events.go).
	streams liveStreams
	ready   readiness
	// families caches Postgres's answer on session revocation (authn.go).
	families familyCache
	openapi  openAPI
}

// New builds the router with every middleware and route.
func New(d Deps) *Server {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	gin.SetMode(gin.ReleaseMode)
	e := gin.New()
	e.HandleMethodNotAllowed = true
	e.RedirectTrailingSlash = false
	if err := e.SetTrustedProxies(d.TrustedProxies); err != nil {
		d.Logger.Error("ignoring TRUSTED_PROXIES", "err", err)
		_ = e.SetTrustedProxies(nil)
	}
	e.ContextWithFallback = true
	s := &Server{deps: d, engine: e, id: &d.Identity, launch: &launch.Launcher{
		Temporal: d.Temporal, TaskQueue: d.TaskQueue, Catalog: d.Catalog, Runs: d.Runs, Incidents: d.Incidents,
		Policies: d.Policies, AllowSelfApproval: d.AllowSelfApproval, PublicURL: d.PublicURL, Now: d.Now, Logger: d.Logger,
	}}
	metrics := newHTTPMetrics(d.Metrics)
	e.Use(requestID(d.Logger), recovery(), metrics.middleware(), accessLog(), securityHeaders(), bodyLimit(d.MaxBodyBytes))
	e.NoRoute(s.noRoute)
	e.NoMethod(func(c *gin.Context) {
		abortWith(c, http.StatusMethodNotAllowed, "method_not_allowed",
			c.Request.Method+" is not allowed on "+c.Request.URL.Path)
	})
	e.GET("/healthz", s.healthz)
	e.GET("/readyz", s.readyz)
	if !d.MetricsElsewhere {
		e.GET("/metrics", gin.WrapH(promhttp.HandlerFor(d.Metrics, promhttp.HandlerOpts{Registry: d.Metrics})))
	}
	s.registerRoutes(e.Group("/api/v1"))
	s.registerCodec(e)
	e.GET("/api/docs", serveAPIDocs) // PublicPages
	return s
}

// Handler returns the HTTP handler.
func (s *Server) Handler() http.Handler { return s.engine }

// Routes lists the /api/v1 routes with their permissions.
func (s *Server) Routes() []Route { return s.routes }
