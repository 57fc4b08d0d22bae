package client

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/hashicorp/go-retryablehttp"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/credentials"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/sign"
)

// Credentials come from package credentials, which obtains, shares and
// renews them; the client signs requests with them and lends that package
// its HTTP for the exchanges (Exchange below).

// Sources say where credentials come from beyond the static keys of Config.
type Sources = credentials.Config

// AssumeRole is one assume-role hop.
type AssumeRole = credentials.AssumeRole

// OIDC is assume_role_with_oidc.
type OIDC = credentials.OIDC

// Credentials authenticate requests.
type Credentials = credentials.Credentials

// CredentialsError is a failure to obtain credentials.
type CredentialsError = credentials.Error

// CredentialProvider gives the client its credentials: the credentials
// package's Cache.
type CredentialProvider interface {
	// Credentials are usable credentials, obtained or renewed when needed.
	Credentials(ctx context.Context) (*Credentials, error)
	// Renew returns credentials other than stale, which an API refused.
	Renew(ctx context.Context, stale *Credentials) (*Credentials, error)
	// Secrets are every secret given or obtained, hidden from logs.
	Secrets() []string
	// DomainID is sent to IAM as X-Domain-Id, if set.
	DomainID() string
}

// newCredentials is the credential cache of cfg, whose shared exchanges end
// when base does.
func (c *Client) newCredentials(base context.Context) CredentialProvider {
	src := c.cfg.Sources
	src.Static = credentials.Static{AccessKey: c.cfg.AccessKey, SecretKey: c.cfg.SecretKey,
		SecurityToken: c.cfg.SecurityToken, Token: c.cfg.Token, Source: src.Static.Source}
	if src.Now == nil {
		src.Now = c.cfg.Now
	}
	return credentials.New(base, src, exchanger{c})
}

// HTTPStatus is the status of the answer, for package credentials.
func (e *APIError) HTTPStatus() int { return e.Status }

// describeCredentialsError is Describe's diagnostic for a CredentialsError.
func describeCredentialsError(e *CredentialsError, subject string) (summary, detail string) {
	if len(e.Tried) > 0 {
		var b strings.Builder
		fmt.Fprintf(&b, "Reading %s needs credentials, and none are configured. Sources tried, in order:\n", subject)
		for i, s := range e.Tried {
			fmt.Fprintf(&b, "  %d. %s\n", i+1, s)
		}
		fmt.Fprintf(&b, "\n%s\n\n%v", e.Hint, e.Err)
		return "Missing Credentials", b.String()
	}
	return "Credentials Not Obtained", fmt.Sprintf("Reading %s needs credentials, and obtaining them failed while %s.\n\n%v", subject, e.Step, e.Err)
}

// credentialsKey carries the credentials of a request in its context.
type credentialsKey struct{}

// exchangeKey marks the credential exchanges, which are retried like GETs.
type exchangeKey struct{}

func withCredentials(ctx context.Context, c *Credentials) context.Context {
	return context.WithValue(ctx, credentialsKey{}, c)
}

func isExchange(req *http.Request) bool {
	v, _ := req.Context().Value(exchangeKey{}).(bool)
	return v
}

// authenticate signs req with the credentials of its context, if any.
func authenticate(req *http.Request, now time.Time) error {
	c, _ := req.Context().Value(credentialsKey{}).(*Credentials)
	switch {
	case c == nil:
	case c.Token != "":
		req.Header.Set("X-Auth-Token", c.Token)
	case c.AccessKey != "":
		if c.SecurityToken != "" {
			req.Header.Set("X-Security-Token", c.SecurityToken)
		}
		var body []byte
		if req.Body != nil && req.Body != http.NoBody {
			b, err := io.ReadAll(req.Body)
			if err != nil {
				return err
			}
			_ = req.Body.Close()
			body = b
			req.Body = io.NopCloser(bytes.NewReader(b))
			req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }
		}
		sign.Sign(req, c.AccessKey, c.SecretKey, body, now)
	}
	return nil
}

// exchanger is the client's HTTP as package credentials needs it.
type exchanger struct{ c *Client }

func (x exchanger) Endpoint(service string) (*url.URL, error) { return x.c.Endpoint(Service(service)) }

// Exchange sends one request of a credential exchange through the client's
// retries, logging and signing, and returns the answer.
func (x exchanger) Exchange(ctx context.Context, r credentials.Request) (*credentials.Answer, error) {
	c := x.c
	ctx = c.maskSecrets(ctx)
	service := Service(r.Service)
	base, err := c.Endpoint(service)
	if err != nil {
		return nil, err
	}
	u := *base
	u.Path = strings.TrimSuffix(base.Path, "/") + r.Path
	u.RawPath = ""
	var payload any
	if r.Body != nil {
		b, err := json.Marshal(r.Body)
		if err != nil {
			return nil, err
		}
		payload = b
	}
	ctx = context.WithValue(withCredentials(ctx, r.Credentials), exchangeKey{}, r.Retried)
	req, err := retryablehttp.NewRequestWithContext(ctx, r.Method, u.String(), payload)
	if err != nil {
		return nil, &ConfigError{Argument: "endpoints", Detail: fmt.Sprintf("Cannot build a request to %s: %v", u.Redacted(), err)}
	}
	req.Header.Set("User-Agent", "terraform-provider-hwcjobs/"+c.cfg.Version)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Content-Type", "application/json;charset=UTF-8")
	for k, vs := range r.Header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	call := Call{Service: service, Method: r.Method, Path: u.Path}
	resp, err := c.http.Do(req)
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return nil, &TransportError{Call: call, Err: ctxErr}
		}
		return nil, &TransportError{Call: call, Err: err}
	}
	defer func() { _ = resp.Body.Close() }()
	call.Status = resp.StatusCode
	call.RequestID = resp.Header.Get("X-Request-Id")
	body, err := io.ReadAll(io.LimitReader(resp.Body, MaxBodyBytes+1))
	if err != nil {
		return nil, &TransportError{Call: call, Err: fmt.Errorf("reading the response: %w", err)}
	}
	if len(body) > MaxBodyBytes {
		return nil, &DecodeError{Call: call, Err: fmt.Errorf("the response is larger than %d MiB", MaxBodyBytes>>20)}
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		apiErr := newAPIError(call, body)
		apiErr.Code, apiErr.Message = c.redact(apiErr.Code), c.redact(apiErr.Message)
		return nil, apiErr
	}
	return &credentials.Answer{Header: resp.Header, Status: resp.StatusCode, Body: body}, nil
}

// DefaultMetadataEndpoint is the ECS metadata service.
const DefaultMetadataEndpoint = credentials.DefaultMetadataEndpoint
