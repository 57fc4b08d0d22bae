package credentials

import (
	"context"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// Cache obtains the credentials once, on first use, shares them with every
// request of the provider, and renews them before they end. It is safe for
// concurrent use.
type Cache struct {
	cfg    Config
	t      Transport
	flight *Flight

	mu  sync.Mutex
	cur *Credentials
	// failedAt is when the last renewal failed while cur still worked.
	failedAt time.Time
	// secrets are every secret given or obtained so far, hidden from logs
	// and errors.
	secrets []string
}

// New is the cache of cfg; its exchanges go through t and end when base
// does. It makes no request.
func New(base context.Context, cfg Config, t Transport) *Cache {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	cc := &Cache{cfg: cfg, t: t, flight: NewFlight(base)}
	cc.remember(cfg.Static.SecretKey, cfg.Static.SecurityToken, cfg.Static.Token)
	if cfg.Password != nil {
		cc.remember(cfg.Password.Password)
	}
	if cfg.OIDC != nil {
		cc.remember(cfg.OIDC.IDToken)
	}
	return cc
}

// DomainID is the domain sent to IAM as X-Domain-Id, if any.
func (cc *Cache) DomainID() string { return cc.cfg.DomainID }

// Credentials returns usable credentials, obtaining or renewing them when
// needed. Credentials due for renewal but still valid stay in use when the
// renewal fails, and the renewal is not tried again for a minute.
func (cc *Cache) Credentials(ctx context.Context) (*Credentials, error) {
	cc.mu.Lock()
	cur := cc.cur
	now := cc.cfg.Now()
	switch {
	case cur != nil && !cur.Renewable():
		cc.mu.Unlock()
		return cur, nil
	case cur != nil && now.Before(cur.renewAt()):
		cc.mu.Unlock()
		return cur, nil
	case cur != nil && now.Before(cur.Expires) && !cc.failedAt.IsZero() && now.Sub(cc.failedAt) < retryRenewal:
		cc.mu.Unlock()
		return cur, nil
	}
	cc.mu.Unlock()
	got, err := cc.fetch(ctx, cur)
	if err == nil {
		return got, nil
	}
	if cur != nil && ctx.Err() == nil && cc.cfg.Now().Before(cur.Expires) {
		cc.mu.Lock()
		if cc.cur == cur {
			cc.failedAt = cc.cfg.Now()
		}
		cc.mu.Unlock()
		tflog.Warn(ctx, "Renewing the temporary credentials failed; using them until they end, and trying again in a minute",
			map[string]any{"error": cc.Redact(err.Error()), "expires_at": cur.Expires.UTC().Format(time.RFC3339)})
		return cur, nil
	}
	return nil, err
}

// Renew returns credentials other than stale, which an API refused.
func (cc *Cache) Renew(ctx context.Context, stale *Credentials) (*Credentials, error) {
	cc.mu.Lock()
	cur := cc.cur
	cc.mu.Unlock()
	if cur != nil && cur != stale && cur.Renewable() && cc.cfg.Now().Before(cur.Expires) {
		return cur, nil
	}
	return cc.fetch(ctx, stale)
}

// fetch obtains new credentials in place of old, sharing the exchange
// with the callers that ask at the same time.
func (cc *Cache) fetch(ctx context.Context, old *Credentials) (*Credentials, error) {
	v, err := cc.flight.Do(ctx, "credentials", func(fctx context.Context) (any, error) {
		cc.mu.Lock()
		cur := cc.cur
		cc.mu.Unlock()
		if cur != old && cur != nil {
			return cur, nil // renewed while this caller waited for the lock
		}
		got, err := cc.obtain(fctx)
		if err != nil {
			return nil, err
		}
		got.Obtained = cc.cfg.Now()
		cc.mu.Lock()
		cc.cur, cc.failedAt = got, time.Time{}
		cc.mu.Unlock()
		return got, nil
	})
	if err != nil {
		return nil, err
	}
	got, _ := v.(*Credentials)
	return got, nil
}

// remember adds secrets to those hidden from logs and errors.
func (cc *Cache) remember(secrets ...string) {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	for _, s := range secrets {
		if s != "" {
			cc.secrets = append(cc.secrets, s)
		}
	}
}

// Secrets are every secret given or obtained so far.
func (cc *Cache) Secrets() []string {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	return append([]string(nil), cc.secrets...)
}

// Redact hides the secrets in s.
func (cc *Cache) Redact(s string) string {
	for _, secret := range cc.Secrets() {
		s = replaceAll(s, secret)
	}
	return s
}

// Waiting is how many callers wait for the exchange in flight.
func (cc *Cache) Waiting() int { return cc.flight.Waiting("credentials") }
