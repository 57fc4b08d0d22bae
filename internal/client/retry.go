package client

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
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

// maxNoAnswer is how many attempts of one request may get no answer: an
// endpoint that hangs once is tried once more, since a hung endpoint rarely
// recovers in seconds and each such attempt costs a whole answer timeout.
const maxNoAnswer = 2

// failure is how a failed attempt is retried.
type failure int

const (
	// passing failures (a connection refused or reset, a body cut short)
	// are retried up to max_retries.
	passing failure = iota
	// noAnswer is an attempt that got no answer in time (no connection
	// within the connect timeout, no headers or no body bytes within the
	// answer timeout): retried once.
	noAnswer
	// lasting failures are never retried: no later attempt mends them.
	lasting
)

// classify says how a failed attempt is retried.
func classify(err error) failure {
	var netErr net.Error
	switch {
	case certificateError(err) || unknownHost(err) || notTLS(err) || malformedAnswer(err):
		return lasting
	case errors.As(err, &netErr) && netErr.Timeout():
		return noAnswer
	}
	return passing
}

// checkRetry retries GET requests (and the credential exchanges) on the
// retryable statuses and on connection errors, as classify says, and never
// once the context has ended. It counts the attempts of the request in the
// attempts of its context, if any.
func checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	a, _ := ctx.Value(attemptsKey{}).(*attempts)
	a.count(resp, err)
	if ctx.Err() != nil {
		if a != nil {
			a.cutOff = true
		}
		return false, ctx.Err()
	}
	if err != nil {
		switch classify(err) {
		case lasting:
			return false, err
		case noAnswer:
			if a != nil && a.noAnswer >= maxNoAnswer {
				return false, err
			}
		}
		return true, nil
	}
	if resp.Request != nil && resp.Request.Method != http.MethodGet && !isExchange(resp.Request) {
		return false, nil
	}
	return retryable[resp.StatusCode], nil
}

// attemptsKey carries the *attempts of a request in its context.
type attemptsKey struct{}

// attempts counts the attempts of one request, for the retry policy and for
// the error of a request that gave up. checkRetry updates it after each
// attempt, one attempt at a time.
type attempts struct {
	n, noAnswer int
	start       time.Time
	// lastFailure is how the last attempt failed, when it got no answer.
	lastFailure failure
	// cutOff is set when the end of the context cut an attempt off, rather
	// than the wait before the next one.
	cutOff bool
}

func (a *attempts) count(resp *http.Response, err error) {
	if a == nil {
		return
	}
	a.n++
	if err != nil && resp == nil {
		a.lastFailure = classify(err)
		if a.lastFailure == noAnswer {
			a.noAnswer++
		}
	}
}

// Tries says how many attempts a request made and over how long, for its
// error.
type Tries struct {
	// Attempts is how many attempts the request made; 0 when unknown.
	Attempts int
	// Over is the time from the first attempt to the end of the last.
	Over time.Duration
	// NoAnswer is how many of them got no answer in time.
	NoAnswer int
	// MaxRetries is the max_retries in force.
	MaxRetries int
}

// String says how many attempts a request made, over how long, and what
// bounded them: "after 6 attempts over 3.2s (max_retries = 5)".
func (t Tries) String() string {
	if t.Attempts == 0 {
		return ""
	}
	s := fmt.Sprintf("after %d %s over %s", t.Attempts, plural(t.Attempts, "attempt"), rounded(t.Over))
	switch {
	case t.NoAnswer >= maxNoAnswer:
		s += fmt.Sprintf(", %d of them without an answer (an attempt without an answer is retried once, whatever max_retries)", t.NoAnswer)
	case t.Attempts == t.MaxRetries+1:
		s += fmt.Sprintf(" (max_retries = %d)", t.MaxRetries)
	}
	return s
}

// rounded is a measured time as an error shows it: to the millisecond under
// a second, to the tenth of a second above.
func rounded(d time.Duration) time.Duration {
	if d >= time.Second {
		return d.Round(100 * time.Millisecond)
	}
	return d.Round(time.Millisecond)
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

// RetriesError is the failure of the last attempt of a request that got no
// answer, with how many attempts it made: the client gave up on it, or it
// was never to be retried.
type RetriesError struct {
	Tries
	// Retried is false for a failure that is never retried (an untrusted
	// certificate, an answer that is not TLS or not HTTP, an unknown host).
	Retried bool
	Err     error
}

func (e *RetriesError) Error() string {
	if e.Attempts == 0 {
		return e.Err.Error()
	}
	if !e.Retried {
		return fmt.Sprintf("%s, not retried: %v", e.Tries, e.Err)
	}
	return fmt.Sprintf("gave up %s; the last one got: %v", e.Tries, e.Err)
}

func (e *RetriesError) Unwrap() error { return e.Err }

// EndedError is a request that the end of the read's context stopped:
// timeouts.read passed, or Terraform cancelled the read.
type EndedError struct {
	Tries
	// Waiting is set when the context ended while the request waited to be
	// retried, rather than during an attempt.
	Waiting bool
	// ReadTimeout is the timeouts.read that passed, when it was that.
	ReadTimeout time.Duration
	Err         error // context.Canceled or context.DeadlineExceeded
}

func (e *EndedError) Error() string {
	what := "the read's deadline"
	if e.ReadTimeout > 0 {
		what = fmt.Sprintf("timeouts.read (%s)", e.ReadTimeout)
	}
	switch {
	case !errors.Is(e.Err, context.DeadlineExceeded):
		return e.Err.Error()
	case e.Waiting:
		return fmt.Sprintf("%s passed while this request waited to retry after attempt %d, %s after it began: %v",
			what, e.Attempts, rounded(e.Over), e.Err)
	}
	return fmt.Sprintf("%s passed during attempt %d of this request, %s after it began: %v",
		what, max(e.Attempts, 1), rounded(e.Over), e.Err)
}

func (e *EndedError) Unwrap() error { return e.Err }

// readTimeoutKey carries the timeouts.read of a read in its context.
type readTimeoutKey struct{}

type readTimeout struct {
	limit    time.Duration
	deadline time.Time
}

// WithReadTimeout bounds ctx by timeouts.read, so that a request that it
// cuts off says that timeouts.read did.
func WithReadTimeout(ctx context.Context, limit time.Duration) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithTimeout(ctx, limit)
	deadline, _ := ctx.Deadline()
	return context.WithValue(ctx, readTimeoutKey{}, readTimeout{limit: limit, deadline: deadline}), cancel
}

// readTimeoutOf is the timeouts.read that ended ctx, or 0 when another
// deadline did (or none).
func readTimeoutOf(ctx context.Context) time.Duration {
	rt, ok := ctx.Value(readTimeoutKey{}).(readTimeout)
	if deadline, has := ctx.Deadline(); ok && has && deadline.Equal(rt.deadline) && errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return rt.limit
	}
	return 0
}

// retrier is the client's retryablehttp.Client, counting the attempts of
// each request so that the error of one that gave up says what it tried.
type retrier struct {
	*retryablehttp.Client
	now func() time.Time
}

// Do sends req with retries; a request that got no answer fails with a
// *RetriesError or an *EndedError.
func (r *retrier) Do(req *retryablehttp.Request) (*http.Response, error) {
	resp, _, err := r.do(req)
	return resp, err
}

// do is Do, with what the attempts were.
func (r *retrier) do(req *retryablehttp.Request) (*http.Response, Tries, error) {
	ctx := req.Context()
	a := &attempts{start: r.now()}
	resp, err := r.Client.Do(req.WithContext(context.WithValue(ctx, attemptsKey{}, a)))
	tries := Tries{Attempts: a.n, Over: r.now().Sub(a.start), NoAnswer: a.noAnswer, MaxRetries: r.RetryMax}
	switch {
	case err == nil:
	case ctx.Err() != nil:
		err = &EndedError{Tries: tries, Waiting: a.n > 0 && !a.cutOff, ReadTimeout: readTimeoutOf(ctx), Err: ctx.Err()}
	default:
		err = &RetriesError{Tries: tries, Retried: a.lastFailure != lasting, Err: err}
	}
	return resp, tries, err
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

// notTLS reports an answer to an https:// request that is not TLS: a
// plain-HTTP server, or something else on the port.
func notTLS(err error) bool {
	var header tls.RecordHeaderError
	return errors.As(err, &header) || strings.Contains(err.Error(), "server gave HTTP response to HTTPS client")
}

// malformedAnswer reports an answer that is not HTTP, which net/http names
// only in its text.
func malformedAnswer(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "malformed HTTP") || strings.Contains(msg, "malformed MIME")
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
