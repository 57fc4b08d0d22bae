package client

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"unicode/utf8"
)

// Call identifies one request in an error: service, method, path, and what
// came back.
type Call struct {
	Service   Service
	Method    string
	Path      string
	Status    int
	RequestID string
}

func (c Call) String() string {
	return fmt.Sprintf("%s %s %s", c.Service.Title(), c.Method, c.Path)
}

func (c Call) requestIDSuffix() string {
	if c.RequestID == "" {
		return ""
	}
	return " (X-Request-Id: " + c.RequestID + ")"
}

// APIError is an error answer of an API, whatever shape its body had.
type APIError struct {
	Call
	Code    string
	Message string
	// Tries says how many attempts gave this answer, for a status that is
	// retried (408, 429, 5xx).
	Tries Tries
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: HTTP %d %s", e.Call, e.Status, http.StatusText(e.Status))
	switch {
	case e.Code != "" && e.Message != "":
		fmt.Fprintf(&b, ": %s: %s", e.Code, e.Message)
	case e.Code != "":
		fmt.Fprintf(&b, ": %s", e.Code)
	case e.Message != "":
		fmt.Fprintf(&b, ": %s", e.Message)
	}
	b.WriteString(e.requestIDSuffix())
	if e.Tries.Attempts > 0 {
		b.WriteString(", " + e.Tries.String())
	}
	return b.String()
}

// maxErrorText is how much of a body that is not a known error shape an error
// shows.
const maxErrorText = 512

// newAPIError reads the code and message of an error body in any of the
// shapes Huawei Cloud APIs use; any other body becomes the message, cut short.
func newAPIError(call Call, body []byte) *APIError {
	e := &APIError{Call: call}
	var shapes struct {
		ErrorCode    json.RawMessage `json:"error_code"`
		ErrorMsg     string          `json:"error_msg"`
		ErrorCodeC   json.RawMessage `json:"errorCode"`
		ErrorMessage string          `json:"errorMessage"`
		ErrorMsgC    string          `json:"errorMsg"`
		Code         json.RawMessage `json:"code"`
		Message      string          `json:"message"`
		Error        json.RawMessage `json:"error"`
	}
	// Go matches keys case-insensitively; exact-case fields keep error_code
	// and errorCode apart. DataArts writes errorCode with errorMsg.
	if json.Unmarshal(body, &shapes) == nil {
		var nested struct {
			Code    json.RawMessage `json:"code"`
			Message string          `json:"message"`
		}
		switch {
		case len(shapes.ErrorCode) > 0 || shapes.ErrorMsg != "":
			e.Code, e.Message = rawText(shapes.ErrorCode), shapes.ErrorMsg
		case len(shapes.ErrorCodeC) > 0 || shapes.ErrorMessage != "" || shapes.ErrorMsgC != "":
			e.Code, e.Message = rawText(shapes.ErrorCodeC), cmp.Or(shapes.ErrorMessage, shapes.ErrorMsgC)
		case len(shapes.Error) > 0 && json.Unmarshal(shapes.Error, &nested) == nil:
			e.Code, e.Message = rawText(nested.Code), nested.Message
		case len(shapes.Code) > 0 || shapes.Message != "":
			e.Code, e.Message = rawText(shapes.Code), shapes.Message
		}
	}
	if e.Code == "" && e.Message == "" {
		e.Message = clip(string(bytes.TrimSpace(body)))
	}
	return e
}

// rawText is a JSON string or number as text.
func rawText(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return strings.TrimSpace(string(raw))
}

// clip cuts s to maxErrorText bytes, backing off to the start of a character
// so as not to split one. Bytes that are not UTF-8 stay as they are: backing
// off until the text is valid would drop the whole text of a body in another
// encoding.
func clip(s string) string {
	if len(s) <= maxErrorText {
		return s
	}
	cut := maxErrorText
	for cut > maxErrorText-utf8.UTFMax+1 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// DecodeError is a success answer whose body is not the JSON expected.
type DecodeError struct {
	Call
	Err error
}

// errTooLarge is the DecodeError of a body over MaxBodyBytes.
var errTooLarge = fmt.Errorf("the response is larger than %d MiB", MaxBodyBytes>>20)

func (e *DecodeError) Error() string {
	var syntaxErr *json.SyntaxError
	var unexpected *unexpectedAnswer
	var what string
	switch {
	case errors.As(e.Err, &unexpected):
		what = "valid JSON that is not the answer expected"
	case errors.Is(e.Err, errTooLarge):
		what = "a response too large to read"
	case errors.As(e.Err, &syntaxErr) || errors.Is(e.Err, io.ErrUnexpectedEOF):
		what = "a response that is not valid JSON"
	default:
		// Valid JSON, but a value of a type or format the provider does
		// not read (a string where the API documents a number, say).
		what = "valid JSON holding a value the provider cannot read"
	}
	return fmt.Sprintf("%s: HTTP %d with %s: %v%s", e.Call, e.Status, what, e.Err, e.requestIDSuffix())
}

func (e *DecodeError) Unwrap() error { return e.Err }

// TransportError is a request that got no answer: the connection failed, or
// the context ended.
type TransportError struct {
	Call
	Err error
}

func (e *TransportError) Error() string {
	return fmt.Sprintf("%s: %v", e.Call, e.Err)
}

func (e *TransportError) Unwrap() error { return e.Err }

// Transient reports whether trying again later may succeed: not when the
// context ended, nor for what the client never retries (an untrusted
// certificate, an unknown host, an answer that is not TLS or not HTTP).
func (e *TransportError) Transient() bool {
	return !endedContext(e.Err) && classify(e.Err) != lasting
}

// Transient reports whether a later attempt at the same request may succeed
// where this one failed, after the client's own retries: a 408, 429 or 5xx
// answer, a connection refused or reset, an answer that timed out or was cut
// short. Everything else (other 4xx, an unknown host, an untrusted
// certificate, a body that is not the API's JSON, a configuration error) will
// fail the same way again.
func Transient(err error) bool {
	var apiErr *APIError
	var transErr *TransportError
	switch {
	case errors.As(err, &transErr):
		return transErr.Transient()
	case errors.As(err, &apiErr):
		return apiErr.Status == http.StatusRequestTimeout || apiErr.Status == http.StatusTooManyRequests || apiErr.Status >= 500
	}
	return false
}

// Describe turns an error of the client into a diagnostic's summary and
// detail. subject names what was being read ("CSE engine job 12339"), so a
// "not found" can say what was not found (see NotFoundOf, which decides it).
func Describe(err error, subject string) (summary, detail string) {
	var (
		apiErr    *APIError
		decodeErr *DecodeError
		transErr  *TransportError
		confErr   *ConfigError
		netErr    net.Error
		credErr   *CredentialsError
		ended     *EndedError
	)
	nf := NotFoundOf(err)
	switch {
	case errors.As(err, &credErr):
		return describeCredentialsError(credErr, subject)
	case errors.As(err, &confErr):
		return "Invalid Provider Configuration", fmt.Sprintf("%s: %s", confErr.Argument, confErr.Detail)
	case nf.What == ParentMissing:
		return capitalize(nf.Parent) + " Not Found", fmt.Sprintf("Reading %s failed: %s says that the %s does not exist. Check %s "+
			"(allow_missing does not apply: it reads a job that the API no longer knows, not one whose %s does not exist).\n\n%s",
			subject, nf.Service.Title(), nf.Parent, nf.Argument, nf.Parent, err)
	case errors.As(err, &apiErr) && (apiErr.Status == http.StatusUnauthorized || apiErr.Status == http.StatusForbidden):
		return "Credentials Refused",
			fmt.Sprintf("%s refused the credentials while reading %s. Check access_key and secret_key (or token, security_token, project_id).\n\n%s",
				apiErr.Service.Title(), subject, err)
	case nf.What == ProjectMissing:
		return "Project Lookup Failed", fmt.Sprintf("Reading %s needs the project of the region, and the IAM endpoint answered 404 to the lookup. "+
			"Check region and endpoints.iam, or set project_id (or HW_PROJECT_ID) to skip the lookup.\n\n%s", subject, err)
	case nf.What == PathMissing:
		return "API Not Found", fmt.Sprintf("Reading %s failed: the %s endpoint does not serve this API (its gateway knows no such path). "+
			"Check endpoints.%s and region.\n\n%s", subject, nf.Service.Title(), nf.Service, err)
	case nf.What == JobMissing:
		return "Not Found", fmt.Sprintf("%s was not found. Check its identifiers and region.\n\n%s", capitalize(subject), err)
	case errors.As(err, &apiErr) && apiErr.Status == http.StatusNotFound:
		return "API Error", fmt.Sprintf("Reading %s failed with an HTTP 404 that does not say that the job does not exist. "+
			"Check endpoints, region and project_id.\n\n%s", subject, err)
	case errors.As(err, &apiErr) && apiErr.Tries.Attempts > 1:
		return "API Error", fmt.Sprintf("Reading %s failed: the API answered %d %s to every attempt. max_retries bounds the retries, "+
			"timeouts.read the whole read.\n\n%s", subject, apiErr.Status, http.StatusText(apiErr.Status), err)
	case errors.As(err, &apiErr):
		return "API Error", fmt.Sprintf("Reading %s failed.\n\n%s", subject, err)
	case errors.As(err, &decodeErr):
		return "Invalid API Response", fmt.Sprintf("Reading %s failed: the answer could not be read.\n\n%s", subject, err)
	case errors.As(err, &ended) && ended.ReadTimeout > 0:
		return "Timed Out", fmt.Sprintf("Reading %s did not finish within timeouts.read (%s). Raise timeouts.read if the API needs longer.\n\n%s",
			subject, ended.ReadTimeout, err)
	case errors.As(err, &transErr) && !endedContext(transErr.Err) && errors.As(err, &netErr) && netErr.Timeout():
		// Before the context cases: net/http's own timeouts also claim to
		// be context.DeadlineExceeded.
		return "Request Timed Out", fmt.Sprintf("Reading %s failed: the %s endpoint gave no answer in time. An attempt without an answer "+
			"is retried once, whatever max_retries; timeouts.read bounds the whole read. Check endpoints.%s and the network.\n\n%s",
			subject, transErr.Service.Title(), transErr.Service, err)
	case errors.Is(err, context.DeadlineExceeded):
		return "Timed Out", fmt.Sprintf("Reading %s did not finish in time (timeouts.read, or the deadline of the operation).\n\n%s", subject, err)
	case errors.Is(err, context.Canceled):
		return "Cancelled", fmt.Sprintf("Reading %s was cancelled.", subject)
	case errors.As(err, &transErr) && certificateError(err):
		return "Untrusted Certificate", fmt.Sprintf("Reading %s failed: the TLS certificate of the %s endpoint could not be verified. "+
			"If the endpoint uses a private certificate authority, add it to the system's trusted certificates; "+
			"set insecure = true (or HW_INSECURE=true) only to skip verification of a test endpoint.\n\n%s",
			subject, transErr.Service.Title(), err)
	case errors.As(err, &transErr) && unknownHost(err):
		return "Unknown Host", fmt.Sprintf("Reading %s failed: the host of the %s endpoint does not exist (DNS knows no such name). "+
			"Check region, cloud and endpoints.%s.\n\n%s", subject, transErr.Service.Title(), transErr.Service, err)
	case errors.As(err, &transErr) && notTLS(err):
		return "Endpoint Does Not Speak TLS", fmt.Sprintf("Reading %s failed: the %s endpoint answered an https:// request without TLS "+
			"(a plain-HTTP server?), which no retry mends. Check endpoints.%s: write http:// for a plain-HTTP endpoint.\n\n%s",
			subject, transErr.Service.Title(), transErr.Service, err)
	case errors.As(err, &transErr) && malformedAnswer(err):
		return "Invalid HTTP Answer", fmt.Sprintf("Reading %s failed: the %s endpoint answered with something that is not HTTP, "+
			"which no retry mends. Check endpoints.%s.\n\n%s", subject, transErr.Service.Title(), transErr.Service, err)
	case errors.As(err, &transErr):
		return "Request Failed", fmt.Sprintf("Reading %s failed: no answer from the API. max_retries bounds the retries of a refused or "+
			"reset connection, timeouts.read the whole read. Check endpoints.%s and the network.\n\n%s", subject, transErr.Service, err)
	}
	return "Read Failed", fmt.Sprintf("Reading %s failed: %s", subject, err)
}

// endedContext reports the error of a context that ended, which Get returns
// as an *EndedError.
func endedContext(err error) bool {
	var ended *EndedError
	return errors.As(err, &ended) || err == context.Canceled || err == context.DeadlineExceeded
}

// gatewayCode reports an error code of Huawei Cloud's API gateway (APIGW.*),
// which answers for every service: its 404 means an unknown path, not an
// unknown job.
func gatewayCode(code string) bool { return strings.HasPrefix(code, "APIGW.") }

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// ErrJobNotFound is an error a read may wrap when it finds by itself that the
// job does not exist (no run where one was looked for, say): NotFoundOf
// takes it for the API's own "not found".
var ErrJobNotFound = errors.New("the job does not exist")

// Missing is what a "not found" answer says does not exist.
type Missing int

const (
	// NotMissing: the error does not say that anything does not exist.
	NotMissing Missing = iota
	// JobMissing: the job asked for does not exist (allow_missing reads it
	// as found = false).
	JobMissing
	// ParentMissing: what the job belongs to (a CSE engine, a DataArts
	// workspace, a cluster) does not exist: a misspelt argument, which
	// allow_missing never hides.
	ParentMissing
	// ProjectMissing: the IAM project lookup answered 404.
	ProjectMissing
	// PathMissing: the API gateway (APIGW.*) knows no such path: a wrong
	// endpoint, not a missing job.
	PathMissing
)

// NotFound is what NotFoundOf decided.
type NotFound struct {
	What Missing
	// Service is the API that answered.
	Service Service
	// Parent names what does not exist ("engine") and Argument the
	// argument that names it ("engine_id"), for ParentMissing.
	Parent, Argument string
}

type parent struct{ name, argument string }

var (
	engine    = parent{"engine", "engine_id"}
	workspace = parent{"workspace", "workspace_id"}
	cluster   = parent{"cluster", "cluster_id"}
)

// parentAbsent are the codes that say that a job's parent does not exist,
// whatever the status (400, 401 or 404), by service. From the error code
// pages, read 2026-12:
//   - CSE, https://support.huaweicloud.com/intl/en-us/api-cse/ErrorCode.html:
//     SVCSTG.00501116 "Failed to find the engine instance." (400); the
//     official provider (services/cse, microserviceEngineNotFoundCodes) also
//     takes SVCSTG.00401116 and SVCSTG.00501125, answered with 400 or 401;
//   - DataArts Studio DLF: DLF.0819 "The workspace ID does not exist."
//     (the official provider's services/dataarts, resourceNotFoundErrCodes;
//     the page below does not list it);
//   - MRS, https://support.huaweicloud.com/intl/en-us/api-mrs/mrs_02_0014.html:
//     12000003 "The cluster does not exist." (400).
var parentAbsent = map[Service]map[string]parent{
	CSE:   {"SVCSTG.00501116": engine, "SVCSTG.00401116": engine, "SVCSTG.00501125": engine},
	DLF:   {"DLF.0819": workspace},
	"mrs": {"12000003": cluster, "MRS.12000003": cluster},
}

// jobAbsent are the codes that say that the job itself does not exist, for
// the APIs that answer it with a status other than 404:
//   - CSE (same page): SVCSTG.00501153 "No task found." (400);
//   - DataArts Studio DLF,
//     https://support.huaweicloud.com/intl/en-us/api-dataartsstudio/dataartsstudio_02_0313.html:
//     DLF.0100 "The job does not exist." and DLF.0137 "The job instance
//     does not exist." (400).
var jobAbsent = map[Service]map[string]bool{
	CSE: {"SVCSTG.00501153": true},
	DLF: {"DLF.0100": true, "DLF.0137": true},
}

// NotFoundOf decides what a "not found" answer means, the one place that
// does: for list and single-job data sources alike, and for Describe and
// allow_missing. A code that names a parent is ParentMissing, whatever the
// status; a code that says the job does not exist, or a 404 of a job API
// that no other rule claims, is JobMissing; a 404 of the IAM project lookup
// is ProjectMissing, and the API gateway's own 404 (APIGW.*) PathMissing. A
// 404 of a credential exchange (STS, the metadata service) says nothing of
// the job: NotMissing.
func NotFoundOf(err error) NotFound {
	if errors.Is(err, ErrJobNotFound) {
		return NotFound{What: JobMissing}
	}
	var apiErr *APIError
	var credErr *CredentialsError
	if !errors.As(err, &apiErr) || errors.As(err, &credErr) {
		return NotFound{}
	}
	code := strings.ToUpper(strings.TrimSpace(apiErr.Code))
	nf := NotFound{Service: apiErr.Service}
	if p, ok := parentAbsent[apiErr.Service][code]; ok && apiErr.Status >= 400 && apiErr.Status < 500 {
		nf.What, nf.Parent, nf.Argument = ParentMissing, p.name, p.argument
		return nf
	}
	if jobAbsent[apiErr.Service][code] && (apiErr.Status == http.StatusBadRequest || apiErr.Status == http.StatusNotFound) {
		nf.What = JobMissing
		return nf
	}
	if apiErr.Status != http.StatusNotFound {
		return nf
	}
	switch {
	case gatewayCode(code):
		nf.What = PathMissing
	case apiErr.Service == IAM:
		nf.What = ProjectMissing
	case apiErr.Service == STS || apiErr.Service == Metadata:
	default:
		nf.What = JobMissing
	}
	return nf
}
