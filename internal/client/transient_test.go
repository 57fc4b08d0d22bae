package client

import (
	"context"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"syscall"
	"testing"
)

// Which failures a later attempt may not see: those of the moment (408, 429,
// 5xx, a connection that broke), never those of the request itself.
func TestTransient(t *testing.T) {
	call := Call{Service: CSE, Method: "GET", Path: "/v2/p/enginemgr/engines/e/jobs/1"}
	status := func(s int) *APIError { c := call; c.Status = s; return &APIError{Call: c} }
	transport := func(err error) *TransportError {
		return &TransportError{Call: call, Err: &url.Error{Op: "Get", URL: "https://cse.example", Err: err}}
	}
	var syntaxErr *json.SyntaxError
	truncatedJSON := json.Unmarshal([]byte(`{"id":`), &struct{}{})
	if !errors.As(truncatedJSON, &syntaxErr) {
		t.Fatalf("json gives %T for a truncated document", truncatedJSON)
	}
	typeErr := json.Unmarshal([]byte(`{"status":{}}`), &struct{ Status *string }{})

	for _, tt := range []struct {
		name string
		err  error
		want bool
	}{
		{"request timeout", status(408), true},
		{"throttled", status(429), true},
		{"internal error", status(500), true},
		{"bad gateway", status(502), true},
		{"unavailable", status(503), true},
		{"gateway timeout", status(504), true},
		{"HTTP version", status(505), true},
		{"bad request", status(400), false},
		{"refused credentials", status(401), false},
		{"forbidden", status(403), false},
		{"not found", status(404), false},
		{"conflict", status(409), false},
		{"wrapped throttling", fmt.Errorf("polling: %w", status(429)), true},
		{"refused connection", transport(&net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}), true},
		{"reset connection", transport(&net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}), true},
		{"no answer in time", transport(noAnswerInTime{}), true},
		{"body cut short by the connection", &TransportError{Call: call, Err: fmt.Errorf("reading the response: %w", io.ErrUnexpectedEOF)}, true},
		{"temporary DNS failure", transport(&net.OpError{Op: "dial", Err: &net.DNSError{Name: "cse.example", IsTemporary: true}}), true},
		{"unknown host", transport(&net.OpError{Op: "dial", Err: &net.DNSError{Name: "nonexistent.invalid", IsNotFound: true}}), false},
		{"untrusted certificate", transport(x509.UnknownAuthorityError{}), false},
		{"certificate for another host", transport(x509.HostnameError{Host: "cse.example"}), false},
		{"cancelled", &TransportError{Call: call, Err: context.Canceled}, false},
		{"timeouts.read passed", &TransportError{Call: call, Err: context.DeadlineExceeded}, false},
		{"truncated JSON in a complete body", &DecodeError{Call: call, Err: truncatedJSON}, false},
		{"value the decoder rejects", &DecodeError{Call: call, Err: typeErr}, false},
		{"body cut short after the headers", &TransportError{Call: call, Err: &url.Error{Op: "Get", URL: "x", Err: &CutShortError{Status: 200, Err: io.ErrUnexpectedEOF}}}, true},
		{"configuration", &ConfigError{Argument: "region", Detail: "no region"}, false},
		{"anything else", errors.New("boom"), false},
	} {
		if got := Transient(tt.err); got != tt.want {
			t.Errorf("%s: Transient(%v) = %v, want %v", tt.name, tt.err, got, tt.want)
		}
	}
}

// One function decides what a "not found" says does not exist: the job, its
// parent (engine, workspace, cluster), the project, or the gateway's path;
// by the error code (the real ones, see NotFoundOf) and by the status.
func TestNotFoundOf(t *testing.T) {
	apiErr := func(s Service, status int, code string) *APIError {
		return &APIError{Call: Call{Service: s, Method: "GET", Path: "/x", Status: status}, Code: code}
	}
	job := func(s Service) NotFound { return NotFound{What: JobMissing, Service: s} }
	for _, tt := range []struct {
		name string
		err  error
		want NotFound
	}{
		{"CSE: no task found", apiErr(CSE, 400, "SVCSTG.00501153"), job(CSE)},
		{"CSE: no such engine", apiErr(CSE, 400, "SVCSTG.00501116"), NotFound{ParentMissing, CSE, "engine", "engine_id"}},
		{"CSE: no such engine, answered 401", apiErr(CSE, 401, "SVCSTG.00501125"), NotFound{ParentMissing, CSE, "engine", "engine_id"}},
		{"CSE: no such engine, answered 404", apiErr(CSE, 404, "SVCSTG.00401116"), NotFound{ParentMissing, CSE, "engine", "engine_id"}},
		{"CSE: another 400", apiErr(CSE, 400, "SVCSTG.00501152"), NotFound{Service: CSE}},
		{"404 without a code", apiErr(ServiceStage, 404, ""), job(ServiceStage)},
		{"wrapped 404", fmt.Errorf("reading: %w", apiErr(CCE, 404, "CCE.01404001")), job(CCE)},
		{"the project lookup", fmt.Errorf("looking up the project: %w", apiErr(IAM, 404, "")), NotFound{ProjectMissing, IAM, "", ""}},
		{"the gateway does not know the path", apiErr(CSE, 404, "APIGW.0101"), NotFound{PathMissing, CSE, "", ""}},
		{"the gateway, lower case", apiErr(DLF, 404, "apigw.0101"), NotFound{PathMissing, DLF, "", ""}},
		{"DLF: no such job", apiErr(DLF, 400, "DLF.0100"), job(DLF)},
		{"DLF: no such run", apiErr(DLF, 400, "DLF.0137"), job(DLF)},
		{"DLF: no such workspace", apiErr(DLF, 400, "DLF.0819"), NotFound{ParentMissing, DLF, "workspace", "workspace_id"}},
		{"DLF: another 400", apiErr(DLF, 400, "DLF.3051"), NotFound{Service: DLF}},
		{"DLF.0100 of another service", apiErr(CSE, 400, "DLF.0100"), NotFound{Service: CSE}},
		{"MRS: no such cluster", apiErr("mrs", 400, "12000003"), NotFound{ParentMissing, "mrs", "cluster", "cluster_id"}},
		{"no such job, answered 500", apiErr(DLF, 500, "DLF.0100"), NotFound{Service: DLF}},
		{"410", apiErr(CSE, 410, ""), NotFound{Service: CSE}},
		{"a credential exchange", &CredentialsError{Step: "assuming", Err: apiErr(STS, 404, "")}, NotFound{}},
		{"STS", apiErr(STS, 404, ""), NotFound{Service: STS}},
		{"the read found it out", fmt.Errorf("no run: %w", ErrJobNotFound), NotFound{What: JobMissing}},
		{"not an API error", errors.New("404"), NotFound{}},
	} {
		if got := NotFoundOf(tt.err); got != tt.want {
			t.Errorf("%s: NotFoundOf = %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

// noAnswerInTime is what net/http returns when no answer came in time.
type noAnswerInTime struct{}

func (noAnswerInTime) Error() string   { return "timeout awaiting response headers" }
func (noAnswerInTime) Timeout() bool   { return true }
func (noAnswerInTime) Temporary() bool { return true }
