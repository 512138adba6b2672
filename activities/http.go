package activities

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"go.temporal.io/sdk/temporal"

	"github.com/opsmanager/opsmanager/contract"
	"github.com/opsmanager/opsmanager/outbound"
)

var allowedMethods = []string{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}

// HTTPRequest performs the request. Bad requests, blocked targets and
// unexpected 4xx responses fail permanently; 5xx responses, timeouts and
// connection errors are retried by the step's retry policy.
func (a *Activities) HTTPRequest(ctx context.Context, in contract.HTTPRequestInput) (contract.HTTPRequestResult, error) {
	if in.TimeoutSeconds > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, time.Duration(in.TimeoutSeconds)*time.Second)
		defer cancel()
	}
	req, err := buildRequest(ctx, in)
	if err != nil {
		return contract.HTTPRequestResult{}, temporal.NewNonRetryableApplicationError(err.Error(), contract.ErrHTTPInvalidRequest, err)
	}
	start := time.Now()
	resp, err := a.HTTP.Do(req)
	if err != nil {
		// *url.Error repeats the URL with its query and user name: keep only its cause.
		var urlErr *url.Error
		if errors.As(err, &urlErr) {
			err = urlErr.Err
		}
		var blocked *outbound.BlockedError
		if errors.As(err, &blocked) {
			return contract.HTTPRequestResult{}, temporal.NewNonRetryableApplicationError(blocked.Error(), contract.ErrHTTPBlockedTarget, err)
		}
		return contract.HTTPRequestResult{}, fmt.Errorf("%s %s: %w", req.Method, redactURL(in.URL), err)
	}
	defer resp.Body.Close()
	body, truncated, err := readCapped(resp.Body, a.maxResponseBytes())
	if err != nil {
		return contract.HTTPRequestResult{}, fmt.Errorf("read response: %w", err)
	}
	res := contract.HTTPRequestResult{
		Status: resp.StatusCode, ContentType: resp.Header.Get("Content-Type"),
		Body: body, Truncated: truncated, DurationMs: time.Since(start).Milliseconds(),
	}
	return res, statusError(req.Method, in, resp.StatusCode)
}

func buildRequest(ctx context.Context, in contract.HTTPRequestInput) (*http.Request, error) {
	method := strings.ToUpper(in.Method)
	if method == "" {
		method = http.MethodGet
	}
	if !slices.Contains(allowedMethods, method) {
		return nil, fmt.Errorf("method %q is not supported", in.Method)
	}
	u, err := url.Parse(in.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("url %q must be an absolute http or https URL", redactURL(in.URL))
	}
	var body io.Reader
	if in.JSON != nil {
		b, err := json.Marshal(in.JSON)
		if err != nil {
			return nil, fmt.Errorf("encode body: %w", err)
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", "OpsManager/1")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range in.Headers {
		req.Header.Set(k, v)
	}
	return req, nil
}

func statusError(method string, in contract.HTTPRequestInput, status int) error {
	ok := status >= 200 && status < 300
	if len(in.ExpectStatus) > 0 {
		ok = slices.Contains(in.ExpectStatus, status)
	}
	if ok {
		return nil
	}
	msg := fmt.Sprintf("%s %s answered %d", method, redactURL(in.URL), status)
	if len(in.ExpectStatus) > 0 {
		msg += fmt.Sprintf(", expected %v", in.ExpectStatus)
	}
	switch {
	case status >= 500:
		return temporal.NewApplicationError(msg, contract.ErrHTTPServerError)
	case status >= 400:
		return temporal.NewNonRetryableApplicationError(msg, contract.ErrHTTPClientError, nil)
	}
	return temporal.NewNonRetryableApplicationError(msg, contract.ErrHTTPUnexpectedStatus, nil)
}

func readCapped(r io.Reader, max int64) (string, bool, error) {
	b, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return "", false, err
	}
	truncated := int64(len(b)) > max
	if truncated {
		b = trimPartialRune(b[:max])
	}
	if !utf8.Valid(b) {
		return fmt.Sprintf("(%d bytes of binary data)", len(b)), truncated, nil
	}
	return string(b), truncated, nil
}

// trimPartialRune drops a UTF-8 character cut in half at the end of b.
func trimPartialRune(b []byte) []byte {
	for i := 1; i <= utf8.UTFMax && i <= len(b); i++ {
		if utf8.RuneStart(b[len(b)-i]) {
			if !utf8.FullRune(b[len(b)-i:]) {
				return b[:len(b)-i]
			}
			return b
		}
	}
	return b
}

func (a *Activities) maxResponseBytes() int64 {
	if a.MaxResponseBytes > 0 {
		return a.MaxResponseBytes
	}
	return 64 << 10
}

// redactURL hides userinfo and query values, which may carry secrets.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(invalid URL)"
	}
	if u.User != nil {
		u.User = url.User("redacted")
	}
	if u.RawQuery != "" {
		u.RawQuery = "redacted"
	}
	return u.String()
}
