package credentials

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// Transport sends the requests of the exchanges: the client's HTTP, with
// its retries, logging and signing.
type Transport interface {
	// Exchange sends r and returns the answer of a 2xx; any other answer is
	// an error that implements StatusError.
	Exchange(ctx context.Context, r Request) (*Answer, error)
	// Endpoint is the base URL of a service, for errors.
	Endpoint(service string) (*url.URL, error)
}

// StatusError is an error answer of the API, with its HTTP status.
type StatusError interface {
	error
	HTTPStatus() int
}

// Request is one request of a credential exchange.
type Request struct {
	Service      string // IAM, STS or Metadata
	Method, Path string
	Header       http.Header
	Body         any // marshalled as JSON when set
	// Credentials sign the request, if set.
	Credentials *Credentials
	// Retried exchanges are retried on statuses like GET requests.
	Retried bool
}

// Answer is the answer of an exchange.
type Answer struct {
	Header http.Header
	Status int
	Body   []byte
}

func statusOf(err error) int {
	var se StatusError
	if errors.As(err, &se) {
		return se.HTTPStatus()
	}
	return 0
}

// answerError is an answer that lacks what the exchange needs.
func answerError(method, path string, err error) error {
	return fmt.Errorf("the answer to %s %s cannot be read: %w", method, path, err)
}

// obtain obtains the credentials: the base source, then every hop.
func (cc *Cache) obtain(ctx context.Context) (*Credentials, error) {
	cfg := cc.cfg
	var (
		creds *Credentials
		err   error
	)
	switch {
	case cfg.OIDC != nil:
		creds, err = cc.oidc(ctx, cfg.OIDC)
	case cfg.Metadata:
		creds, err = cc.metadata(ctx)
	case cfg.Static.AccessKey == "" && cfg.Static.Token == "" && cfg.Password != nil:
		creds, err = cc.password(ctx, cfg.Password)
	default:
		s := cfg.Static
		creds = &Credentials{AccessKey: s.AccessKey, SecretKey: s.SecretKey, SecurityToken: s.SecurityToken, Token: s.Token, Source: s.Source}
		if creds.AccessKey == "" && creds.Token == "" {
			return creds, nil // unauthenticated: tests of the client only
		}
	}
	if err != nil {
		return nil, err
	}
	for _, hop := range cfg.AssumeRoles {
		if creds, err = cc.assumeRole(ctx, creds, hop); err != nil {
			return nil, err
		}
	}
	fields := map[string]any{"source": creds.Source}
	if !creds.Expires.IsZero() {
		fields["expires_at"] = creds.Expires.UTC().Format(time.RFC3339)
	}
	tflog.Info(ctx, "Using Huawei Cloud credentials", fields)
	return creds, nil
}

// metadata obtains the temporary credentials of the ECS's agency from the
// metadata service, with a session token when the service gives one.
func (cc *Cache) metadata(ctx context.Context) (*Credentials, error) {
	cfg := cc.cfg
	limit := cfg.MetadataTimeout
	if limit <= 0 {
		limit = DefaultMetadataTimeout
	}
	step := "asking the ECS metadata service for the credentials of the ECS's agency"
	if cfg.Profile != "" {
		step += fmt.Sprintf(" (KooCLI profile %q, mode ecsAgency)", cfg.Profile)
	}
	fail := func(err error) error {
		if len(cfg.Tried) > 0 {
			return &Error{Step: step, Tried: cfg.Tried, Hint: cfg.Hint, Err: err}
		}
		return &Error{Step: step, Err: err}
	}
	mctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	unreachable := func(err error) error {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if mctx.Err() != nil {
			where := DefaultMetadataEndpoint
			if base, err := cc.t.Endpoint(Metadata); err == nil {
				where = base.Redacted()
			}
			return fail(fmt.Errorf("the ECS metadata service at %s gave no answer within %s (the provider is not running on an ECS, or the ECS cannot reach it)", where, limit))
		}
		return fail(err)
	}

	header := http.Header{}
	a, err := cc.t.Exchange(mctx, Request{Service: Metadata, Method: http.MethodPut, Path: "/meta-data/latest/api/token",
		Header: http.Header{"X-Metadata-Token-Ttl-Seconds": {"21600"}}})
	switch {
	case err == nil && len(bytes.TrimSpace(a.Body)) > 0:
		token := string(bytes.TrimSpace(a.Body))
		cc.remember(token)
		header.Set("X-Metadata-Token", token)
	case statusOf(err) != 0:
		tflog.Debug(ctx, "The ECS metadata service gives no session token; going on without one", map[string]any{"status": statusOf(err)})
	case err != nil:
		return nil, unreachable(err)
	}

	const path = "/openstack/latest/securitykey"
	a, err = cc.t.Exchange(mctx, Request{Service: Metadata, Method: http.MethodGet, Path: path, Header: header, Retried: true})
	if err != nil {
		if statusOf(err) == http.StatusUnauthorized {
			return nil, fail(fmt.Errorf("the ECS has no agency (Please configure Cloud Service Agency first): give it one in the ECS console, or configure credentials: %w", err))
		}
		if statusOf(err) != 0 {
			return nil, fail(err)
		}
		return nil, unreachable(err)
	}
	var out struct {
		Credential credentialBody `json:"credential"`
	}
	creds, err := decodeCredential(a.Body, &out, func() credentialBody { return out.Credential }, http.MethodGet, path)
	if err != nil {
		return nil, fail(err)
	}
	creds.Source = "the ECS metadata service"
	if cfg.Profile != "" {
		creds.Source = fmt.Sprintf("KooCLI profile %q (ecsAgency: the ECS metadata service)", cfg.Profile)
	}
	cc.remember(creds.SecretKey, creds.SecurityToken)
	return creds, nil
}

// credentialBody is IAM's and the metadata service's "credential" object.
type credentialBody struct {
	Access        string `json:"access"`
	Secret        string `json:"secret"`
	SecurityToken string `json:"securitytoken"`
	ExpiresAt     string `json:"expires_at"`
}

func decodeCredential(body []byte, out any, get func() credentialBody, method, path string) (*Credentials, error) {
	if err := json.Unmarshal(body, out); err != nil {
		return nil, answerError(method, path, err)
	}
	cb := get()
	return newTemporary(method, path, cb.Access, cb.Secret, cb.SecurityToken, cb.ExpiresAt)
}

func newTemporary(method, path, ak, sk, token, expires string) (*Credentials, error) {
	if ak == "" || sk == "" || token == "" {
		return nil, answerError(method, path, errors.New("the answer lacks the access key, the secret key or the security token"))
	}
	at, err := time.Parse(time.RFC3339Nano, expires)
	if err != nil {
		return nil, answerError(method, path, fmt.Errorf("the expiry %q is not an RFC 3339 time", expires))
	}
	return &Credentials{AccessKey: ak, SecretKey: sk, SecurityToken: token, Expires: at}, nil
}

// assumeRole trades creds for the temporary credentials of an agency.
func (cc *Cache) assumeRole(ctx context.Context, creds *Credentials, hop AssumeRole) (*Credentials, error) {
	duration, lowered := hop.Hop(creds.Temporary())
	if hop.DomainID == "" {
		step := fmt.Sprintf("assuming agency %q of domain %q with IAM (signed with the credentials of %s)", hop.AgencyName, hop.DomainName, creds.Source)
		body := map[string]any{"auth": map[string]any{"identity": map[string]any{
			"methods": []string{"assume_role"},
			"assume_role": map[string]any{
				"agency_name": hop.AgencyName, "domain_name": hop.DomainName, "duration_seconds": duration,
			},
		}}}
		out, err := cc.securityToken(ctx, creds, body)
		if err != nil {
			return nil, &Error{Step: step, Err: err}
		}
		out.Source = fmt.Sprintf("agency %q of domain %q (IAM), assumed with %s", hop.AgencyName, hop.DomainName, creds.Source)
		return out, nil
	}
	if lowered {
		tflog.Warn(ctx, "STS gives at most 3600 s to a caller with temporary credentials; asking 3600",
			map[string]any{"agency_name": hop.AgencyName, "duration": hop.Duration})
	}
	step := fmt.Sprintf("assuming agency %q of domain %s with STS (signed with the credentials of %s)", hop.AgencyName, hop.DomainID, creds.Source)
	const path = "/v5/agencies/assume"
	a, err := cc.t.Exchange(ctx, Request{Service: STS, Method: http.MethodPost, Path: path, Credentials: creds, Retried: true,
		Body: map[string]any{
			"agency_urn":          "iam::" + hop.DomainID + ":agency:" + hop.AgencyName,
			"agency_session_name": hop.AgencyName,
			"duration_seconds":    duration,
		}})
	if err != nil {
		return nil, &Error{Step: step, Err: err}
	}
	var out struct {
		Credentials struct {
			AccessKeyID     string `json:"access_key_id"`
			SecretAccessKey string `json:"secret_access_key"`
			SecurityToken   string `json:"security_token"`
			Expiration      string `json:"expiration"`
		} `json:"credentials"`
	}
	if err := json.Unmarshal(a.Body, &out); err != nil {
		return nil, &Error{Step: step, Err: answerError(http.MethodPost, path, err)}
	}
	oc := out.Credentials
	assumed, err := newTemporary(http.MethodPost, path, oc.AccessKeyID, oc.SecretAccessKey, oc.SecurityToken, oc.Expiration)
	if err != nil {
		return nil, &Error{Step: step, Err: err}
	}
	cc.remember(assumed.SecretKey, assumed.SecurityToken)
	assumed.Source = fmt.Sprintf("agency %q of domain %s (STS), assumed with %s", hop.AgencyName, hop.DomainID, creds.Source)
	return assumed, nil
}

// securityToken asks IAM for temporary credentials.
func (cc *Cache) securityToken(ctx context.Context, creds *Credentials, body any) (*Credentials, error) {
	const path = "/v3.0/OS-CREDENTIAL/securitytokens"
	header := http.Header{}
	if cc.cfg.DomainID != "" {
		header.Set("X-Domain-Id", cc.cfg.DomainID)
	}
	a, err := cc.t.Exchange(ctx, Request{Service: IAM, Method: http.MethodPost, Path: path, Header: header, Credentials: creds, Retried: true, Body: body})
	if err != nil {
		return nil, err
	}
	var out struct {
		Credential credentialBody `json:"credential"`
	}
	got, err := decodeCredential(a.Body, &out, func() credentialBody { return out.Credential }, http.MethodPost, path)
	if err != nil {
		return nil, err
	}
	cc.remember(got.SecretKey, got.SecurityToken)
	return got, nil
}

// oidc trades an OIDC id token for an IAM token, that for temporary
// credentials, and those for the agency's.
func (cc *Cache) oidc(ctx context.Context, o *OIDC) (*Credentials, error) {
	idToken := o.IDToken
	if o.IDTokenFile != "" {
		raw, err := os.ReadFile(o.IDTokenFile)
		if err != nil {
			return nil, &ConfigError{Argument: "assume_role_with_oidc.id_token_file", Detail: fmt.Sprintf(
				"The OIDC id token file cannot be read: %v. Check id_token_file (or HW_ASSUME_ROLE_ID_TOKEN_FILE).", err)}
		}
		idToken = strings.TrimSpace(string(raw))
	}
	cc.remember(idToken)
	step := fmt.Sprintf("exchanging the OIDC id token of identity provider %q with IAM", o.IdpID)
	const tokenPath = "/v3.0/OS-AUTH/id-token/tokens"
	a, err := cc.t.Exchange(ctx, Request{Service: IAM, Method: http.MethodPost, Path: tokenPath, Retried: true,
		Header: http.Header{"X-Idp-Id": {o.IdpID}},
		Body:   map[string]any{"auth": map[string]any{"id_token": map[string]any{"id": idToken}}}})
	if err != nil {
		return nil, &Error{Step: step, Err: err}
	}
	iamToken := a.Header.Get("X-Subject-Token")
	if iamToken == "" {
		return nil, &Error{Step: step, Err: answerError(http.MethodPost, tokenPath, errors.New("the answer has no X-Subject-Token header"))}
	}
	cc.remember(iamToken)
	duration := o.Duration
	if duration == 0 {
		duration = DefaultDuration
	}
	temp, err := cc.securityToken(ctx, &Credentials{Token: iamToken}, map[string]any{"auth": map[string]any{"identity": map[string]any{
		"methods": []string{"token"},
		"token":   map[string]any{"duration_seconds": duration},
	}}})
	if err != nil {
		return nil, &Error{Step: fmt.Sprintf("trading the IAM token of identity provider %q for temporary credentials", o.IdpID), Err: err}
	}
	temp.Source = fmt.Sprintf("OIDC identity provider %q", o.IdpID)
	return cc.assumeRole(ctx, temp, AssumeRole{AgencyName: o.AgencyName, DomainID: o.DomainID, Duration: duration})
}

// password obtains an IAM token with a user's password (POST
// /v3/auth/tokens, method password), scoped to the project.
func (cc *Cache) password(ctx context.Context, p *Password) (*Credentials, error) {
	user := map[string]any{"password": p.Password}
	who := fmt.Sprintf("user %q", p.UserName)
	switch {
	case p.UserID != "" && p.UserName == "":
		user["id"], who = p.UserID, fmt.Sprintf("user id %q", p.UserID)
	case p.DomainID != "":
		user["name"], user["domain"] = p.UserName, map[string]any{"id": p.DomainID}
		who += fmt.Sprintf(" of domain id %q", p.DomainID)
	default:
		user["name"], user["domain"] = p.UserName, map[string]any{"name": p.DomainName}
		who += fmt.Sprintf(" of domain %q", p.DomainName)
	}
	project := map[string]any{"name": p.ProjectName}
	if p.ProjectID != "" {
		project = map[string]any{"id": p.ProjectID}
	}
	step := "obtaining an IAM token with the password of " + who
	const path = "/v3/auth/tokens"
	a, err := cc.t.Exchange(ctx, Request{Service: IAM, Method: http.MethodPost, Path: path, Retried: true,
		Body: map[string]any{"auth": map[string]any{
			"identity": map[string]any{"methods": []string{"password"}, "password": map[string]any{"user": user}},
			"scope":    map[string]any{"project": project},
		}}})
	if err != nil {
		return nil, &Error{Step: step, Err: err}
	}
	token := a.Header.Get("X-Subject-Token")
	if token == "" {
		return nil, &Error{Step: step, Err: answerError(http.MethodPost, path, errors.New("the answer has no X-Subject-Token header"))}
	}
	cc.remember(token)
	var out struct {
		Token struct {
			ExpiresAt string `json:"expires_at"`
		} `json:"token"`
	}
	if err := json.Unmarshal(a.Body, &out); err != nil {
		return nil, &Error{Step: step, Err: answerError(http.MethodPost, path, err)}
	}
	at, err := time.Parse(time.RFC3339Nano, out.Token.ExpiresAt)
	if err != nil {
		return nil, &Error{Step: step, Err: answerError(http.MethodPost, path, fmt.Errorf("the expiry %q is not an RFC 3339 time", out.Token.ExpiresAt))}
	}
	return &Credentials{Token: token, Expires: at, Source: fmt.Sprintf("the password of %s (%s)", who, p.Source)}, nil
}

func replaceAll(s, secret string) string { return strings.ReplaceAll(s, secret, "***") }
