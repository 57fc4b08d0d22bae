package client

import (
	"bytes"
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
		Code         json.RawMessage `json:"code"`
		Message      string          `json:"message"`
		Error        json.RawMessage `json:"error"`
	}
	// Go matches keys case-insensitively; exact-case fields keep error_code
	// and errorCode apart.
	if json.Unmarshal(body, &shapes) == nil {
		var nested struct {
			Code    json.RawMessage `json:"code"`
			Message string          `json:"message"`
		}
		switch {
		case len(shapes.ErrorCode) > 0 || shapes.ErrorMsg != "":
			e.Code, e.Message = rawText(shapes.ErrorCode), shapes.ErrorMsg
		case len(shapes.ErrorCodeC) > 0 || shapes.ErrorMessage != "":
			e.Code, e.Message = rawText(shapes.ErrorCodeC), shapes.ErrorMessage
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

func (e *DecodeError) Error() string {
	return fmt.Sprintf("%s: HTTP %d with a response that is not valid JSON: %v%s", e.Call, e.Status, e.Err, e.requestIDSuffix())
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
	return !endedContext(e.Err) && !certificateError(e.Err)
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
	)
	switch {
	case errors.As(err, &confErr):
		return "Invalid Provider Configuration", fmt.Sprintf("%s: %s", confErr.Argument, confErr.Detail)
	case errors.As(err, &apiErr) && (apiErr.Status == http.StatusUnauthorized || apiErr.Status == http.StatusForbidden):
		return "Credentials Refused",
			fmt.Sprintf("%s refused the credentials while reading %s. Check access_key and secret_key (or token, security_token, project_id).\n\n%s",
				apiErr.Service.Title(), subject, err)
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

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// Transient reports whether a later attempt at the same request may succeed:
// a timed-out request (408), throttling (429) or a server error (5xx), or a
// connection that failed, was reset or refused, cut a body short or got no
// answer in time. It is false for every other answer of an API, for a name
// that DNS says does not exist, for an untrusted certificate, for a context
// that ended and for a body that is not the JSON expected (unless the
// connection cut it short), which no later attempt changes.
func Transient(err error) bool {
	var (
		apiErr    *APIError
		decodeErr *DecodeError
		transErr  *TransportError
		dnsErr    *net.DNSError
	)
	switch {
	case errors.As(err, &transErr):
		if errors.As(transErr.Err, &dnsErr) && dnsErr.IsNotFound {
			return false
		}
		return !endedContext(transErr.Err) && !certificateError(transErr.Err)
	case errors.As(err, &apiErr):
		return apiErr.Status == http.StatusRequestTimeout || apiErr.Status == http.StatusTooManyRequests || apiErr.Status >= 500
	case errors.As(err, &decodeErr):
		// A body cut short by the connection, not a complete body that is
		// not the API's JSON.
		return errors.Is(decodeErr.Err, io.ErrUnexpectedEOF)
	}
	return false
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
		return !strings.HasPrefix(strings.ToUpper(apiErr.Code), "APIGW.")
	case s == DLF && apiErr.Status == http.StatusBadRequest:
		return strings.EqualFold(apiErr.Code, "DLF.0100")
	}
	return false
}
