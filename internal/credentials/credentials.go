// Package credentials obtains, shares and renews the credentials of one
// provider (SPEC, "Where credentials come from"): static keys or a token, a
// password traded for an IAM token, the ECS metadata service or an OIDC
// exchange as the base, then assume-role hops. The client uses it through
// Cache.Credentials and Cache.Renew, and lends it a Transport for the
// exchanges, so that they go through the client's retries and logging while
// this package knows nothing of HTTP clients, and the client nothing of
// where credentials come from.
package credentials

import (
	"fmt"
	"time"
)

const (
	// renewBefore is how much life temporary credentials must have left to
	// be used; with less, they are renewed first.
	renewBefore = 10 * time.Minute
	// shortLived is the life under which credentials are renewed at half
	// of it instead of renewBefore ahead of their end: renewBefore ahead of
	// credentials that live 10 minutes would renew them on every request.
	shortLived = 2 * renewBefore
	// retryRenewal is how long a failed renewal is not tried again while
	// the old credentials still work.
	retryRenewal = time.Minute
	// DefaultMetadataTimeout bounds the ECS metadata service, as the SDK does.
	DefaultMetadataTimeout = 3 * time.Second
	// DefaultMetadataEndpoint is the ECS metadata service.
	DefaultMetadataEndpoint = "http://169.254.169.254"
	// MaxTemporaryHop is the longest STS gives a caller that signs with
	// temporary credentials, in seconds.
	MaxTemporaryHop = 3600
	// DefaultDuration is the duration asked for temporary credentials when
	// unset, in seconds.
	DefaultDuration = 3600
)

// Service names of the exchanges, the client's endpoint keys.
const (
	IAM      = "iam"
	STS      = "sts"
	Metadata = "metadata"
)

// Config says where credentials come from.
type Config struct {
	// Static are keys or a token given as they are.
	Static Static
	// Password, when set, is traded for an IAM token; Static wins over it.
	Password *Password
	// Metadata takes the base credentials from the ECS metadata service:
	// for an ecsAgency profile, or as the last source when nothing else
	// gives credentials.
	Metadata bool
	// Tried lists the sources tried before the metadata service when it is
	// the last source, for the error that says that none gave credentials.
	Tried []string
	// Hint says how to configure credentials, for that error.
	Hint string
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
	// Now is the clock of expiry and renewal; time.Now when nil.
	Now func() time.Time
}

// Static are AK/SK (with a security token when temporary) or an IAM token.
type Static struct {
	AccessKey, SecretKey, SecurityToken, Token string
	// Source says where they came from, for the INFO log.
	Source string
}

// Password is IAM password authentication: the user by name and domain, or
// by id, and the project the token is scoped to.
type Password struct {
	UserName, UserID, Password string
	DomainName, DomainID       string
	// ProjectID scopes the token by id; else ProjectName by name.
	ProjectID, ProjectName string
	// Source says where the password came from, for the INFO log.
	Source string
}

// AssumeRole is one assume-role hop: IAM v3 securitytokens without DomainID,
// STS v5 with it.
type AssumeRole struct {
	AgencyName string
	DomainName string
	DomainID   string
	Duration   int // seconds; DefaultDuration when 0
}

// Hop is the duration a hop asks: STS gives a caller that signs with
// temporary credentials at most MaxTemporaryHop, so a longer one is lowered
// (the provider warns of it at configure time, the cache logs it).
func (h AssumeRole) Hop(temporary bool) (duration int, lowered bool) {
	duration = h.Duration
	if duration == 0 {
		duration = DefaultDuration
	}
	if h.DomainID != "" && temporary && duration > MaxTemporaryHop {
		return MaxTemporaryHop, true
	}
	return duration, false
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
	// Expires is when credentials obtained by an exchange end; zero for
	// credentials that cannot be renewed.
	Expires time.Time
	// Obtained is when the cache obtained them.
	Obtained time.Time
	// Source says where they came from, for logs and errors.
	Source string
}

// Renewable reports credentials obtained by an exchange, which can be
// obtained again.
func (c *Credentials) Renewable() bool { return c != nil && !c.Expires.IsZero() }

// Temporary reports credentials with a security token or an expiry.
func (c *Credentials) Temporary() bool {
	return c != nil && (c.SecurityToken != "" || !c.Expires.IsZero())
}

// renewAt is when credentials are due for renewal: renewBefore ahead of
// their end, or half-way through the life of short-lived ones.
func (c *Credentials) renewAt() time.Time {
	life := c.Expires.Sub(c.Obtained)
	if !c.Obtained.IsZero() && life < shortLived {
		return c.Obtained.Add(life / 2)
	}
	return c.Expires.Add(-renewBefore)
}

// Error is a failure to obtain credentials: no source gave any, or an
// exchange failed. Err is the cause.
type Error struct {
	// Step says what was being done ("assuming agency ops of domain acme").
	Step string
	// Tried lists the sources tried, when none gave credentials.
	Tried []string
	// Hint says how to configure credentials, when none gave any.
	Hint string
	Err  error
}

func (e *Error) Error() string {
	if len(e.Tried) > 0 {
		return fmt.Sprintf("no credentials are configured, and the ECS metadata service, the last source, gave none: %v", e.Err)
	}
	return fmt.Sprintf("%s: %v", e.Step, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// ConfigError is a problem of the provider configuration found while
// reading; Argument names it.
type ConfigError struct {
	Argument string
	Detail   string
}

func (e *ConfigError) Error() string { return e.Detail }
