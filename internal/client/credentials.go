package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/go-retryablehttp"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/sign"
)

// Where credentials come from (SPEC, "Where credentials come from (rev. 2)").
// The provider resolves the configuration into Config: static keys (the
// provider block, a KooCLI profile or the environment) or the ECS metadata
// service or an OIDC exchange as the base, then assume_role hops. Nothing is
// asked at configure time: the first request that needs credentials obtains
// them, once per client, and every data source shares them. Temporary
// credentials are renewed when less than renewBefore of their life is left,
// and once after a 401.

const (
	// renewBefore is how much life temporary credentials must have left to
	// be used; with less, they are renewed first.
	renewBefore = 10 * time.Minute
	// DefaultMetadataTimeout bounds the ECS metadata service, as the SDK does.
	DefaultMetadataTimeout = 3 * time.Second
	// DefaultMetadataEndpoint is the ECS metadata service.
	DefaultMetadataEndpoint = "http://169.254.169.254"
	// maxTemporaryHop is the longest STS gives a caller that signs with
	// temporary credentials.
	maxTemporaryHop = 3600
	// DefaultDuration is the duration asked for temporary credentials when
	// unset, in seconds.
	DefaultDuration = 3600
)

// Sources says where credentials come from beyond the static AccessKey,
// SecretKey, SecurityToken and Token of Config.
type Sources struct {
	// Static names the source of the static credentials, for the INFO log
	// ("the provider block", "the environment", "KooCLI profile \"dev\"").
	Static string
	// Metadata takes the base credentials from the ECS metadata service:
	// for an ecsAgency profile, or as the last source when nothing else
	// gives credentials.
	Metadata bool
	// Tried lists the sources tried before the metadata service when it is
	// the last source, for the error that says that none gave credentials.
	Tried []string
	// Profile names the ecsAgency profile that sends to the metadata service.
	Profile string
	// OIDC, when set, replaces every other base source.
	OIDC *OIDC
	// AssumeRoles trade the base credentials, in order, for an agency's.
	AssumeRoles []AssumeRole
	// DomainID is sent as X-Domain-Id to IAM, as the SDK does for global
	// services (a KooCLI profile's domainId).
	DomainID string
	// MetadataTimeout bounds the metadata service, retries included
	// (default DefaultMetadataTimeout).
	MetadataTimeout time.Duration
}

// AssumeRole is one assume_role hop: IAM v3 securitytokens without DomainID,
// STS v5 with it.
type AssumeRole struct {
	AgencyName string
	DomainName string
	DomainID   string
	Duration   int // seconds; DefaultDuration when 0
}

// OIDC is assume_role_with_oidc: an OIDC id token traded for an IAM token,
// then for temporary credentials, then for those of an agency.
type OIDC struct {
	AgencyName  string
	DomainID    string
	IdpID       string
	IDToken     string
	IDTokenFile string // read at each exchange: CI systems rotate it
	Duration    int
}

// Credentials authenticate requests: AK/SK (with a security token when
// temporary), or an IAM token.
type Credentials struct {
	AccessKey     string
	SecretKey     string
	SecurityToken string
	Token         string
	// Expires is when temporary credentials obtained by the client end;
	// zero for credentials the client cannot renew.
	Expires time.Time
	// Source says where they came from, for logs and errors.
	Source string
}

// renewable reports credentials the client obtained and can obtain again.
func (c *Credentials) renewable() bool { return c != nil && !c.Expires.IsZero() }

// temporary reports credentials with a security token or an expiry.
func (c *Credentials) temporary() bool {
	return c != nil && (c.SecurityToken != "" || !c.Expires.IsZero())
}

// CredentialsError is a failure to obtain credentials: no source gave any, or
// an exchange failed. Err is the cause.
type CredentialsError struct {
	// Step says what was being done ("assuming agency ops of domain acme").
	Step string
	// Tried lists the sources tried, when none gave credentials.
	Tried []string
	Err   error
}

func (e *CredentialsError) Error() string {
	if len(e.Tried) > 0 {
		return fmt.Sprintf("no credentials are configured, and the ECS metadata service, the last source, gave none: %v", e.Err)
	}
	return fmt.Sprintf("%s: %v", e.Step, e.Err)
}

func (e *CredentialsError) Unwrap() error { return e.Err }

// describeCredentialsError is Describe's diagnostic for a CredentialsError.
func describeCredentialsError(e *CredentialsError, subject string) (summary, detail string) {
	if len(e.Tried) > 0 {
		var b strings.Builder
		fmt.Fprintf(&b, "Reading %s needs credentials, and none are configured. Sources tried, in order:\n", subject)
		for i, s := range e.Tried {
			fmt.Fprintf(&b, "  %d. %s\n", i+1, s)
		}
		fmt.Fprintf(&b, "\nSet access_key and secret_key (or HW_ACCESS_KEY and HW_SECRET_KEY), or token (or HW_AUTH_TOKEN), "+
			"or profile (or HW_PROFILE) for a KooCLI profile, or assume_role_with_oidc; on an ECS, give the ECS an agency.\n\n%v", e.Err)
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

// Get sends a GET request and decodes the JSON body into out. Failures are
// *APIError (the API answered with an error), *DecodeError (the body is not
// the JSON expected), *TransportError (no answer), *CredentialsError or
// *ConfigError. Temporary credentials that the API refuses with 401 are
// renewed once and the request is sent again.
func (c *Client) Get(ctx context.Context, r Request, out any) error {
	creds, err := c.creds.get(ctx)
	if err != nil {
		return err
	}
	if r.Service == IAM && c.cfg.Sources.DomainID != "" {
		r.Header = r.Header.Clone()
		if r.Header == nil {
			r.Header = http.Header{}
		}
		r.Header.Set("X-Domain-Id", c.cfg.Sources.DomainID)
	}
	err = c.get(withCredentials(ctx, creds), r, out)
	var apiErr *APIError
	if !creds.renewable() || !errors.As(err, &apiErr) || apiErr.Status != http.StatusUnauthorized {
		return err
	}
	tflog.Info(c.maskSecrets(ctx), "Huawei Cloud refused the temporary credentials; renewing them once and sending the request again",
		map[string]any{"source": creds.Source})
	renewed, renewErr := c.creds.renew(ctx, creds)
	if renewErr != nil {
		return renewErr
	}
	return c.get(withCredentials(ctx, renewed), r, out)
}

// credentialCache obtains the credentials once and shares them; concurrent
// callers wait for the one exchange in progress.
type credentialCache struct {
	c *Client

	mu     sync.Mutex
	cur    *Credentials
	flight *credentialFlight
	// secrets are every secret obtained so far, hidden from logs and errors.
	secrets []string
}

type credentialFlight struct {
	done  chan struct{}
	creds *Credentials
	err   error
}

// get returns usable credentials, obtaining or renewing them when needed.
func (cc *credentialCache) get(ctx context.Context) (*Credentials, error) {
	return cc.obtain(ctx, nil)
}

// renew returns credentials other than stale, which an API refused.
func (cc *credentialCache) renew(ctx context.Context, stale *Credentials) (*Credentials, error) {
	return cc.obtain(ctx, stale)
}

func (cc *credentialCache) obtain(ctx context.Context, stale *Credentials) (*Credentials, error) {
	for {
		cc.mu.Lock()
		cur := cc.cur
		if cur != nil && cur != stale && cc.fresh(cur) {
			cc.mu.Unlock()
			return cur, nil
		}
		f, owner := cc.flight, false
		if f == nil {
			f, owner = &credentialFlight{done: make(chan struct{})}, true
			cc.flight = f
		}
		cc.mu.Unlock()
		if owner {
			creds, err := cc.fetch(ctx)
			cc.mu.Lock()
			if err == nil {
				cc.cur = creds
			}
			f.creds, f.err = creds, err
			cc.flight = nil
			cc.mu.Unlock()
			close(f.done)
		} else {
			select {
			case <-f.done:
			case <-ctx.Done():
				return nil, ctx.Err()
			}
		}
		if f.err == nil {
			return f.creds, nil
		}
		if !owner && ctx.Err() == nil && errors.Is(f.err, context.Canceled) {
			continue // the caller that obtained them went away; try with ours
		}
		if cur != nil && cur != stale && cc.now().Before(cur.Expires) {
			tflog.Warn(cc.c.maskSecrets(ctx), "Renewing the temporary credentials failed; using them for the rest of their life",
				map[string]any{"error": cc.c.redact(f.err.Error()), "expires_at": cur.Expires.UTC().Format(time.RFC3339)})
			return cur, nil
		}
		return nil, f.err
	}
}

func (cc *credentialCache) now() time.Time { return cc.c.cfg.Now() }

// fresh reports credentials that need no renewal. Call with cc.mu held.
func (cc *credentialCache) fresh(c *Credentials) bool {
	return c.Expires.IsZero() || cc.now().Add(renewBefore).Before(c.Expires)
}

// remember adds secrets to those hidden from logs and errors.
func (cc *credentialCache) remember(secrets ...string) {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	for _, s := range secrets {
		if s != "" {
			cc.secrets = append(cc.secrets, s)
		}
	}
}

func (cc *credentialCache) known() []string {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	return append([]string(nil), cc.secrets...)
}

// fetch obtains the credentials: the base source, then every hop.
func (cc *credentialCache) fetch(ctx context.Context) (*Credentials, error) {
	c := cc.c
	src := c.cfg.Sources
	var (
		creds *Credentials
		err   error
	)
	switch {
	case src.OIDC != nil:
		creds, err = c.oidc(ctx, src.OIDC)
	case src.Metadata:
		creds, err = c.metadata(ctx)
	default:
		creds = &Credentials{AccessKey: c.cfg.AccessKey, SecretKey: c.cfg.SecretKey, SecurityToken: c.cfg.SecurityToken,
			Token: c.cfg.Token, Source: src.Static}
		if creds.AccessKey == "" && creds.Token == "" {
			return creds, nil // unauthenticated: tests of the client only
		}
	}
	if err != nil {
		return nil, err
	}
	for _, hop := range src.AssumeRoles {
		if creds, err = c.assumeRole(ctx, creds, hop); err != nil {
			return nil, err
		}
	}
	fields := map[string]any{"source": creds.Source}
	if !creds.Expires.IsZero() {
		fields["expires_at"] = creds.Expires.UTC().Format(time.RFC3339)
	}
	tflog.Info(c.maskSecrets(ctx), "Using Huawei Cloud credentials", fields)
	return creds, nil
}

// metadata obtains the temporary credentials of the ECS's agency from the
// metadata service, with a session token when the service gives one.
func (c *Client) metadata(ctx context.Context) (*Credentials, error) {
	src := c.cfg.Sources
	limit := src.MetadataTimeout
	if limit <= 0 {
		limit = DefaultMetadataTimeout
	}
	step := "asking the ECS metadata service for the credentials of the ECS's agency"
	if src.Profile != "" {
		step += fmt.Sprintf(" (KooCLI profile %q, mode ecsAgency)", src.Profile)
	}
	fail := func(err error) error {
		if len(src.Tried) > 0 {
			return &CredentialsError{Step: step, Tried: src.Tried, Err: err}
		}
		return &CredentialsError{Step: step, Err: err}
	}
	mctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	unreachable := func(err error) error {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if mctx.Err() != nil {
			base, _ := c.Endpoint(Metadata)
			return fail(fmt.Errorf("the ECS metadata service at %s gave no answer within %s (the provider is not running on an ECS, or the ECS cannot reach it)", base.Redacted(), limit))
		}
		return fail(err)
	}

	header := http.Header{}
	tokenHeader := http.Header{"X-Metadata-Token-Ttl-Seconds": {"21600"}}
	_, body, err := c.exchange(mctx, exchangeRequest{service: Metadata, method: http.MethodPut,
		path: "/meta-data/latest/api/token", header: tokenHeader})
	var apiErr *APIError
	switch {
	case err == nil && len(bytes.TrimSpace(body)) > 0:
		token := string(bytes.TrimSpace(body))
		c.creds.remember(token)
		header.Set("X-Metadata-Token", token)
	case errors.As(err, &apiErr):
		tflog.Debug(c.maskSecrets(ctx), "The ECS metadata service gives no session token; going on without one", map[string]any{"status": apiErr.Status})
	case err != nil:
		return nil, unreachable(err)
	}

	_, body, err = c.exchange(mctx, exchangeRequest{service: Metadata, method: http.MethodGet,
		path: "/openstack/latest/securitykey", header: header, retried: true})
	if err != nil {
		if errors.As(err, &apiErr) && apiErr.Status == http.StatusUnauthorized {
			return nil, fail(fmt.Errorf("the ECS has no agency (Please configure Cloud Service Agency first): give it one in the ECS console, or configure credentials: %w", err))
		}
		if errors.As(err, &apiErr) {
			return nil, fail(err)
		}
		return nil, unreachable(err)
	}
	var out struct {
		Credential credentialBody `json:"credential"`
	}
	creds, err := decodeCredential(body, &out, func() credentialBody { return out.Credential },
		Call{Service: Metadata, Method: http.MethodGet, Path: "/openstack/latest/securitykey"})
	if err != nil {
		return nil, fail(err)
	}
	creds.Source = "the ECS metadata service"
	if src.Profile != "" {
		creds.Source = fmt.Sprintf("KooCLI profile %q (ecsAgency: the ECS metadata service)", src.Profile)
	}
	c.creds.remember(creds.SecretKey, creds.SecurityToken)
	return creds, nil
}

// credentialBody is IAM's and the metadata service's "credential" object.
type credentialBody struct {
	Access        string `json:"access"`
	Secret        string `json:"secret"`
	SecurityToken string `json:"securitytoken"`
	ExpiresAt     string `json:"expires_at"`
}

func decodeCredential(body []byte, out any, get func() credentialBody, call Call) (*Credentials, error) {
	if err := json.Unmarshal(body, out); err != nil {
		return nil, &DecodeError{Call: call, Err: err}
	}
	cb := get()
	return newTemporary(call, cb.Access, cb.Secret, cb.SecurityToken, cb.ExpiresAt)
}

func newTemporary(call Call, ak, sk, token, expires string) (*Credentials, error) {
	if ak == "" || sk == "" || token == "" {
		return nil, &DecodeError{Call: call, Err: errors.New("the answer lacks the access key, the secret key or the security token")}
	}
	at, err := time.Parse(time.RFC3339Nano, expires)
	if err != nil {
		return nil, &DecodeError{Call: call, Err: fmt.Errorf("the expiry %q is not an RFC 3339 time", expires)}
	}
	return &Credentials{AccessKey: ak, SecretKey: sk, SecurityToken: token, Expires: at}, nil
}

// assumeRole trades creds for the temporary credentials of an agency.
func (c *Client) assumeRole(ctx context.Context, creds *Credentials, hop AssumeRole) (*Credentials, error) {
	duration := hop.Duration
	if duration == 0 {
		duration = DefaultDuration
	}
	if hop.DomainID == "" {
		step := fmt.Sprintf("assuming agency %q of domain %q with IAM (signed with the credentials of %s)", hop.AgencyName, hop.DomainName, creds.Source)
		body := map[string]any{"auth": map[string]any{"identity": map[string]any{
			"methods": []string{"assume_role"},
			"assume_role": map[string]any{
				"agency_name": hop.AgencyName, "domain_name": hop.DomainName, "duration_seconds": duration,
			},
		}}}
		out, err := c.securityToken(ctx, creds, body)
		if err != nil {
			return nil, &CredentialsError{Step: step, Err: err}
		}
		out.Source = fmt.Sprintf("agency %q of domain %q (IAM), assumed with %s", hop.AgencyName, hop.DomainName, creds.Source)
		return out, nil
	}
	if creds.temporary() && duration > maxTemporaryHop {
		tflog.Warn(c.maskSecrets(ctx), "STS gives at most 3600 s to a caller with temporary credentials; asking 3600",
			map[string]any{"agency_name": hop.AgencyName, "duration": duration})
		duration = maxTemporaryHop
	}
	step := fmt.Sprintf("assuming agency %q of domain %s with STS (signed with the credentials of %s)", hop.AgencyName, hop.DomainID, creds.Source)
	const path = "/v5/agencies/assume"
	_, body, err := c.exchange(ctx, exchangeRequest{service: STS, method: http.MethodPost, path: path, creds: creds, retried: true,
		body: map[string]any{
			"agency_urn":          "iam::" + hop.DomainID + ":agency:" + hop.AgencyName,
			"agency_session_name": hop.AgencyName,
			"duration_seconds":    duration,
		}})
	if err != nil {
		return nil, &CredentialsError{Step: step, Err: err}
	}
	var out struct {
		Credentials struct {
			AccessKeyID     string `json:"access_key_id"`
			SecretAccessKey string `json:"secret_access_key"`
			SecurityToken   string `json:"security_token"`
			Expiration      string `json:"expiration"`
		} `json:"credentials"`
	}
	call := Call{Service: STS, Method: http.MethodPost, Path: path}
	if err := json.Unmarshal(body, &out); err != nil {
		return nil, &CredentialsError{Step: step, Err: &DecodeError{Call: call, Err: err}}
	}
	oc := out.Credentials
	assumed, err := newTemporary(call, oc.AccessKeyID, oc.SecretAccessKey, oc.SecurityToken, oc.Expiration)
	if err != nil {
		return nil, &CredentialsError{Step: step, Err: err}
	}
	c.creds.remember(assumed.SecretKey, assumed.SecurityToken)
	assumed.Source = fmt.Sprintf("agency %q of domain %s (STS), assumed with %s", hop.AgencyName, hop.DomainID, creds.Source)
	return assumed, nil
}

// securityToken asks IAM for temporary credentials.
func (c *Client) securityToken(ctx context.Context, creds *Credentials, body any) (*Credentials, error) {
	const path = "/v3.0/OS-CREDENTIAL/securitytokens"
	header := http.Header{}
	if c.cfg.Sources.DomainID != "" {
		header.Set("X-Domain-Id", c.cfg.Sources.DomainID)
	}
	_, raw, err := c.exchange(ctx, exchangeRequest{service: IAM, method: http.MethodPost, path: path, header: header, creds: creds, retried: true, body: body})
	if err != nil {
		return nil, err
	}
	var out struct {
		Credential credentialBody `json:"credential"`
	}
	got, err := decodeCredential(raw, &out, func() credentialBody { return out.Credential },
		Call{Service: IAM, Method: http.MethodPost, Path: path})
	if err != nil {
		return nil, err
	}
	c.creds.remember(got.SecretKey, got.SecurityToken)
	return got, nil
}

// oidc trades an OIDC id token for an IAM token, that for temporary
// credentials, and those for the agency's.
func (c *Client) oidc(ctx context.Context, o *OIDC) (*Credentials, error) {
	idToken := o.IDToken
	if o.IDTokenFile != "" {
		raw, err := os.ReadFile(o.IDTokenFile)
		if err != nil {
			return nil, &ConfigError{Argument: "assume_role_with_oidc.id_token_file", Detail: fmt.Sprintf(
				"The OIDC id token file cannot be read: %v. Check id_token_file (or HW_ASSUME_ROLE_ID_TOKEN_FILE).", err)}
		}
		idToken = strings.TrimSpace(string(raw))
	}
	c.creds.remember(idToken)
	step := fmt.Sprintf("exchanging the OIDC id token of identity provider %q with IAM", o.IdpID)
	const tokenPath = "/v3.0/OS-AUTH/id-token/tokens"
	resp, _, err := c.exchange(ctx, exchangeRequest{service: IAM, method: http.MethodPost, path: tokenPath, retried: true,
		header: http.Header{"X-Idp-Id": {o.IdpID}},
		body:   map[string]any{"auth": map[string]any{"id_token": map[string]any{"id": idToken}}}})
	if err != nil {
		return nil, &CredentialsError{Step: step, Err: err}
	}
	iamToken := resp.Get("X-Subject-Token")
	if iamToken == "" {
		return nil, &CredentialsError{Step: step, Err: &DecodeError{Call: Call{Service: IAM, Method: http.MethodPost, Path: tokenPath, Status: resp.status},
			Err: errors.New("the answer has no X-Subject-Token header")}}
	}
	c.creds.remember(iamToken)
	duration := o.Duration
	if duration == 0 {
		duration = DefaultDuration
	}
	temp, err := c.securityToken(ctx, &Credentials{Token: iamToken}, map[string]any{"auth": map[string]any{"identity": map[string]any{
		"methods": []string{"token"},
		"token":   map[string]any{"duration_seconds": duration},
	}}})
	if err != nil {
		return nil, &CredentialsError{Step: fmt.Sprintf("trading the IAM token of identity provider %q for temporary credentials", o.IdpID), Err: err}
	}
	temp.Source = fmt.Sprintf("OIDC identity provider %q", o.IdpID)
	return c.assumeRole(ctx, temp, AssumeRole{AgencyName: o.AgencyName, DomainID: o.DomainID, Duration: duration})
}

// exchangeRequest is one request of a credential exchange.
type exchangeRequest struct {
	service      Service
	method, path string
	header       http.Header
	body         any
	creds        *Credentials
	// retried exchanges are retried on statuses like GET requests.
	retried bool
}

// exchangeResponse is the header and status of an exchange's answer.
type exchangeResponse struct {
	http.Header
	status int
}

// exchange sends one request of a credential exchange through the client's
// retries, logging and signing, and returns the answer's header and body.
func (c *Client) exchange(ctx context.Context, x exchangeRequest) (exchangeResponse, []byte, error) {
	ctx = c.maskSecrets(ctx)
	base, err := c.Endpoint(x.service)
	if err != nil {
		return exchangeResponse{}, nil, err
	}
	u := *base
	u.Path = strings.TrimSuffix(base.Path, "/") + x.path
	u.RawPath = ""
	var payload any
	if x.body != nil {
		b, err := json.Marshal(x.body)
		if err != nil {
			return exchangeResponse{}, nil, err
		}
		payload = b
	}
	ctx = context.WithValue(withCredentials(ctx, x.creds), exchangeKey{}, x.retried)
	req, err := retryablehttp.NewRequestWithContext(ctx, x.method, u.String(), payload)
	if err != nil {
		return exchangeResponse{}, nil, &ConfigError{Argument: "endpoints", Detail: fmt.Sprintf("Cannot build a request to %s: %v", u.Redacted(), err)}
	}
	req.Header.Set("User-Agent", "terraform-provider-hwcjobs/"+c.cfg.Version)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Content-Type", "application/json;charset=UTF-8")
	for k, vs := range x.header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	call := Call{Service: x.service, Method: x.method, Path: u.Path}
	resp, err := c.http.Do(req)
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return exchangeResponse{}, nil, &TransportError{Call: call, Err: ctxErr}
		}
		return exchangeResponse{}, nil, &TransportError{Call: call, Err: err}
	}
	defer func() { _ = resp.Body.Close() }()
	call.Status = resp.StatusCode
	call.RequestID = resp.Header.Get("X-Request-Id")
	body, err := io.ReadAll(io.LimitReader(resp.Body, MaxBodyBytes+1))
	if err != nil {
		return exchangeResponse{}, nil, &TransportError{Call: call, Err: fmt.Errorf("reading the response: %w", err)}
	}
	if len(body) > MaxBodyBytes {
		return exchangeResponse{}, nil, &DecodeError{Call: call, Err: fmt.Errorf("the response is larger than %d MiB", MaxBodyBytes>>20)}
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		apiErr := newAPIError(call, body)
		apiErr.Code, apiErr.Message = c.redact(apiErr.Code), c.redact(apiErr.Message)
		return exchangeResponse{}, nil, apiErr
	}
	return exchangeResponse{Header: resp.Header, status: resp.StatusCode}, body, nil
}
