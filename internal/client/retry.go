package client

import (
	"context"
	"crypto/x509"
	"errors"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/hashicorp/go-retryablehttp"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// retryable are the statuses that mean "try again later".
var retryable = map[int]bool{
	http.StatusRequestTimeout:      true,
	http.StatusTooManyRequests:     true,
	http.StatusInternalServerError: true,
	http.StatusBadGateway:          true,
	http.StatusServiceUnavailable:  true,
	http.StatusGatewayTimeout:      true,
}

// checkRetry retries GET requests (and the credential exchanges) on the
// retryable statuses and on connection errors, and never once the context has
// ended.
func checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	if err != nil {
		if certificateError(err) || unknownHost(err) {
			return false, err
		}
		return true, nil
	}
	if resp.Request != nil && resp.Request.Method != http.MethodGet && !isExchange(resp.Request) {
		return false, nil
	}
	return retryable[resp.StatusCode], nil
}

// certificateError reports a TLS certificate that could not be verified: no
// retry changes that.
func certificateError(err error) bool {
	var urlErr *url.Error
	if !errors.As(err, &urlErr) {
		return false
	}
	var unknownAuthority x509.UnknownAuthorityError
	var invalidCert x509.CertificateInvalidError
	var hostname x509.HostnameError
	return errors.As(err, &unknownAuthority) || errors.As(err, &invalidCert) || errors.As(err, &hostname)
}

// unknownHost reports a name that DNS says does not exist: a wrong endpoint
// or region, which no retry mends. A DNS server that could not answer is
// another matter, and is retried.
func unknownHost(err error) bool {
	var dnsErr *net.DNSError
	return errors.As(err, &dnsErr) && dnsErr.IsNotFound
}

// backoff waits as Retry-After says (an HTTP date read on the clock now), or
// exponentially longer with full jitter.
func backoff(now func() time.Time) retryablehttp.Backoff {
	return func(lo, hi time.Duration, attempt int, resp *http.Response) time.Duration {
		if resp != nil {
			if d, ok := retryAfter(resp.Header.Get("Retry-After"), now()); ok {
				return d
			}
		}
		return jittered(lo, hi, attempt)
	}
}

// jittered is the exponential backoff of an attempt without Retry-After.
func jittered(lo, hi time.Duration, attempt int) time.Duration {
	ceiling := lo << min(attempt, 30)
	if ceiling <= 0 || ceiling > hi {
		ceiling = hi
	}
	// Full jitter, but never less than half the ceiling, so that retries
	// still back off.
	half := ceiling / 2
	return half + rand.N(ceiling-half+1)
}

// maxRetryAfter caps what a server may ask us to wait for one retry.
const maxRetryAfter = 5 * time.Minute

// retryAfter reads a Retry-After header: delay seconds or an HTTP date.
func retryAfter(v string, now time.Time) (time.Duration, bool) {
	if v == "" {
		return 0, false
	}
	var d time.Duration
	if secs, err := strconv.Atoi(v); err == nil {
		if secs < 0 {
			return 0, false
		}
		d = time.Duration(secs) * time.Second
	} else if at, err := http.ParseTime(v); err == nil {
		d = max(at.Sub(now), 0)
	} else {
		return 0, false
	}
	return min(d, maxRetryAfter), true
}

// logRetry logs each retry of a request at WARN; the first attempt is logged
// by the logging transport alone.
func logRetry(_ retryablehttp.Logger, req *http.Request, attempt int) {
	if attempt == 0 {
		return
	}
	tflog.Warn(req.Context(), "Retrying Huawei Cloud API request", map[string]any{
		"method": req.Method, "url": req.URL.Redacted(), "retry": attempt,
	})
}
