package emulator

import (
	"bytes"
	"cmp"
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"time"
)

// Temporary credentials: the ECS metadata service, IAM securitytokens (agency
// and token methods), the OIDC id-token exchange and STS assume. Every
// credential issued carries a security token and expires on Config.Clock;
// requests signed with an expired or unknown temporary access key are refused
// with the API gateway's 401.

// CredentialOptions changes how the emulator issues temporary credentials.
type CredentialOptions struct {
	// NoSessionToken answers the metadata service's session token request
	// (PUT /meta-data/latest/api/token) with 404, as older ECSs do.
	NoSessionToken bool
	// NoAgency answers the metadata service's securitykey with 401 "Please
	// configure Cloud Service Agency first", as an ECS without an agency.
	NoAgency bool
	// MetadataTTL is the life of the metadata service's credentials
	// (default 1h).
	MetadataTTL time.Duration
	// MaxTTL, when set, caps the life of every credential and token issued.
	MaxTTL time.Duration
	// IdentityProviders are the OIDC identity providers IAM trusts: idp id
	// -> the one id token it accepts.
	IdentityProviders map[string]string
	// Users are the IAM users whose password POST /v3/auth/tokens takes;
	// DefaultUser when nil.
	Users []User
}

// DefaultUser is the IAM user the emulator knows unless told otherwise:
// user_name "test-user", password "test-password", domain_name
// "test-domain".
var DefaultUser = User{ID: "test-user-id", Name: "test-user", Password: "test-password", DomainName: "test-domain", DomainID: "test-domain-id"}

// User is an IAM user of password authentication.
type User struct {
	ID, Name, Password   string
	DomainID, DomainName string
}

// Exchange is one credential request the emulator answered, with the
// fields of its body that tests assert.
type Exchange struct {
	// Kind is "metadata-token", "metadata", "securitytoken", "id-token",
	// "sts" or "password".
	Kind   string
	Status int
	// Signer is the access key that signed the request ("" when it was not
	// signed); SignerTemporary says whether it was a temporary one.
	Signer          string
	SignerTemporary bool
	// Token says the request carried an X-Auth-Token.
	Token bool
	// SessionToken says the metadata request carried X-Metadata-Token.
	SessionToken bool
	// Method is the securitytokens or auth/tokens method: "assume_role",
	// "token" or "password".
	Method string
	// User is the user of a password request, by name or id; Scope the
	// project it asked ("id:..." or "name:...").
	User, Scope string
	AgencyName  string
	DomainName  string
	AgencyURN   string
	SessionName string
	IdpID       string
	// Duration is the duration_seconds asked (0 when absent).
	Duration int
	// Issued is the access key issued, if any (the token, for "password").
	Issued string
}

// IssuedCredential is a temporary credential the emulator issued.
type IssuedCredential struct {
	AccessKey, SecretKey, SecurityToken string
	Expires                             time.Time
}

type credentialState struct {
	opts      CredentialOptions
	temp      map[string]*IssuedCredential // by access key
	tokens    map[string]time.Time         // IAM tokens issued -> expiry
	sessions  map[string]bool              // metadata session tokens
	exchanges []Exchange
	secrets   []string
}

// init makes the maps. Call with e.mu held.
func (s *credentialState) init() {
	if s.temp == nil {
		s.temp = map[string]*IssuedCredential{}
		s.tokens = map[string]time.Time{}
		s.sessions = map[string]bool{}
	}
}

// SetCredentialOptions replaces the credential options.
func (e *Emulator) SetCredentialOptions(o CredentialOptions) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.creds.init()
	e.creds.opts = o
}

// Exchanges returns the credential requests answered so far, oldest first.
func (e *Emulator) Exchanges() []Exchange {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]Exchange(nil), e.creds.exchanges...)
}

// ExchangesOf returns the credential requests of one kind.
func (e *Emulator) ExchangesOf(kind string) []Exchange {
	var out []Exchange
	for _, x := range e.Exchanges() {
		if x.Kind == kind {
			out = append(out, x)
		}
	}
	return out
}

// Secrets returns every secret the emulator issued: secret keys, security
// tokens, IAM tokens and metadata session tokens.
func (e *Emulator) Secrets() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]string(nil), e.creds.secrets...)
}

// IssueTemporary issues temporary credentials that live for ttl, as a login
// elsewhere (KooCLI's SSO) would have.
func (e *Emulator) IssueTemporary(ttl time.Duration) IssuedCredential {
	e.mu.Lock()
	defer e.mu.Unlock()
	return *e.issue(ttl)
}

// ExpireIssued makes every temporary credential and token issued so far
// expire now, as if the emulated cloud's clock were ahead of the client's.
func (e *Emulator) ExpireIssued() {
	e.mu.Lock()
	defer e.mu.Unlock()
	now := e.cfg.Clock()
	for _, c := range e.creds.temp {
		c.Expires = now
	}
	for t := range e.creds.tokens {
		e.creds.tokens[t] = now
	}
}

// issue makes a temporary credential. Call with e.mu held.
func (e *Emulator) issue(ttl time.Duration) *IssuedCredential {
	e.creds.init()
	if most := e.creds.opts.MaxTTL; most > 0 && ttl > most {
		ttl = most
	}
	c := &IssuedCredential{
		AccessKey:     "TMPAK" + strings.ToUpper(randomHex(8)),
		SecretKey:     "TMPSK-" + randomHex(16),
		SecurityToken: "TMPST-" + randomHex(32),
		Expires:       e.cfg.Clock().Add(ttl).UTC(),
	}
	e.creds.temp[c.AccessKey] = c
	e.creds.secrets = append(e.creds.secrets, c.SecretKey, c.SecurityToken)
	return c
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// secretFor is the secret key of a permanent or temporary access key.
func (e *Emulator) secretFor(ak string) (string, bool) {
	if sk, ok := e.cfg.Keys[ak]; ok {
		return sk, true
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if c, ok := e.creds.temp[ak]; ok {
		return c.SecretKey, true
	}
	return "", false
}

// temporaryRefused says why a request signed with temporary access key ak
// is refused, or "".
func (e *Emulator) temporaryRefused(ak string, r *http.Request) string {
	e.mu.Lock()
	defer e.mu.Unlock()
	c, ok := e.creds.temp[ak]
	switch {
	case !ok:
		return ""
	case r.Header.Get("X-Security-Token") != c.SecurityToken:
		return "the X-Security-Token does not belong to the temporary access key"
	case !e.cfg.Clock().Before(c.Expires):
		return "the temporary access key has expired"
	}
	return ""
}

// tokenValid reports the configured token or an unexpired issued one.
func (e *Emulator) tokenValid(token string) bool {
	if token == e.cfg.Token {
		return true
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	exp, ok := e.creds.tokens[token]
	return ok && e.cfg.Clock().Before(exp)
}

// bodyKey carries a request's body, read before the signature check.
type bodyKey struct{}

// withBody reads the body of a request that has one into its context and
// leaves a fresh copy in r.Body.
func withBody(r *http.Request) *http.Request {
	if r.Body == nil || r.Body == http.NoBody {
		return r
	}
	b, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	_ = r.Body.Close()
	r = r.WithContext(context.WithValue(r.Context(), bodyKey{}, b))
	r.Body = io.NopCloser(bytes.NewReader(b))
	return r
}

func bodyOf(r *http.Request) []byte {
	b, _ := r.Context().Value(bodyKey{}).([]byte)
	return b
}

// credentialRoute recognises the credential APIs.
func credentialRoute(s []string) (route, bool) {
	p := strings.Join(s, "/")
	switch p {
	case "meta-data/latest/api/token":
		return route{svc: svcMetadataToken}, true
	case "openstack/latest/securitykey":
		return route{svc: svcMetadataKey}, true
	case "v3.0/OS-CREDENTIAL/securitytokens":
		return route{svc: svcSecurityTokens}, true
	case "v3.0/OS-AUTH/id-token/tokens":
		return route{svc: svcIDToken}, true
	case "v5/agencies/assume":
		return route{svc: svcSTSAssume}, true
	case "v3/auth/tokens":
		return route{svc: svcAuthTokens}, true
	}
	return route{}, false
}

// allowedMethod is the one method of a route.
func allowedMethod(rt route) string {
	switch rt.svc {
	case svcMetadataToken:
		return http.MethodPut
	case svcSecurityTokens, svcIDToken, svcSTSAssume, svcAuthTokens:
		return http.MethodPost
	}
	return http.MethodGet
}

// anonymous routes need no authentication: the metadata service is reached
// only from the ECS, and the id token and the password authenticate their
// own exchanges.
func anonymous(rt route) bool {
	return rt.svc == svcMetadataToken || rt.svc == svcMetadataKey || rt.svc == svcIDToken || rt.svc == svcAuthTokens
}

var accessOf = regexp.MustCompile(`Access=([^,\s]+)`)

// credentialAnswer answers the credential APIs and records the exchange.
func (e *Emulator) credentialAnswer(r *http.Request, rt route, id string) reply {
	x := Exchange{}
	if m := accessOf.FindStringSubmatch(r.Header.Get("Authorization")); m != nil {
		x.Signer = m[1]
	}
	x.Token = r.Header.Get("X-Auth-Token") != ""
	e.mu.Lock()
	defer e.mu.Unlock()
	e.creds.init()
	_, x.SignerTemporary = e.creds.temp[x.Signer]
	var rep reply
	switch rt.svc {
	case svcMetadataToken:
		x.Kind = "metadata-token"
		rep = e.metadataToken()
	case svcMetadataKey:
		x.Kind = "metadata"
		rep = e.metadataKey(r, &x, id)
	case svcSecurityTokens:
		x.Kind = "securitytoken"
		rep = e.securityTokens(r, &x)
	case svcIDToken:
		x.Kind = "id-token"
		rep = e.idToken(r, &x)
	case svcAuthTokens:
		x.Kind = "password"
		rep = e.passwordToken(r, &x)
	default:
		x.Kind = "sts"
		rep = e.stsAssume(r, &x)
	}
	x.Status = rep.status
	e.creds.exchanges = append(e.creds.exchanges, x)
	return rep
}

func (e *Emulator) metadataToken() reply {
	if e.creds.opts.NoSessionToken {
		return reply{status: http.StatusNotFound, body: []byte("404 Not Found"), header: map[string]string{"Content-Type": "text/plain"}}
	}
	token := "MDST-" + randomHex(24)
	e.creds.sessions[token] = true
	e.creds.secrets = append(e.creds.secrets, token)
	return reply{status: http.StatusOK, body: []byte(token), header: map[string]string{"Content-Type": "text/plain"}}
}

func (e *Emulator) metadataKey(r *http.Request, x *Exchange, id string) reply {
	if token := r.Header.Get("X-Metadata-Token"); token != "" {
		x.SessionToken = true
		if !e.creds.sessions[token] {
			return gatewayError(http.StatusUnauthorized, "MDS.0401", "The X-Metadata-Token is invalid", id)
		}
	}
	if e.creds.opts.NoAgency {
		return reply{status: http.StatusUnauthorized, body: object("error_code", "MDS.0401", "error_msg", "Please configure Cloud Service Agency first")}
	}
	ttl := e.creds.opts.MetadataTTL
	if ttl <= 0 {
		ttl = time.Hour
	}
	c := e.issue(ttl)
	x.Issued = c.AccessKey
	return okReply(marshal(map[string]any{"credential": credentialJSON(c)}, ""))
}

func credentialJSON(c *IssuedCredential) map[string]string {
	return map[string]string{
		"access": c.AccessKey, "secret": c.SecretKey, "securitytoken": c.SecurityToken,
		"expires_at": c.Expires.Format("2006-01-02T15:04:05.000000Z"),
	}
}

func iamError(status int, code, msg string) reply {
	return reply{status: status, body: []byte(`{"error":` + string(object("code", code, "message", msg)) + `}`)}
}

func (e *Emulator) securityTokens(r *http.Request, x *Exchange) reply {
	var in struct {
		Auth struct {
			Identity struct {
				Methods    []string `json:"methods"`
				AssumeRole struct {
					AgencyName string `json:"agency_name"`
					DomainName string `json:"domain_name"`
					DomainID   string `json:"domain_id"`
					Duration   *int   `json:"duration_seconds"`
				} `json:"assume_role"`
				Token struct {
					Duration *int `json:"duration_seconds"`
				} `json:"token"`
			} `json:"identity"`
		} `json:"auth"`
	}
	if err := json.Unmarshal(bodyOf(r), &in); err != nil || len(in.Auth.Identity.Methods) != 1 {
		return iamError(http.StatusBadRequest, "IAM.0011", "Request parameter error: the body is not an auth.identity with one method")
	}
	id := in.Auth.Identity
	x.Method = id.Methods[0]
	var duration *int
	switch x.Method {
	case "assume_role":
		a := id.AssumeRole
		x.AgencyName, x.DomainName, duration = a.AgencyName, a.DomainName, a.Duration
		if a.AgencyName == "" || (a.DomainName == "" && a.DomainID == "") {
			return iamError(http.StatusBadRequest, "IAM.0011", "Request parameter error: assume_role needs agency_name and domain_name or domain_id")
		}
	case "token":
		duration = id.Token.Duration
		if !x.Token {
			return iamError(http.StatusBadRequest, "IAM.0011", "Request parameter error: the token method needs an X-Auth-Token")
		}
	default:
		return iamError(http.StatusBadRequest, "IAM.0011", "Request parameter error: unknown method "+x.Method)
	}
	d := 900
	if duration != nil {
		d = *duration
	}
	x.Duration = d
	if d < 900 || d > 86400 {
		return iamError(http.StatusBadRequest, "IAM.0011", fmt.Sprintf("Request parameter error: duration_seconds %d is not from 900 to 86400", d))
	}
	c := e.issue(time.Duration(d) * time.Second)
	x.Issued = c.AccessKey
	return reply{status: http.StatusCreated, body: marshal(map[string]any{"credential": credentialJSON(c)}, "")}
}

func (e *Emulator) idToken(r *http.Request, x *Exchange) reply {
	x.IdpID = r.Header.Get("X-Idp-Id")
	var in struct {
		Auth struct {
			IDToken struct {
				ID string `json:"id"`
			} `json:"id_token"`
		} `json:"auth"`
	}
	if err := json.Unmarshal(bodyOf(r), &in); err != nil || in.Auth.IDToken.ID == "" {
		return iamError(http.StatusBadRequest, "IAM.0011", "Request parameter error: auth.id_token.id is missing")
	}
	want, ok := e.creds.opts.IdentityProviders[x.IdpID]
	if !ok {
		return iamError(http.StatusNotFound, "IAM.0004", "The identity provider "+x.IdpID+" does not exist")
	}
	if in.Auth.IDToken.ID != want {
		return iamError(http.StatusUnauthorized, "IAM.0002", "The id token is invalid")
	}
	ttl := 24 * time.Hour
	if most := e.creds.opts.MaxTTL; most > 0 && ttl > most {
		ttl = most
	}
	token := "MIIT-" + randomHex(48)
	expires := e.cfg.Clock().Add(ttl).UTC()
	e.creds.tokens[token] = expires
	e.creds.secrets = append(e.creds.secrets, token)
	return reply{status: http.StatusCreated, header: map[string]string{"X-Subject-Token": token},
		body: marshal(map[string]any{"token": map[string]any{"expires_at": expires.Format("2006-01-02T15:04:05.000000Z"), "methods": []string{"mapped"}}}, "")}
}

func (e *Emulator) stsAssume(r *http.Request, x *Exchange) reply {
	var in struct {
		AgencyURN   string `json:"agency_urn"`
		SessionName string `json:"agency_session_name"`
		Duration    *int   `json:"duration_seconds"`
	}
	if err := json.Unmarshal(bodyOf(r), &in); err != nil {
		return reply{status: http.StatusBadRequest, body: object("error_code", "STS.0001", "error_msg", "The body is not JSON")}
	}
	x.AgencyURN, x.SessionName = in.AgencyURN, in.SessionName
	d := 3600
	if in.Duration != nil {
		d = *in.Duration
	}
	x.Duration = d
	parts := strings.Split(in.AgencyURN, ":") // iam::<domain_id>:agency:<agency_name>
	if len(parts) != 5 || parts[0] != "iam" || parts[1] != "" || parts[2] == "" || parts[3] != "agency" || parts[4] == "" || in.SessionName == "" {
		return reply{status: http.StatusBadRequest, body: object("error_code", "STS.0001",
			"error_msg", "agency_urn must be iam::<domain_id>:agency:<agency_name>, and agency_session_name is required")}
	}
	x.AgencyName = parts[4]
	if d < 900 || d > 43200 || (x.SignerTemporary && d > 3600) {
		return reply{status: http.StatusBadRequest, body: object("error_code", "STS.0002",
			"error_msg", fmt.Sprintf("duration_seconds %d is out of range (900 to 43200; at most 3600 for a caller with temporary credentials)", d))}
	}
	c := e.issue(time.Duration(d) * time.Second)
	x.Issued = c.AccessKey
	return okReply(marshal(map[string]any{"credentials": map[string]string{
		"access_key_id": c.AccessKey, "secret_access_key": c.SecretKey, "security_token": c.SecurityToken,
		"expiration": c.Expires.Format(time.RFC3339),
	}}, ""))
}

// passwordToken answers POST /v3/auth/tokens with method password, as IAM
// does: the user by name and domain (name or id) or by id, the password,
// the project scope by id or name; a token in X-Subject-Token that the
// emulator then accepts for 24 hours (MaxTTL when shorter), and its expiry
// in the body. A wrong user, domain or password is IAM's 401.
func (e *Emulator) passwordToken(r *http.Request, x *Exchange) reply {
	type ref struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	}
	var in struct {
		Auth struct {
			Identity struct {
				Methods  []string `json:"methods"`
				Password struct {
					User struct {
						ID       string `json:"id"`
						Name     string `json:"name"`
						Password string `json:"password"`
						Domain   ref    `json:"domain"`
					} `json:"user"`
				} `json:"password"`
			} `json:"identity"`
			Scope struct {
				Project ref `json:"project"`
			} `json:"scope"`
		} `json:"auth"`
	}
	if err := json.Unmarshal(bodyOf(r), &in); err != nil || len(in.Auth.Identity.Methods) != 1 {
		return iamError(http.StatusBadRequest, "IAM.0011", "Request parameter error: the body is not an auth.identity with one method")
	}
	x.Method = in.Auth.Identity.Methods[0]
	if x.Method != "password" {
		return iamError(http.StatusBadRequest, "IAM.0011", "Request parameter error: unknown method "+x.Method)
	}
	u := in.Auth.Identity.Password.User
	x.User = cmp.Or(u.Name, u.ID)
	p := in.Auth.Scope.Project
	switch {
	case p.ID != "":
		x.Scope = "id:" + p.ID
	case p.Name != "":
		x.Scope = "name:" + p.Name
	}
	users := e.creds.opts.Users
	if users == nil {
		users = []User{DefaultUser}
	}
	var user *User
	for i, c := range users {
		byName := u.Name != "" && u.Name == c.Name && (u.Domain.Name != "" && u.Domain.Name == c.DomainName || u.Domain.ID != "" && u.Domain.ID == c.DomainID)
		if byName || u.Name == "" && u.ID != "" && u.ID == c.ID {
			user = &users[i]
			break
		}
	}
	if user == nil || subtle.ConstantTimeCompare([]byte(u.Password), []byte(user.Password)) != 1 {
		return reply{status: http.StatusUnauthorized,
			body: []byte(`{"error":{"code":401,"message":"The request you have made requires authentication.","title":"Unauthorized"}}`)}
	}
	if p.ID != e.cfg.ProjectID && p.Name != e.cfg.Region {
		return iamError(http.StatusBadRequest, "IAM.0011", "Request parameter error: scope.project "+x.Scope+" is not a project of the domain")
	}
	ttl := 24 * time.Hour
	if most := e.creds.opts.MaxTTL; most > 0 && ttl > most {
		ttl = most
	}
	token := "MIIP-" + randomHex(48)
	x.Issued = token
	now := e.cfg.Clock().UTC()
	expires := now.Add(ttl)
	e.creds.tokens[token] = expires
	e.creds.secrets = append(e.creds.secrets, token)
	const layout = "2006-01-02T15:04:05.000000Z"
	domain := map[string]string{"id": user.DomainID, "name": user.DomainName}
	return reply{status: http.StatusCreated, header: map[string]string{"X-Subject-Token": token},
		body: marshal(map[string]any{"token": map[string]any{
			"expires_at": expires.Format(layout), "issued_at": now.Format(layout), "methods": []string{"password"},
			"project": map[string]any{"id": e.cfg.ProjectID, "name": e.cfg.Region, "domain": domain},
			"user":    map[string]any{"id": user.ID, "name": user.Name, "domain": domain, "password_expires_at": ""},
		}}, "")}
}
