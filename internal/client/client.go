// Package client is the one HTTP client that every hwcjobs data source shares:
// endpoints, AK/SK signing or token authentication, retries, API errors,
// bounded and validated JSON bodies, paging, the IAM project lookup and
// request logging with secrets masked.
package client

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/go-cleanhttp"
	"github.com/hashicorp/go-retryablehttp"
	"github.com/hashicorp/terraform-plugin-log/tflog"
	"golang.org/x/sync/semaphore"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/credentials"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/sign"
)

// Service is a Huawei Cloud service the provider talks to; its value is the
// key of the provider's endpoints argument.
type Service string

const (
	CSE          Service = "cse"
	DLF          Service = "dlf"
	CCE          Service = "cce"
	ServiceStage Service = "servicestage"
	IAM          Service = "iam"
	STS          Service = "sts"
	Metadata     Service = "metadata"
)

// Services are all services, in the order the documentation lists them.
var Services = []Service{CSE, DLF, CCE, ServiceStage, IAM, STS, Metadata}

var serviceInfo = map[Service]struct{ title, host string }{
	CSE:          {"CSE", "cse"},
	DLF:          {"DataArts Studio DLF", "dayu-dlf"},
	CCE:          {"CCE", "cce"},
	ServiceStage: {"ServiceStage", "servicestage"},
	IAM:          {"IAM", "iam"},
	STS:          {"STS", "sts"},
	Metadata:     {"ECS metadata service", ""},
}

// Title is the service's name as users know it.
func (s Service) Title() string { return serviceInfo[s].title }

// Known reports whether s is one of Services.
func (s Service) Known() bool { _, ok := serviceInfo[s]; return ok }

const (
	// MaxBodyBytes bounds every response body the client reads.
	MaxBodyBytes = 32 << 20
	// DefaultCloud is the domain suffix of default endpoints.
	DefaultCloud = "myhuaweicloud.com"
	// DefaultMaxRetries is max_retries when unset.
	DefaultMaxRetries = 5

	// DefaultAnswerTimeout is Config.AnswerTimeout when unset: far longer
	// than any of these APIs takes to answer, or to send the next bytes of a
	// page.
	DefaultAnswerTimeout = 30 * time.Second
	// DefaultConnectTimeout is Config.ConnectTimeout when unset.
	DefaultConnectTimeout = 10 * time.Second

	// maxConnsPerHost bounds the connections to one endpoint.
	maxConnsPerHost = 64

	projectPlaceholder = "{project_id}"
)

// Config is everything the provider configuration resolved.
type Config struct {
	Region              string
	AccessKey           string
	SecretKey           string
	SecurityToken       string
	Token               string
	ProjectID           string
	Cloud               string
	Endpoints           map[Service]*url.URL
	Insecure            bool
	MaxRetries          int
	EnterpriseProjectID string
	Version             string

	// RetryWaitMin and RetryWaitMax bound the backoff between retries
	// (defaults 1s and 30s); tests shorten them.
	RetryWaitMin, RetryWaitMax time.Duration
	// AnswerTimeout bounds how long one attempt may go without a byte of
	// its answer: until the headers, and then between reads of the body
	// (default DefaultAnswerTimeout). It bounds idle time, not the whole
	// answer, so that a large page still streams. An attempt that gets no
	// answer in time is retried once, so that a hung endpoint cannot hang a
	// plan; tests shorten it.
	AnswerTimeout time.Duration
	// ConnectTimeout bounds the opening of a connection (default
	// DefaultConnectTimeout); a connection not open in time is an attempt
	// without an answer.
	ConnectTimeout time.Duration
	// Now is the signing clock; time.Now when nil.
	Now func() time.Time
	// Transport replaces the pooled default transport; tests only.
	Transport http.RoundTripper
	// TLS is the TLS configuration of the default transport (cacert_file,
	// cert and key); nil for the system's.
	TLS *tls.Config

	// ProjectName is the project looked up in IAM (default: Region).
	ProjectName string
	// Sources are the credential sources beyond static keys (rev. 2).
	Sources Sources
}

// Client is safe for concurrent use by every data source of one provider.
type Client struct {
	cfg  Config
	http *retrier

	projectMu sync.Mutex
	projectID string

	// flight shares the project lookup, as the credential cache shares
	// its exchanges, under the same cancellation rule.
	flight *credentials.Flight
	// stop ends the shared lookups and exchanges in flight (Close).
	stop  context.CancelFunc
	creds CredentialProvider

	pages *semaphore.Weighted // page requests of ReadPages in flight (paging.go)
}

// New builds the client. It makes no request.
func New(cfg Config) *Client {
	if cfg.Cloud == "" {
		cfg.Cloud = DefaultCloudFor(cfg.Region)
	}
	if cfg.RetryWaitMin <= 0 {
		cfg.RetryWaitMin = time.Second
	}
	if cfg.RetryWaitMax <= 0 {
		cfg.RetryWaitMax = 30 * time.Second
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.AnswerTimeout <= 0 {
		cfg.AnswerTimeout = DefaultAnswerTimeout
	}
	if cfg.ConnectTimeout <= 0 {
		cfg.ConnectTimeout = DefaultConnectTimeout
	}
	if cfg.ProjectName == "" {
		cfg.ProjectName = cfg.Region
	}
	base := cfg.Transport
	if base == nil {
		t := cleanhttp.DefaultPooledTransport()
		// Terraform reads up to 10 data sources at once, and waits keep
		// polling. The pool keeps idle as many connections as it may open,
		// so that a burst of reads opens none that it then throws away, and
		// reads beyond the limit wait for a connection instead of opening more.
		t.MaxConnsPerHost = maxConnsPerHost
		t.MaxIdleConnsPerHost = maxConnsPerHost
		t.DialContext = (&net.Dialer{Timeout: cfg.ConnectTimeout, KeepAlive: 30 * time.Second}).DialContext
		// HTTP/1.1 only: sendOnce's empty body goes out as no body at all
		// over HTTP/1.1, but as an empty DATA frame over HTTP/2.
		t.Protocols = new(http.Protocols)
		t.Protocols.SetHTTP1(true)
		if cfg.TLS != nil {
			t.TLSClientConfig = cfg.TLS.Clone()
		}
		if cfg.Insecure {
			if t.TLSClientConfig == nil {
				t.TLSClientConfig = &tls.Config{}
			}
			t.TLSClientConfig.InsecureSkipVerify = true //nolint:gosec // the user asked for it
		}
		base = t
	}
	c := &Client{cfg: cfg, projectID: cfg.ProjectID}
	life, stop := context.WithCancel(context.Background())
	c.flight, c.stop = credentials.NewFlight(life), stop
	c.creds = c.newCredentials(life)
	c.http = &retrier{now: cfg.Now, Client: &retryablehttp.Client{
		HTTPClient: &http.Client{
			// No Timeout: readWhole bounds the idle time of each attempt,
			// and timeouts.read (the context) the whole read.
			Transport: readWhole{timeout: cfg.AnswerTimeout, next: &signingTransport{next: &loggingTransport{next: sendOnce{next: base}}, cfg: &c.cfg}},
			// No request of ours needs a redirect; following one would
			// send the credentials elsewhere.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
		RetryMax:       cfg.MaxRetries,
		RetryWaitMin:   cfg.RetryWaitMin,
		RetryWaitMax:   cfg.RetryWaitMax,
		CheckRetry:     checkRetry,
		Backoff:        backoff(cfg.Now),
		ErrorHandler:   retryablehttp.PassthroughErrorHandler,
		RequestLogHook: logRetry,
	}}
	c.pages = semaphore.NewWeighted(pagesPerProvider)
	c.http.ResponseLogHook = noteThrottled
	return c
}

// DefaultCloudFor is the domain suffix of a region's default endpoints.
func DefaultCloudFor(region string) string {
	if strings.HasPrefix(region, "eu-west-1") {
		return "myhuaweicloud.eu"
	}
	return DefaultCloud
}

// Endpoint is the base URL of a service: the configured override, or
// https://{service}.{region}.{cloud}.
func (c *Client) Endpoint(s Service) (*url.URL, error) {
	if u, ok := c.cfg.Endpoints[s]; ok {
		return u, nil
	}
	if s == Metadata {
		return url.Parse(DefaultMetadataEndpoint)
	}
	if c.cfg.Region == "" {
		return nil, &ConfigError{Argument: "region", Detail: fmt.Sprintf(
			"No region is configured, so the %s endpoint is unknown. Set region (or HW_REGION_NAME), or give the endpoint as endpoints = { %s = \"https://...\" }.",
			s.Title(), s)}
	}
	return &url.URL{Scheme: "https", Host: serviceInfo[s].host + "." + c.cfg.Region + "." + c.cfg.Cloud}, nil
}

// Request is one API call. Path uses the API page's placeholders:
// {project_id} is filled by the client, others from PathParams, escaped.
type Request struct {
	Service    Service
	Path       string
	PathParams map[string]string
	Query      url.Values
	Header     http.Header
}

// Get sends a GET request and decodes the JSON body into out. Failures are
// *APIError (the API answered with an error), *DecodeError (the body is not
// the JSON expected), *TransportError (no answer), *CredentialsError or
// *ConfigError. Temporary credentials that the API refuses with 401 are
// renewed once and the request is sent again.
func (c *Client) Get(ctx context.Context, r Request, out any) error {
	creds, err := c.creds.Credentials(c.maskSecrets(ctx))
	if err != nil {
		return err
	}
	if domain := c.creds.DomainID(); r.Service == IAM && domain != "" {
		r.Header = r.Header.Clone()
		if r.Header == nil {
			r.Header = http.Header{}
		}
		r.Header.Set("X-Domain-Id", domain)
	}
	err = c.get(withCredentials(ctx, creds), r, out)
	var apiErr *APIError
	if !creds.Renewable() || !errors.As(err, &apiErr) || apiErr.Status != http.StatusUnauthorized {
		return err
	}
	tflog.Info(c.maskSecrets(ctx), "Huawei Cloud refused the temporary credentials; renewing them once and sending the request again",
		map[string]any{"source": creds.Source})
	renewed, renewErr := c.creds.Renew(c.maskSecrets(ctx), creds)
	if renewErr != nil {
		return renewErr
	}
	return c.get(withCredentials(ctx, renewed), r, out)
}

// get sends a GET request with the credentials of ctx (see Get).
func (c *Client) get(ctx context.Context, r Request, out any) error {
	ctx = c.maskSecrets(ctx)
	base, err := c.Endpoint(r.Service)
	if err != nil {
		return err
	}
	projectID := ""
	if strings.Contains(r.Path, projectPlaceholder) {
		if projectID, err = c.ProjectID(ctx); err != nil {
			return err
		}
	}
	path, rawPath := expandPath(r.Path, projectID, r.PathParams)
	u := *base
	u.Path = strings.TrimSuffix(base.Path, "/") + path
	u.RawPath = strings.TrimSuffix(base.EscapedPath(), "/") + rawPath
	u.RawQuery = sign.CanonicalQuery(r.Query)

	req, err := retryablehttp.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return &ConfigError{Argument: "endpoints", Detail: fmt.Sprintf("Cannot build a request to %s: %v", u.Redacted(), err)}
	}
	req.Header.Set("User-Agent", "terraform-provider-hwcjobs/"+c.cfg.Version)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Content-Type", "application/json;charset=UTF-8")
	if projectID != "" {
		req.Header.Set("X-Project-Id", projectID)
	}
	if r.Service == CSE && c.cfg.EnterpriseProjectID != "" {
		req.Header.Set("X-Enterprise-Project-ID", c.cfg.EnterpriseProjectID)
	}
	for k, vs := range r.Header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}

	call := Call{Service: r.Service, Method: http.MethodGet, Path: u.Path}
	release, err := c.pageSlot(ctx)
	if err != nil {
		return &TransportError{Call: call, Err: err}
	}
	resp, tries, err := c.http.do(req)
	release()
	if err != nil {
		return &TransportError{Call: call, Err: err}
	}
	defer func() { _ = resp.Body.Close() }()
	call.Status = resp.StatusCode
	call.RequestID = resp.Header.Get("X-Request-Id")

	// readWhole has read the body within the attempt.
	body, err := bodyOf(resp)
	if err != nil {
		return &TransportError{Call: call, Err: fmt.Errorf("reading the response: %w", err)}
	}
	if len(body) > MaxBodyBytes {
		return &DecodeError{Call: call, Err: errTooLarge}
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		apiErr := newAPIError(call, body)
		apiErr.Code, apiErr.Message = c.redact(apiErr.Code), c.redact(apiErr.Message)
		if retryable[resp.StatusCode] {
			apiErr.Tries = tries
		}
		return apiErr
	}
	if err := json.Unmarshal(body, out); err != nil {
		return &DecodeError{Call: call, Err: err}
	}
	if checked, ok := out.(Checked); ok {
		if err := checked.Check(); err != nil {
			return &DecodeError{Call: call, Err: &unexpectedAnswer{err}}
		}
	}
	return nil
}

// Checked is a body that says, once decoded, whether it is the answer
// expected (a field the API always sends, say): Get into one whose Check
// fails is a *DecodeError of that request, with its status and request id.
type Checked interface {
	Check() error
}

// unexpectedAnswer is the error of a Check.
type unexpectedAnswer struct{ err error }

func (e *unexpectedAnswer) Error() string { return e.err.Error() }
func (e *unexpectedAnswer) Unwrap() error { return e.err }

// ProjectID is the configured project, or the one IAM names after the region,
// looked up once per provider, on first use. Readers that need it while a
// lookup is in flight share that lookup (credentials.Flight): it runs under
// a context of its own, so that a reader's short timeout or cancellation
// does not fail the others, and each reader waits no longer than its own
// context allows.
func (c *Client) ProjectID(ctx context.Context) (string, error) {
	c.projectMu.Lock()
	id := c.projectID
	c.projectMu.Unlock()
	if id != "" {
		return id, nil
	}
	v, err := c.flight.Do(ctx, "project", func(fctx context.Context) (any, error) {
		c.projectMu.Lock()
		id := c.projectID
		c.projectMu.Unlock()
		if id != "" {
			return id, nil
		}
		id, err := c.lookupProject(fctx)
		if err != nil {
			return "", err
		}
		c.projectMu.Lock()
		c.projectID = id
		c.projectMu.Unlock()
		return id, nil
	})
	id, _ = v.(string)
	return id, err
}

// Close ends the credential exchanges and the project lookup in flight,
// when the provider stops.
func (c *Client) Close() { c.stop() }

// lookupProject asks IAM for the project named project_name, by default
// the region.
func (c *Client) lookupProject(ctx context.Context) (string, error) {
	var out struct {
		Projects []struct {
			ID   string `json:"id"`
			Name string `json:"name"`
		} `json:"projects"`
	}
	err := c.Get(ctx, Request{Service: IAM, Path: "/v3/projects", Query: url.Values{"name": {c.cfg.ProjectName}}}, &out)
	if err != nil {
		return "", fmt.Errorf("looking up project %q (set project_id to skip this): %w", c.cfg.ProjectName, err)
	}
	for _, p := range out.Projects {
		if p.Name == c.cfg.ProjectName && p.ID != "" {
			tflog.Info(ctx, "Discovered the project from IAM", map[string]any{"project_name": c.cfg.ProjectName, "project_id": p.ID})
			return p.ID, nil
		}
	}
	return "", &ConfigError{Argument: "project_id", Detail: fmt.Sprintf(
		"IAM lists no project named %q for these credentials. Check region (or project_name), or set project_id (or HW_PROJECT_ID).", c.cfg.ProjectName)}
}

// expandPath fills the placeholders of an API path, returning the decoded and
// the escaped form.
func expandPath(pattern, projectID string, params map[string]string) (path, raw string) {
	var p, r strings.Builder
	for rest := pattern; rest != ""; {
		open := strings.IndexByte(rest, '{')
		if open < 0 {
			p.WriteString(rest)
			r.WriteString(rest)
			break
		}
		end := strings.IndexByte(rest[open:], '}')
		if end < 0 {
			p.WriteString(rest)
			r.WriteString(rest)
			break
		}
		p.WriteString(rest[:open])
		r.WriteString(rest[:open])
		name := rest[open+1 : open+end]
		value := params[name]
		if name == "project_id" {
			value = projectID
		}
		p.WriteString(value)
		r.WriteString(sign.Escape(value))
		rest = rest[open+end+1:]
	}
	return p.String(), r.String()
}

// signingTransport authenticates every attempt, so that a retried request
// carries a fresh X-Sdk-Date.
type signingTransport struct {
	next http.RoundTripper
	cfg  *Config
}

func (t *signingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	req = req.Clone(req.Context())
	if err := authenticate(req, t.cfg.Now()); err != nil {
		return nil, err
	}
	return t.next.RoundTrip(req)
}

// readWhole reads every answer whole within its attempt (up to one byte more
// than MaxBodyBytes, so that Get can tell a body that is too large), so that
// a body cut short by the connection is a failed attempt, retried with
// backoff like a reset connection, instead of failing the read. It bounds the
// idle time of the attempt: no headers, or no byte of the body, within the
// answer timeout ends it as an attempt without an answer. A GET can always
// be sent again.
type readWhole struct {
	next    http.RoundTripper
	timeout time.Duration // the answer timeout
}

// errIdle ends an attempt that got no answer within the answer timeout.
var errIdle = errors.New("no answer within the answer timeout")

func (t readWhole) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx, cancel := context.WithCancelCause(req.Context())
	defer cancel(nil)
	idle := time.AfterFunc(t.timeout, func() { cancel(errIdle) })
	defer idle.Stop()
	resp, err := t.next.RoundTrip(req.WithContext(ctx))
	if err != nil {
		if context.Cause(ctx) == errIdle {
			return nil, &answerTimeoutError{timeout: t.timeout, what: "no answer"}
		}
		return nil, err
	}
	idle.Reset(t.timeout)
	body, err := readBody(&idleReader{r: io.LimitReader(resp.Body, MaxBodyBytes+1), idle: idle, timeout: t.timeout}, resp.ContentLength)
	_ = resp.Body.Close()
	if err != nil {
		if context.Cause(ctx) == errIdle {
			err = &answerTimeoutError{timeout: t.timeout, what: "no byte of the body"}
		}
		return nil, &CutShortError{Status: resp.StatusCode, Err: err}
	}
	resp.Body = &wholeBody{Reader: bytes.NewReader(body), body: body}
	resp.ContentLength = int64(len(body))
	return resp, nil
}

// idleReader restarts the answer timeout at every read that brings bytes.
type idleReader struct {
	r       io.Reader
	idle    *time.Timer
	timeout time.Duration
}

func (r *idleReader) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	if n > 0 {
		r.idle.Reset(r.timeout)
	}
	return n, err
}

// wholeBody is a body that readWhole has read: Get takes its bytes as they
// are rather than copy them (a page of a large list is megabytes).
type wholeBody struct {
	*bytes.Reader
	body []byte
}

func (*wholeBody) Close() error { return nil }

// bodyOf is the whole body of resp.
func bodyOf(resp *http.Response) ([]byte, error) {
	if whole, ok := resp.Body.(*wholeBody); ok {
		return whole.body, nil
	}
	return readBody(resp.Body, resp.ContentLength)
}

// readBody reads r whole, into a buffer of the announced length when there
// is one (io.ReadAll would grow its buffer step by step, each step a copy).
func readBody(r io.Reader, length int64) ([]byte, error) {
	if length <= 0 || length > MaxBodyBytes {
		return io.ReadAll(r)
	}
	buf := bytes.NewBuffer(make([]byte, 0, length+bytes.MinRead))
	_, err := buf.ReadFrom(r)
	return buf.Bytes(), err
}

// CutShortError is an answer whose body the connection cut short or stalled
// after its headers.
type CutShortError struct {
	Status int
	Err    error
}

func (e *CutShortError) Error() string {
	return fmt.Sprintf("the HTTP %d answer was cut short while its body was read: %v", e.Status, e.Err)
}

func (e *CutShortError) Unwrap() error { return e.Err }

// Timeout reports a body that stalled until the answer timeout, for
// url.Error and net.Error.
func (e *CutShortError) Timeout() bool {
	var t interface{ Timeout() bool }
	return errors.As(e.Err, &t) && t.Timeout()
}

// answerTimeoutError is an attempt that went without a byte of its answer
// for the answer timeout.
type answerTimeoutError struct {
	timeout time.Duration
	what    string // "no answer", "no byte of the body"
}

func (e *answerTimeoutError) Error() string {
	return fmt.Sprintf("%s within %s", e.what, e.timeout)
}

func (e *answerTimeoutError) Timeout() bool   { return true }
func (e *answerTimeoutError) Temporary() bool { return true }

// sendOnce makes each attempt reach the API at most once. net/http re-sends
// a GET by itself, at once and without backoff, when a reused connection
// breaks before the answer (a reset, say), so the API would see more attempts
// than max_retries allows, faster than the backoff allows. A body that
// net/http cannot rewind opts a request out of that (see http.Transport);
// an empty one is sent as no body at all over HTTP/1.1.
type sendOnce struct{ next http.RoundTripper }

func (t sendOnce) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body == nil || req.Body == http.NoBody {
		req = req.Clone(req.Context())
		req.Body, req.GetBody = io.NopCloser(strings.NewReader("")), nil
	}
	return t.next.RoundTrip(req)
}

// ConfigError is a problem of the provider configuration found while reading.
type ConfigError = credentials.ConfigError

// FromProviderData is the client a data source's Configure receives. It is
// nil before the provider is configured, which Terraform does for validation.
func FromProviderData(data any, diags interface{ AddError(string, string) }) *Client {
	if data == nil {
		return nil
	}
	c, ok := data.(*Client)
	if !ok {
		diags.AddError("Unexpected Provider Data", fmt.Sprintf("expected *client.Client, got %T; this is a bug in the provider, please report it", data))
	}
	return c
}
