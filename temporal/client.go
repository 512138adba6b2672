// Package temporal builds OpsManager's Temporal client from configuration,
// makes sure the namespace and custom search attributes exist, and exposes
// the SDK's metrics to Prometheus.
package temporal

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/uber-go/tally/v4"
	tallyprom "github.com/uber-go/tally/v4/prometheus"
	"go.temporal.io/api/enums/v1"
	"go.temporal.io/api/operatorservice/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"
	sdktally "go.temporal.io/sdk/contrib/tally"
	"go.temporal.io/sdk/converter"
	sdklog "go.temporal.io/sdk/log"
	"go.temporal.io/sdk/temporal"
	"google.golang.org/protobuf/types/known/durationpb"
)

// Options configure Dial.
type Options struct {
	Address   string
	Namespace string
	Logger    *slog.Logger
	Metrics   client.MetricsHandler
	// TLS, when set, connects over (mutual) TLS (TLSConfig).
	TLS *tls.Config
	// Codec encrypts every payload and failure message the client and its
	// workers write to history (see Codec). Dial refuses to go without one.
	Codec converter.PayloadCodec
}

// DataConverter returns the converter of a client with codec: JSON
// payloads passed through it.
func DataConverter(codec converter.PayloadCodec) converter.DataConverter {
	return converter.NewCodecDataConverter(converter.GetDefaultDataConverter(), codec)
}

// Dial connects to the Temporal frontend and checks that it is serving.
// A codec is required: no OpsManager client may write plaintext history.
func Dial(ctx context.Context, o Options) (client.Client, error) {
	if o.Codec == nil {
		return nil, errors.New("temporal: a payload codec is required (history must hold no plaintext)")
	}
	opts := client.Options{HostPort: o.Address, Namespace: o.Namespace}
	if o.Logger != nil {
		opts.Logger = sdklog.NewStructuredLogger(o.Logger.With("component", "temporal-sdk"))
	}
	if o.Metrics != nil {
		opts.MetricsHandler = o.Metrics
	}
	if o.TLS != nil {
		opts.ConnectionOptions.TLS = o.TLS
	}
	opts.DataConverter = DataConverter(o.Codec)
	// Failure messages and stack traces may quote command output: they go
	// into history encrypted too.
	opts.FailureConverter = temporal.NewDefaultFailureConverter(temporal.DefaultFailureConverterOptions{
		DataConverter: opts.DataConverter, EncodeCommonAttributes: true})
	dialCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	c, err := client.DialContext(dialCtx, opts)
	if err != nil {
		return nil, err
	}
	return c, nil
}

// EnsureNamespace registers namespace if it does not exist yet.
func EnsureNamespace(ctx context.Context, c client.Client, namespace string) error {
	_, err := c.WorkflowService().DescribeNamespace(ctx, &workflowservice.DescribeNamespaceRequest{Namespace: namespace})
	var notFound *serviceerror.NamespaceNotFound
	if err == nil || !errors.As(err, &notFound) {
		return err
	}
	_, err = c.WorkflowService().RegisterNamespace(ctx, &workflowservice.RegisterNamespaceRequest{
		Namespace:                        namespace,
		WorkflowExecutionRetentionPeriod: durationpb.New(7 * 24 * time.Hour),
	})
	var exists *serviceerror.NamespaceAlreadyExists
	if err != nil && !errors.As(err, &exists) {
		return fmt.Errorf("register namespace %s: %w", namespace, err)
	}
	return waitFor(ctx, func() error {
		_, err := c.WorkflowService().DescribeNamespace(ctx, &workflowservice.DescribeNamespaceRequest{Namespace: namespace})
		return err
	})
}

// EnsureSearchAttributes adds the missing custom search attributes through
// the operator service and waits until the namespace reports all of them.
func EnsureSearchAttributes(ctx context.Context, c client.Client, namespace string, want map[string]enums.IndexedValueType) error {
	missing, err := missingAttributes(ctx, c, namespace, want)
	if err != nil || len(missing) == 0 {
		return err
	}
	_, err = c.OperatorService().AddSearchAttributes(ctx, &operatorservice.AddSearchAttributesRequest{
		Namespace: namespace, SearchAttributes: missing,
	})
	var exists *serviceerror.AlreadyExists
	if err != nil && !errors.As(err, &exists) {
		return fmt.Errorf("add search attributes: %w", err)
	}
	return waitFor(ctx, func() error {
		m, err := missingAttributes(ctx, c, namespace, want)
		if err == nil && len(m) > 0 {
			err = fmt.Errorf("search attributes not visible yet: %v", m)
		}
		return err
	})
}

func missingAttributes(ctx context.Context, c client.Client, namespace string, want map[string]enums.IndexedValueType) (map[string]enums.IndexedValueType, error) {
	resp, err := c.OperatorService().ListSearchAttributes(ctx, &operatorservice.ListSearchAttributesRequest{Namespace: namespace})
	if err != nil {
		return nil, fmt.Errorf("list search attributes: %w", err)
	}
	missing := map[string]enums.IndexedValueType{}
	for name, typ := range want {
		got, ok := resp.GetCustomAttributes()[name]
		if !ok {
			missing[name] = typ
		} else if got != typ {
			return nil, fmt.Errorf("search attribute %s exists with type %s, want %s", name, got, typ)
		}
	}
	return missing, nil
}

func waitFor(ctx context.Context, check func() error) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	for {
		err := check()
		if err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// NewMetricsHandler reports the Temporal SDK's metrics (workflow task
// latency, activity failures, poller counts...) into reg.
func NewMetricsHandler(reg *prometheus.Registry) (client.MetricsHandler, func() error, error) {
	reporter, err := tallyprom.Configuration{TimerType: "histogram"}.NewReporter(tallyprom.ConfigurationOptions{
		Registry: reg,
		OnError:  func(err error) { slog.Warn("temporal metric registration failed", "err", err) },
	})
	if err != nil {
		return nil, nil, fmt.Errorf("temporal metrics reporter: %w", err)
	}
	scope, closer := tally.NewRootScope(tally.ScopeOptions{
		CachedReporter:  reporter,
		Separator:       tallyprom.DefaultSeparator,
		SanitizeOptions: &sdktally.PrometheusSanitizeOptions,
	}, time.Second)
	return sdktally.NewMetricsHandler(scope), closer.Close, nil
}

// TLSConfig builds the client side of mutual TLS with the Temporal
// frontend: a client certificate (certFile and keyFile, both or neither),
// the CA bundle that signed the frontend's certificate (caFile, else the
// system roots) and the name to verify (serverName, else the host dialled).
func TLSConfig(certFile, keyFile, caFile, serverName string) (*tls.Config, error) {
	cfg := &tls.Config{MinVersion: tls.VersionTLS12, ServerName: serverName}
	if (certFile == "") != (keyFile == "") {
		return nil, errors.New("TEMPORAL_TLS_CERT_FILE and TEMPORAL_TLS_KEY_FILE go together")
	}
	if certFile != "" {
		cert, err := tls.LoadX509KeyPair(certFile, keyFile)
		if err != nil {
			return nil, fmt.Errorf("temporal client certificate: %w", err)
		}
		cfg.Certificates = []tls.Certificate{cert}
	}
	if caFile != "" {
		pem, err := os.ReadFile(caFile)
		if err != nil {
			return nil, fmt.Errorf("TEMPORAL_TLS_CA_FILE: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("TEMPORAL_TLS_CA_FILE %s holds no PEM certificate", caFile)
		}
		cfg.RootCAs = pool
	}
	return cfg, nil
}
