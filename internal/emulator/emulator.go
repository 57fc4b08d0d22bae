// Package emulator stands in for the Huawei Cloud APIs that hwcjobs reads:
// CSE engine jobs, DataArts Studio DLF jobs and their instances (runs), CCE
// jobs, ServiceStage jobs and the IAM project lookup, all on one address. Tests run it in process (Start)
// and the demo runs it as a process (cmd/hwcjobs-emulator, Serve).
//
// Every request goes through these steps, in order:
//
//  1. a method other than GET (other than the one method of a credential
//     API, see credentials.go) is answered 405;
//  2. authentication: an AK/SK signature (Authorization header), permanent
//     or temporary (issued by the emulator, unexpired, with its
//     X-Security-Token), or an IAM token (X-Auth-Token), else 401 in the API
//     gateway's shape; the metadata service and the OIDC exchange need none;
//  3. an X-Project-Id header must equal the project id of the path, else 403;
//  4. faults (Inject): delays, error statuses, truncated bodies, resets;
//     faults therefore never hit unauthenticated requests;
//  5. stubs (Stub), the most recently added matching one wins;
//  6. the model: jobs added with Add*, Generate*, LoadExamples, SeedDemo,
//     and the job API (control.go).
//
// The job API under ControlPrefix is answered before all of these: it takes
// no credentials, gets no faults and is not in the request log.
//
// Every request of an emulated API, whatever its outcome, is recorded in the
// request log before its answer is written, so that a client that has its
// answer sees it counted.
package emulator

import (
	"bytes"
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/sign"
)

// Config describes the emulated account. Zero fields get defaults.
type Config struct {
	Region    string            // default "cn-north-4"
	ProjectID string            // default "0123456789abcdef0123456789abcdef"
	Keys      map[string]string // access key -> secret key; default {"test-ak": "test-sk"} when nil
	Token     string            // accepted X-Auth-Token; default "test-token"
	Clock     func() time.Time  // default time.Now; drives Progress.Every, request times and poll-set end times
	// Logger, when set, gets one line per request (method, URL, status,
	// duration, request id). Process mode logs to stderr with it.
	Logger *log.Logger
	// Paging is how the list APIs cut pages at start; see SetPaging.
	Paging Paging
	// Latency delays every answer, as a real region's round trip does
	// (30 to 100 ms); a request whose client goes away meanwhile is logged
	// with 499.
	Latency time.Duration
}

// Defaults of Config.
const (
	DefaultRegion    = "cn-north-4"
	DefaultProjectID = "0123456789abcdef0123456789abcdef"
	DefaultAccessKey = "test-ak"
	DefaultSecretKey = "test-sk"
	DefaultToken     = "test-token"
)

func (c Config) withDefaults() Config {
	if c.Region == "" {
		c.Region = DefaultRegion
	}
	if c.ProjectID == "" {
		c.ProjectID = DefaultProjectID
	}
	if c.Keys == nil {
		c.Keys = map[string]string{DefaultAccessKey: DefaultSecretKey}
	} else {
		c.Keys = maps.Clone(c.Keys)
	}
	if c.Token == "" {
		c.Token = DefaultToken
	}
	if c.Clock == nil {
		c.Clock = time.Now
	}
	return c
}

// Emulator is the http.Handler of the emulated APIs. It is safe for
// concurrent use.
type Emulator struct {
	cfg   Config
	seq   atomic.Uint64 // request ids
	conns atomic.Int64  // connections accepted by Start/Serve servers

	mu     sync.Mutex
	paging Paging
	log    []Request
	flight inFlight
	faults []*faultState
	chaos  *chaosState
	stubs  []Stub
	cse    map[string][]*cseEntry // engine id -> jobs in insertion order
	dlf    map[string][]*DLFJob   // workspace -> jobs in insertion order
	// dlfRuns: workspace -> job instances (runs) in insertion order.
	dlfRuns map[string][]*dlfRunEntry
	// dlfCamelErrors: workspaces whose errors use errorCode/errorMsg.
	dlfCamelErrors map[string]bool
	cce            []*cceEntry
	ss             []*ssEntry
	families       []*familyEntry // jobs of hwcjobs_job (families.go)
	mrs            []*mrsEntry    // MRS job executions (mrs.go)
	creds          credentialState
	ctl            controlState // the job API (control.go)
}

// New returns an emulator without data; see LoadExamples, SeedDemo, Add* and
// Generate*.
func New(cfg Config) *Emulator {
	return &Emulator{
		cfg:    cfg.withDefaults(),
		paging: cfg.Paging,
		cse:    map[string][]*cseEntry{},
		dlf:    map[string][]*DLFJob{},

		dlfRuns:        map[string][]*dlfRunEntry{},
		dlfCamelErrors: map[string]bool{},
	}
}

// SetPaging changes how the list APIs cut pages from the next request on,
// so that one emulator can serve a list in several ways.
func (e *Emulator) SetPaging(p Paging) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.paging = p
}

// Config is the configuration in use, defaults filled.
func (e *Emulator) Config() Config {
	c := e.cfg
	c.Keys = maps.Clone(c.Keys)
	e.mu.Lock()
	c.Paging = e.paging
	e.mu.Unlock()
	return c
}

// TB is the part of testing.TB that Start uses; an interface of its own keeps
// package testing out of the emulator binary.
type TB interface {
	Helper()
	Cleanup(func())
}

// Start serves the emulator on an in-process httptest server on 127.0.0.1,
// closed by t.Cleanup. It returns the base URL (http://127.0.0.1:port).
func Start(t TB, cfg Config) (*Emulator, string) {
	t.Helper()
	e := New(cfg)
	srv := httptest.NewUnstartedServer(e)
	srv.Config.ConnState = e.countConn
	srv.Start()
	t.Cleanup(srv.Close)
	return e, srv.URL
}

// Serve serves the emulator on addr (e.g. "127.0.0.1:0") until ctx ends, then
// shuts down gracefully. ready, if not nil, gets the base URL once the
// listener is open. It returns nil after a shutdown caused by ctx.
func (e *Emulator) Serve(ctx context.Context, addr string, ready func(url string)) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           e,
		ConnState:         e.countConn,
		ReadHeaderTimeout: 10 * time.Second,
		// Requests end with the server: delays honour their context.
		BaseContext: func(net.Listener) context.Context { return ctx },
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	if ready != nil {
		ready("http://" + ln.Addr().String())
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err = srv.Shutdown(shutdownCtx)
	if serveErr := <-errc; serveErr != nil && !errors.Is(serveErr, http.ErrServerClosed) && err == nil {
		err = serveErr
	}
	return err
}

func (e *Emulator) countConn(_ net.Conn, state http.ConnState) {
	if state == http.StateNew {
		e.conns.Add(1)
	}
}

// Connections is the number of TCP connections accepted so far by servers
// started with Start or Serve.
func (e *Emulator) Connections() int { return int(e.conns.Load()) }

// ---------------------------------------------------------------------------
// Request log

// Request is one request received, with the status it was answered with (0
// when the connection was reset, 499 when the client went away during a
// delay).
type Request struct {
	Method string
	Path   string
	Query  url.Values
	Header http.Header
	At     time.Time
	Status int
	// CutShort is an answer whose body the connection cut short (its
	// Status is the one sent before the cut).
	CutShort bool
}

// Requests returns a copy of the request log, oldest first.
func (e *Emulator) Requests() []Request {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make([]Request, len(e.log))
	for i, r := range e.log {
		r.Query = cloneValues(r.Query)
		r.Header = r.Header.Clone()
		out[i] = r
	}
	return out
}

// Count is the number of logged requests whose path starts with pathPrefix
// ("" counts all).
func (e *Emulator) Count(pathPrefix string) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	n := 0
	for _, r := range e.log {
		if strings.HasPrefix(r.Path, pathPrefix) {
			n++
		}
	}
	return n
}

// Reset clears the request log and the most requests seen in flight at
// once; data, stubs and faults stay.
func (e *Emulator) Reset() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.log = nil
	e.flight.reset()
}

func (e *Emulator) record(r *http.Request, status int, began time.Time, id string) {
	e.recordAnswer(r, status, false, began, id)
}

func (e *Emulator) recordAnswer(r *http.Request, status int, cutShort bool, began time.Time, id string) {
	e.mu.Lock()
	// Out of flight before the answer is written: a client that has its
	// answer and sends the next request never finds both counted.
	e.landLocked(r)
	e.log = append(e.log, Request{
		Method:   r.Method,
		Path:     r.URL.Path,
		Query:    r.URL.Query(),
		Header:   r.Header.Clone(),
		At:       e.cfg.Clock(),
		Status:   status,
		CutShort: cutShort,
	})
	e.mu.Unlock()
	if e.cfg.Logger != nil {
		e.cfg.Logger.Printf("%s %s -> %d in %s (X-Request-Id %s)", r.Method, r.URL.RequestURI(), status,
			time.Since(began).Round(time.Microsecond), id)
	}
}

func cloneValues(v url.Values) url.Values {
	if v == nil {
		return nil
	}
	out := make(url.Values, len(v))
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

// ---------------------------------------------------------------------------
// Stubs

// Stub is a canned answer for one path, ahead of the model (but after
// authentication and faults).
type Stub struct {
	Path string // exact URL path
	// Query, when set, restricts the stub to requests whose query has these
	// values; a value of "" matches a parameter that is absent or empty.
	Query  map[string]string
	Status int // default 200
	Body   string
	// Bodies, when set, are answered in turn instead of Body, one for each
	// matching request, the last one again and again: a job that changes
	// from one poll to the next, or an answer that breaks after the first.
	Bodies []string
	Header map[string]string // extra response headers

	served *int // requests answered from Bodies
}

// Stub adds a stub. When several match a request, the most recently added one
// wins; adding a stub with the same Path and Query as an existing one
// replaces it.
func (e *Emulator) Stub(s Stub) {
	e.mu.Lock()
	defer e.mu.Unlock()
	s.Query = maps.Clone(s.Query)
	s.Header = maps.Clone(s.Header)
	s.Bodies = slices.Clone(s.Bodies)
	s.served = new(int)
	for i, old := range e.stubs {
		if old.Path == s.Path && maps.Equal(old.Query, s.Query) {
			e.stubs = append(e.stubs[:i], e.stubs[i+1:]...)
			break
		}
	}
	e.stubs = append(e.stubs, s)
}

// ClearStubs removes every stub, those of LoadExamples included.
func (e *Emulator) ClearStubs() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.stubs = nil
}

func (e *Emulator) matchStub(r *http.Request) (Stub, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	q := r.URL.Query()
	for i := len(e.stubs) - 1; i >= 0; i-- {
		s := e.stubs[i]
		if s.Path != r.URL.Path {
			continue
		}
		ok := true
		for k, v := range s.Query {
			if q.Get(k) != v {
				ok = false
				break
			}
		}
		if ok {
			if n := len(s.Bodies); n > 0 {
				s.Body = s.Bodies[min(*s.served, n-1)]
				*s.served++
			}
			return s, true
		}
	}
	return Stub{}, false
}

// ---------------------------------------------------------------------------
// Faults

// Fault makes matching requests misbehave. Faults apply to authenticated
// requests only (see the package documentation for the order of checks).
type Fault struct {
	Path string // prefix of the URL path the fault applies to; "" = every path
	// Status answers with this status and an error body in the shape of the
	// service of the path; 429 always gets the API gateway's
	// {"error_code":"APIGW.0308","error_msg":"The throttling threshold has been reached"}.
	Status     int
	RetryAfter string // Retry-After header value, if any
	Truncate   bool   // answer 200 with the real body cut in half (invalid JSON)
	// CutShort sends the real answer's headers, with its full
	// Content-Length, and half its body, then closes the connection: a
	// body cut short by the network (an unexpected EOF to the client).
	CutShort bool
	Reset    bool          // close the connection (with a TCP reset) without answering
	Delay    time.Duration // sleep, honouring the request context, before answering
	// Hold keeps each matching request from being answered until it
	// receives from Hold, Hold is closed, or its client goes away (499):
	// tests decide when, and in which order, requests are answered.
	Hold     <-chan struct{}
	Times    int // apply to this many matching requests, then stop; 0 = unlimited
	EveryNth int // apply only to every Nth matching request (0 or 1 = all)
	After    int // apply only after the first After matching requests
}

type faultState struct {
	Fault
	seen, applied int
}

// Inject adds a fault. Every matching fault counts the request; each one due
// adds its Delay, and the first one due (in order of injection) that has a
// Status, Truncate or Reset decides the answer.
func (e *Emulator) Inject(f Fault) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.faults = append(e.faults, &faultState{Fault: f})
}

// ClearFaults removes every fault, Chaos included.
func (e *Emulator) ClearFaults() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.faults, e.chaos = nil, nil
}

// dueFaults counts the request against every matching fault and returns the
// total delay, the holds and the fault, if any, that decides the answer.
func (e *Emulator) dueFaults(path string) (delay time.Duration, holds []<-chan struct{}, action *Fault) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, f := range e.faults {
		if !strings.HasPrefix(path, f.Path) || (f.Times > 0 && f.applied >= f.Times) {
			continue
		}
		f.seen++
		if f.seen <= f.After || f.EveryNth > 1 && (f.seen-f.After)%f.EveryNth != 0 {
			continue
		}
		f.applied++
		delay += f.Delay
		if f.Hold != nil {
			holds = append(holds, f.Hold)
		}
		if action == nil && (f.Status != 0 || f.Truncate || f.Reset || f.CutShort) {
			copied := f.Fault
			action = &copied
		}
	}
	return delay, holds, action
}

// ---------------------------------------------------------------------------
// Serving

const contentType = "application/json;charset=UTF-8"

// reply is an answer before it is written.
type reply struct {
	status int
	body   []byte
	header map[string]string
}

// ServeHTTP answers one request; see the package documentation.
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, ControlPrefix) {
		e.serveControl(w, r) // the job API: no credentials, faults or request log
		return
	}
	began := time.Now()
	id := fmt.Sprintf("%032x", e.seq.Add(1))
	w.Header().Set("X-Request-Id", id)
	w.Header().Set("Content-Type", contentType)
	rt := parseRoute(r.URL)
	r = withBody(r)
	r = e.arrive(r)
	defer e.land(r)
	if e.cfg.Latency > 0 && !sleep(r.Context(), e.cfg.Latency) {
		e.record(r, 499, began, id)
		return
	}

	var rep reply
	switch {
	case r.Method != allowedMethod(rt):
		rep = gatewayError(http.StatusMethodNotAllowed, "APIGW.0106", "The method "+r.Method+" is not allowed; this API is called with "+allowedMethod(rt), id)
		rep.header = map[string]string{"Allow": allowedMethod(rt)}
	case !anonymous(rt) && !e.authenticated(r, &rep, id):
		// rep is the 401
	case rt.project != "" && r.Header.Get("X-Project-Id") != "" && r.Header.Get("X-Project-Id") != rt.project:
		rep = gatewayError(http.StatusForbidden, "APIGW.0305",
			"The X-Project-Id header does not match the project id in the URL", id)
	default:
		delay, holds, action := e.dueFaults(r.URL.Path)
		if action == nil {
			action = e.chaosFault(r)
		}
		if delay > 0 && !sleep(r.Context(), delay) || !held(r.Context(), holds) {
			e.record(r, 499, began, id)
			return
		}
		switch {
		case action != nil && action.Reset:
			e.record(r, 0, began, id)
			resetConnection(w)
			return
		case action != nil && action.CutShort:
			rep = e.answer(r, rt, id)
			e.recordAnswer(r, rep.status, true, began, id)
			for k, v := range rep.header {
				w.Header().Set(k, v)
			}
			w.Header().Set("Content-Length", strconv.Itoa(len(rep.body)))
			w.WriteHeader(rep.status)
			_, _ = w.Write(rep.body[:len(rep.body)/2])
			if fl, ok := w.(http.Flusher); ok {
				fl.Flush()
			}
			closeConnection(w)
			return
		case action != nil && action.Status != 0:
			rep = faultReply(rt.svc, action.Status, id)
		default:
			rep = e.answer(r, rt, id)
			if action != nil && action.Truncate {
				rep.status = http.StatusOK
				rep.body = rep.body[:len(rep.body)/2]
			}
		}
		if action != nil && action.RetryAfter != "" {
			if rep.header == nil {
				rep.header = map[string]string{}
			}
			rep.header["Retry-After"] = action.RetryAfter
		}
	}

	e.record(r, rep.status, began, id)
	for k, v := range rep.header {
		w.Header().Set(k, v)
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(rep.body)))
	w.WriteHeader(rep.status)
	_, _ = w.Write(rep.body)
}

// answer is a stub's or the model's answer.
func (e *Emulator) answer(r *http.Request, rt route, id string) reply {
	if s, ok := e.matchStub(r); ok {
		status := s.Status
		if status == 0 {
			status = http.StatusOK
		}
		return reply{status: status, body: []byte(s.Body), header: s.Header}
	}
	if rt.svc >= svcMetadataToken {
		return e.credentialAnswer(r, rt, id)
	}
	if rt.svc == svcGateway {
		return gatewayError(http.StatusNotFound, "APIGW.0101",
			"The API does not exist or has not been published in the environment", id)
	}
	if rt.svc == svcIAM {
		return e.iamProjects(r)
	}
	if rt.project != e.cfg.ProjectID {
		return serviceError(rt.svc, http.StatusNotFound, notFoundProjectCode[rt.svc],
			"Project "+rt.project+" does not exist", "project_id")
	}
	q := r.URL.Query()
	switch rt.svc {
	case svcCSEList:
		return e.cseList(rt.engine, q)
	case svcCSEShow:
		return e.cseShow(rt.engine, rt.job)
	case svcDLF:
		return e.dlfList(r.Header.Get("workspace"), q)
	case svcDLFInstances:
		return e.dlfInstanceList(r.Header.Get("workspace"), q)
	case svcDLFInstance:
		return e.dlfInstanceShow(r.Header.Get("workspace"), rt.job, rt.instance)
	case svcCCE:
		return e.cceList()
	case svcCCEShow:
		return e.cceShow(rt.job)
	case svcFamily:
		return e.familyAnswer(r, rt)
	case svcMRS:
		return e.mrsAnswer(rt)
	default: // svcServiceStage
		return e.serviceStageJob(rt.job, q)
	}
}

// authenticated checks the AK/SK signature or the token; on failure it sets
// rep to the gateway's 401.
func (e *Emulator) authenticated(r *http.Request, rep *reply, id string) bool {
	fail := func(code, why string) bool {
		*rep = gatewayError(http.StatusUnauthorized, code, "Incorrect IAM authentication information: "+why, id)
		return false
	}
	if r.Header.Get("Authorization") != "" {
		ak, err := sign.Verify(r, e.secretFor)
		if err != nil {
			return fail("APIGW.0301", "verify aksk signature fail: "+err.Error())
		}
		if why := e.temporaryRefused(ak, r); why != "" {
			return fail("APIGW.0301", why)
		}
		return true
	}
	if token := r.Header.Get("X-Auth-Token"); token != "" {
		if subtle.ConstantTimeCompare([]byte(token), []byte(e.cfg.Token)) == 1 || e.tokenValid(token) {
			return true
		}
		return fail("APIGW.0307", "the X-Auth-Token is invalid or has expired")
	}
	return fail("APIGW.0307", "neither an X-Auth-Token nor an AK/SK signature (Authorization) was given")
}

// held waits for a receive from each hold in turn; false when ctx ends first.
func held(ctx context.Context, holds []<-chan struct{}) bool {
	for _, h := range holds {
		select {
		case <-h:
		case <-ctx.Done():
			return false
		}
	}
	return true
}

func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// closeConnection closes the connection under the request at once, cleanly:
// the client reads an end of stream where it expected more of the body.
func closeConnection(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	conn, buf, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	_ = buf.Flush()
	_ = conn.Close()
}

// resetConnection closes the connection under the request with a TCP reset.
func resetConnection(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler) // HTTP/2: the server resets the stream
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if tcp, ok := conn.(*net.TCPConn); ok {
		_ = tcp.SetLinger(0)
	}
	_ = conn.Close()
}

// ---------------------------------------------------------------------------
// Routes and error shapes

type service int

const (
	svcGateway service = iota // no API: the gateway answers
	svcIAM
	svcCSEList
	svcCSEShow
	svcDLF
	svcCCE
	svcServiceStage
	svcCCEShow
	svcDLFInstances
	svcDLFInstance
	svcFamily // a job API of hwcjobs_job (families.go)
	svcMRS
	// The credential APIs (credentials.go), last.
	svcMetadataToken
	svcMetadataKey
	svcSecurityTokens
	svcIDToken
	svcSTSAssume
	svcAuthTokens
)

type route struct {
	svc                  service
	project, engine, job string
	instance             string // of a DataArts job
	family               string // the hwcjobs_job service of a svcFamily route
	// key is the endpoint key of the path prefix the request came in under
	// ("" without one); see endpointPrefixes.
	key string
}

// endpointPrefixes are the endpoint keys that may stand as the first segment
// of a path: the provider block the emulator prints points each endpoint key
// at http://host/<key>, since several job APIs share one path and can only
// be told apart by the prefix. The seed services answer without it too.
var endpointPrefixes = map[string]bool{
	"cse": true, "dlf": true, "cce": true, "servicestage": true,
	"iam": true, "sts": true, "metadata": true,
	// and those of hwcjobs_job and MRS, from its table (families.go).
}

// parseRoute recognises the API of a path; segments are unescaped one by one,
// so that an escaped "/" in an id stays in the id. One trailing "/" is
// tolerated.
func parseRoute(u *url.URL) route {
	raw := strings.TrimSuffix(strings.TrimPrefix(u.EscapedPath(), "/"), "/")
	s := strings.Split(raw, "/")
	for i, seg := range s {
		if v, err := url.PathUnescape(seg); err == nil {
			s[i] = v
		}
	}
	var key string
	if len(s) > 1 && endpointPrefixes[s[0]] {
		key, s = s[0], s[1:]
	}
	if rt, ok := familyRoute(key, s); ok {
		rt.key = key
		return rt
	}
	rt := routeOf(s)
	rt.key = key
	return rt
}

// routeOf recognises the API of a path's unescaped segments, without the
// endpoint prefix.
func routeOf(s []string) route {
	if rt, ok := credentialRoute(s); ok {
		return rt
	}
	switch {
	case len(s) == 2 && s[0] == "v3" && s[1] == "projects":
		return route{svc: svcIAM}
	case len(s) == 6 && s[0] == "v2" && s[2] == "enginemgr" && s[3] == "engines" && s[5] == "jobs":
		return route{svc: svcCSEList, project: s[1], engine: s[4]}
	case len(s) == 7 && s[0] == "v2" && s[2] == "enginemgr" && s[3] == "engines" && s[5] == "jobs":
		return route{svc: svcCSEShow, project: s[1], engine: s[4], job: s[6]}
	case len(s) == 3 && s[0] == "v1" && s[2] == "jobs":
		return route{svc: svcDLF, project: s[1]}
	case len(s) == 5 && s[0] == "v1" && s[2] == "jobs" && s[3] == "instances" && s[4] == "detail":
		return route{svc: svcDLFInstances, project: s[1]}
	case len(s) == 6 && s[0] == "v1" && s[2] == "jobs" && s[4] == "instances":
		return route{svc: svcDLFInstance, project: s[1], job: s[3], instance: s[5]}
	case len(s) == 5 && s[0] == "api" && s[1] == "v2" && s[2] == "projects" && s[4] == "jobs":
		return route{svc: svcCCE, project: s[3]}
	case len(s) == 6 && s[0] == "api" && s[1] == "v3" && s[2] == "projects" && s[4] == "jobs":
		return route{svc: svcCCEShow, project: s[3], job: s[5]}
	case len(s) == 5 && s[0] == "v3" && s[2] == "cas" && s[3] == "jobs":
		return route{svc: svcServiceStage, project: s[1], job: s[4]}
	}
	return route{svc: svcGateway}
}

// Error codes of the emulated services, one per cause. Those of things that
// do not exist are the real ones, from the services' error code pages (see
// client.NotFoundOf for the pages):
//   - CSE, https://support.huaweicloud.com/intl/en-us/api-cse/ErrorCode.html:
//     SVCSTG.00501116 "Failed to find the engine instance.",
//     SVCSTG.00501153 "No task found.", SVCSTG.00501152 "Incorrect task ID
//     format.", all with HTTP 400;
//   - DataArts Studio DLF,
//     https://support.huaweicloud.com/intl/en-us/api-dataartsstudio/dataartsstudio_02_0313.html:
//     DLF.0100 "The job does not exist.", DLF.0137 "The job instance does
//     not exist." (400); DLF.0819 for a workspace that does not exist is
//     the official provider's (services/dataarts);
//   - CCE, https://support.huaweicloud.com/intl/en-us/api-cce/ErrorCode.html:
//     CCE.01404001 "Resource not found" (404), for every kind of resource.
//
// The ServiceStage page lists no code for a job that does not exist; its
// SVCSTG.00100404 (404) stands in for one.
const (
	codeCSEBadParam       = "CSE.00400001"
	codeCSEBadJobID       = "SVCSTG.00501152"
	codeCSEEngineAbsent   = "SVCSTG.00501116"
	codeCSEJobAbsent      = "SVCSTG.00501153"
	codeSSBadParam        = "SVCSTG.00100400"
	codeSSJobAbsent       = "SVCSTG.00100404"
	codeCCEJobAbsent      = "CCE.01404001"
	codeDLFBadParam       = "DLF.3051"
	codeDLFJobAbsent      = "DLF.0100"
	codeDLFInstanceAbsent = "DLF.0137"
	codeDLFNoWorkspace    = "DLF.0819"
)

var notFoundProjectCode = map[service]string{
	svcCSEList:      "CSE.00400002",
	svcCSEShow:      "CSE.00400002",
	svcDLF:          "DLF.0404",
	svcDLFInstances: "DLF.0404",
	svcDLFInstance:  "DLF.0404",
	svcCCE:          "CCE.01404001",
	svcCCEShow:      "CCE.01404001",
	svcServiceStage: "SVCSTG.00100404",
}

// faultReply is an injected error status in the shape of the service.
func faultReply(svc service, status int, id string) reply {
	msg := http.StatusText(status)
	if msg == "" {
		msg = "Error"
	}
	msg += " (injected by the emulator)"
	var code string
	switch svc {
	case svcCSEList, svcCSEShow:
		code = fmt.Sprintf("CSE.00%03d000", status)
	case svcDLF, svcDLFInstances, svcDLFInstance:
		code = fmt.Sprintf("DLF.%04d", status)
	case svcCCE, svcCCEShow:
		code = fmt.Sprintf("CCE.01%03d001", status)
	case svcServiceStage:
		code = fmt.Sprintf("SVCSTG.00100%03d", status)
	}
	if status == http.StatusTooManyRequests {
		return gatewayError(status, "APIGW.0308", "The throttling threshold has been reached", id)
	}
	if code == "" { // the gateway or IAM
		return gatewayError(status, fmt.Sprintf("APIGW.0%03d", status), msg, id)
	}
	return serviceError(svc, status, code, msg, "")
}

// gatewayError is an error of the API gateway itself.
func gatewayError(status int, code, msg, id string) reply {
	return reply{status: status, body: object("error_code", code, "error_msg", msg, "request_id", id)}
}

// serviceError is an error in the shape its service uses.
func serviceError(svc service, status int, code, msg, detail string) reply {
	var body []byte
	switch svc {
	case svcCSEList:
		body = object("error_code", code, "error_msg", msg, "detail", detail)
	case svcCSEShow:
		body = object("errorCode", code, "errorMessage", msg, "detail", detail)
	case svcCCEShow:
		body = object("errorCode", code, "errorMessage", msg)
	case svcCCE:
		body = object("code", code, "message", msg)
	case svcServiceStage:
		body = []byte(`{"error":` + string(object("code", code, "message", msg)) + `}`)
	default: // DLF, IAM
		body = object("error_code", code, "error_msg", msg)
	}
	return reply{status: status, body: body}
}

// object is a compact JSON object of string values, keys in the given order.
func object(kv ...string) []byte {
	var b bytes.Buffer
	b.WriteByte('{')
	for i := 0; i+1 < len(kv); i += 2 {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(marshal(kv[i], ""))
		b.WriteByte(':')
		b.Write(marshal(kv[i+1], ""))
	}
	b.WriteByte('}')
	return b.Bytes()
}

func okReply(body []byte) reply { return reply{status: http.StatusOK, body: body} }

// marshal encodes v without HTML escaping and without a trailing newline,
// indented with indent when not empty.
func marshal(v any, indent string) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if indent != "" {
		enc.SetIndent("", indent)
	}
	if err := enc.Encode(v); err != nil {
		panic(err) // only our own types are encoded
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// Answer is the emulator's answer to a GET of target (path and query),
// authenticated with the token, without a server or a connection: benchmarks
// and fuzz seeds use it for real response bodies. The request is logged like
// any other.
func (e *Emulator) Answer(target string, header http.Header) (status int, body []byte) {
	r := httptest.NewRequest(http.MethodGet, target, nil)
	for k, vs := range header {
		r.Header[k] = vs
	}
	r.Header.Set("X-Auth-Token", e.cfg.Token)
	w := httptest.NewRecorder()
	e.ServeHTTP(w, r)
	return w.Code, w.Body.Bytes()
}
