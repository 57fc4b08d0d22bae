package client

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

// A gateway that echoes the request's credentials in its error body does not
// get them into the error, for AK/SK with a security token and for a token.
func TestAPIErrorsHideEchoedCredentials(t *testing.T) {
	var signature string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth := r.Header.Get("Authorization")
		if m := regexp.MustCompile(`Signature=([0-9a-f]+)`).FindStringSubmatch(auth); m != nil {
			signature = m[1]
		}
		w.WriteHeader(http.StatusBadRequest)
		_ = json.NewEncoder(w).Encode(map[string]string{
			"error_code": "APIGW.0201",
			"error_msg":  "rejected: " + auth + " / " + r.Header.Get("X-Security-Token") + " / " + r.Header.Get("X-Auth-Token"),
		})
	}))
	defer srv.Close()
	tests := []struct {
		name    string
		change  func(*Config)
		secrets []string
		want    string
	}{
		{"AK/SK with a security token", func(c *Config) { c.SecurityToken = "security-token-value" },
			[]string{testSK, "security-token-value"},
			"rejected: SDK-HMAC-SHA256 Access=" + testAK + ", SignedHeaders=accept;user-agent;x-sdk-date;x-security-token, Signature=*** / *** / "},
		{"token", func(c *Config) { c.AccessKey, c.SecretKey, c.Token = "", "", "iam-token-value" },
			[]string{"iam-token-value"}, "rejected:  /  / ***"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			signature = ""
			err := newTestClient(t, srv, tt.change).Get(context.Background(), Request{Service: CSE, Path: "/x"}, &struct{}{})
			apiErr, ok := err.(*APIError)
			if !ok {
				t.Fatalf("got %T %v", err, err)
			}
			if apiErr.Message != tt.want {
				t.Errorf("message %q, want %q", apiErr.Message, tt.want)
			}
			_, detail := Describe(err, "CSE engine job 1")
			for _, secret := range append(tt.secrets, signature) {
				if secret != "" && strings.Contains(detail, secret) {
					t.Errorf("the diagnostic shows %q: %s", secret, detail)
				}
			}
		})
	}
}
