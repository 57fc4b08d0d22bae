package client

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// sensitiveHeaders never appear in a log line with their values.
var sensitiveHeaders = map[string]bool{
	"Authorization":    true,
	"X-Auth-Token":     true,
	"X-Security-Token": true,
	"X-Subject-Token":  true,
	"X-Metadata-Token": true,
}

// signaturePattern finds the signature of an Authorization header wherever it
// ends up in a message or a field.
var signaturePattern = regexp.MustCompile(`Signature=[0-9a-fA-F]+`)

// secrets are the credentials given and obtained, which are never shown.
func (c *Client) secrets() []string { return c.creds.Secrets() }

// redact hides the configured secrets and any signature in text that came
// from the API: a gateway or proxy may echo a request's headers in an error.
func (c *Client) redact(s string) string {
	for _, secret := range c.secrets() {
		s = strings.ReplaceAll(s, secret, "***")
	}
	return signaturePattern.ReplaceAllString(s, "Signature=***")
}

// maskSecrets makes every log line written with ctx hide the configured
// secrets and signatures, whatever the level and wherever they appear.
func (c *Client) maskSecrets(ctx context.Context) context.Context {
	if secrets := c.secrets(); len(secrets) > 0 {
		ctx = tflog.MaskMessageStrings(ctx, secrets...)
		ctx = tflog.MaskAllFieldValuesStrings(ctx, secrets...)
	}
	ctx = tflog.MaskMessageRegexes(ctx, signaturePattern)
	return tflog.MaskAllFieldValuesRegexes(ctx, signaturePattern)
}

// loggingTransport logs every attempt: method and URL at DEBUG before, and
// status, duration and request id after; headers, masked, at TRACE.
type loggingTransport struct{ next http.RoundTripper }

func (t *loggingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	fields := map[string]any{"method": req.Method, "url": req.URL.Redacted()}
	tflog.Debug(ctx, "Sending Huawei Cloud API request", fields)
	tflog.Trace(ctx, "Huawei Cloud API request headers", map[string]any{"headers": maskedHeaders(req.Header)})

	start := time.Now()
	resp, err := t.next.RoundTrip(req)
	fields["duration_ms"] = time.Since(start).Milliseconds()
	if err != nil {
		fields["error"] = err.Error()
		tflog.Debug(ctx, "Huawei Cloud API request failed", fields)
		return nil, err
	}
	fields["status"] = resp.StatusCode
	fields["request_id"] = resp.Header.Get("X-Request-Id")
	tflog.Debug(ctx, "Received Huawei Cloud API response", fields)
	return resp, nil
}

func maskedHeaders(h http.Header) map[string]string {
	out := make(map[string]string, len(h))
	for k := range h {
		v := h.Get(k)
		if sensitiveHeaders[http.CanonicalHeaderKey(k)] {
			v = "***"
		}
		out[k] = v
	}
	return out
}
