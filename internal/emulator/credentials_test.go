package emulator

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// POST /v3/auth/tokens answers as IAM does: the user by name and domain
// (name or id) or by id, the project by id or by name, a token in
// X-Subject-Token that the emulator then accepts until expires_at, and
// IAM's 401 for a wrong password, user or domain.
func TestPasswordTokens(t *testing.T) {
	clk := newFakeClock()
	e := New(Config{Clock: clk.Now})
	e.AddCSEJob("engine-a", CSEJob{ID: 1, Type: "Create", Status: "Finished"})
	e.SetCredentialOptions(CredentialOptions{MaxTTL: time.Hour, Users: []User{
		{ID: "u-1", Name: "alice", Password: "pw", DomainName: "acme", DomainID: "d-1"},
	}})
	post := func(body string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(http.MethodPost, "/v3/auth/tokens", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json;charset=UTF-8")
		w := httptest.NewRecorder()
		e.ServeHTTP(w, r)
		return w
	}
	auth := func(user, scope string) string {
		return `{"auth":{"identity":{"methods":["password"],"password":{"user":` + user + `}},"scope":{"project":` + scope + `}}}`
	}
	unauthorized := `{"error":{"code":401,"message":"The request you have made requires authentication.","title":"Unauthorized"}}`
	for _, tt := range []struct {
		name, body string
		status     int
		answer     string
	}{
		{"by name and domain name", auth(`{"name":"alice","password":"pw","domain":{"name":"acme"}}`, `{"name":"cn-north-4"}`), http.StatusCreated, ""},
		{"by name and domain id", auth(`{"name":"alice","password":"pw","domain":{"id":"d-1"}}`, `{"id":"`+project+`"}`), http.StatusCreated, ""},
		{"by id", auth(`{"id":"u-1","password":"pw"}`, `{"id":"`+project+`"}`), http.StatusCreated, ""},
		{"wrong password", auth(`{"name":"alice","password":"nope","domain":{"name":"acme"}}`, `{"name":"cn-north-4"}`), http.StatusUnauthorized, unauthorized},
		{"wrong domain", auth(`{"name":"alice","password":"pw","domain":{"name":"other"}}`, `{"name":"cn-north-4"}`), http.StatusUnauthorized, unauthorized},
		{"unknown project", auth(`{"id":"u-1","password":"pw"}`, `{"name":"eu-west-0"}`), http.StatusBadRequest,
			`{"error":{"code":"IAM.0011","message":"Request parameter error: scope.project name:eu-west-0 is not a project of the domain"}}`},
	} {
		w := post(tt.body)
		if w.Code != tt.status {
			t.Errorf("%s: %d %s, want %d", tt.name, w.Code, w.Body, tt.status)
			continue
		}
		if tt.answer != "" {
			if got := strings.TrimSpace(w.Body.String()); got != tt.answer {
				t.Errorf("%s: %s, want %s", tt.name, got, tt.answer)
			}
			continue
		}
		token := w.Header().Get("X-Subject-Token")
		want := `"expires_at":"` + clk.Now().Add(time.Hour).UTC().Format("2006-01-02T15:04:05.000000Z") + `"`
		if !strings.HasPrefix(token, "MIIP-") || !strings.Contains(w.Body.String(), want) {
			t.Errorf("%s: token %q, body %s; want a token and %s", tt.name, token, w.Body, want)
		}
	}
	x := e.ExchangesOf("password")
	if len(x) != 6 || x[0].User != "alice" || x[0].Scope != "name:cn-north-4" || x[2].User != "u-1" || x[2].Scope != "id:"+project || x[3].Status != http.StatusUnauthorized {
		t.Fatalf("exchanges %+v", x)
	}

	// Without Users, the emulator knows DefaultUser.
	e2 := New(Config{})
	r := httptest.NewRequest(http.MethodPost, "/v3/auth/tokens", strings.NewReader(
		auth(`{"name":"test-user","password":"test-password","domain":{"name":"test-domain"}}`, `{"name":"cn-north-4"}`)))
	w := httptest.NewRecorder()
	e2.ServeHTTP(w, r)
	if w.Code != http.StatusCreated || w.Header().Get("X-Subject-Token") == "" {
		t.Fatalf("the default user: %d %s", w.Code, w.Body)
	}

	// The token issued reads, until it expires.
	read := func() int {
		r := httptest.NewRequest(http.MethodGet, "/v2/"+project+"/enginemgr/engines/engine-a/jobs/1", nil)
		r.Header.Set("X-Auth-Token", x[0].Issued)
		w := httptest.NewRecorder()
		e.ServeHTTP(w, r)
		return w.Code
	}
	if got := read(); got != http.StatusOK {
		t.Fatalf("a read with the token: %d", got)
	}
	clk.Advance(time.Hour)
	if got := read(); got != http.StatusUnauthorized {
		t.Fatalf("a read with the expired token: %d, want 401", got)
	}
}
