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
	var what string
	switch {
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
// context ended, nor when the endpoint's certificate is not trusted.
func (e *TransportError) Transient() bool {
	return !endedContext(e.Err) && !certificateError(e.Err) && !unknownHost(e.Err)
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
// detail. subject names what was being read ("CSE engine job 12339"), so a 404
// can say that it was not found.
func Describe(err error, subject string) (summary, detail string) {
	var (
		apiErr    *APIError
		decodeErr *DecodeError
		transErr  *TransportError
		confErr   *ConfigError
		netErr    net.Error
		credErr   *CredentialsError
	)
	switch {
	case errors.As(err, &credErr):
		return describeCredentialsError(credErr, subject)
	case errors.As(err, &confErr):
		return "Invalid Provider Configuration", fmt.Sprintf("%s: %s", confErr.Argument, confErr.Detail)
	case errors.As(err, &apiErr) && (apiErr.Status == http.StatusUnauthorized || apiErr.Status == http.StatusForbidden):
		return "Credentials Refused",
			fmt.Sprintf("%s refused the credentials while reading %s. Check access_key and secret_key (or token, security_token, project_id).\n\n%s",
				apiErr.Service.Title(), subject, err)
	case errors.As(err, &apiErr) && apiErr.Status == http.StatusNotFound && apiErr.Service == IAM:
		return "Project Lookup Failed", fmt.Sprintf("Reading %s needs the project of the region, and the IAM endpoint answered 404 to the lookup. "+
			"Check region and endpoints.iam, or set project_id (or HW_PROJECT_ID) to skip the lookup.\n\n%s", subject, err)
	case errors.As(err, &apiErr) && apiErr.Status == http.StatusNotFound && gatewayCode(apiErr.Code):
		return "API Not Found", fmt.Sprintf("Reading %s failed: the %s endpoint does not serve this API (its gateway knows no such path). "+
			"Check endpoints.%s and region.\n\n%s", subject, apiErr.Service.Title(), apiErr.Service, err)
	case errors.As(err, &apiErr) && apiErr.Status == http.StatusNotFound:
		return "Not Found", fmt.Sprintf("%s was not found. Check its identifiers and region.\n\n%s", capitalize(subject), err)
	case errors.As(err, &apiErr):
		return "API Error", fmt.Sprintf("Reading %s failed.\n\n%s", subject, err)
	case errors.As(err, &decodeErr):
		return "Invalid API Response", fmt.Sprintf("Reading %s failed: the answer could not be read.\n\n%s", subject, err)
	case errors.As(err, &transErr) && !endedContext(transErr.Err) && errors.As(err, &netErr) && netErr.Timeout():
		// Before the context cases: net/http's own timeouts also claim to
		// be context.DeadlineExceeded.
		return "Request Timed Out", fmt.Sprintf("Reading %s timed out waiting for an answer from the API.\n\n%s", subject, err)
	case errors.Is(err, context.DeadlineExceeded):
		return "Timed Out", fmt.Sprintf("Reading %s did not finish in time.\n\n%s", subject, err)
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
	case errors.As(err, &transErr):
		return "Request Failed", fmt.Sprintf("Reading %s failed: no answer from the API. Check the endpoint and the network.\n\n%s", subject, err)
	}
	return "Read Failed", fmt.Sprintf("Reading %s failed: %s", subject, err)
}

// endedContext reports the error of a context that ended, which Get returns
// as it is.
func endedContext(err error) bool {
	return err == context.Canceled || err == context.DeadlineExceeded
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

// IsJobNotFound reports an answer that says the job asked for does not
// exist: a 404 of service s itself (not of the IAM project lookup or another
// service, and not the API gateway's own 404, coded APIGW.*, for a path it
// does not know), or DataArts Studio DLF's 400 with code DLF.0100.
func IsJobNotFound(err error, s Service) bool {
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Service != s {
		return false
	}
	switch {
	case apiErr.Status == http.StatusNotFound:
		return !gatewayCode(strings.ToUpper(apiErr.Code))
	case s == DLF && apiErr.Status == http.StatusBadRequest:
		return strings.EqualFold(apiErr.Code, "DLF.0100")
	}
	return false
}
