package sign

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

var vectorTime = time.Date(2006, 1, 2, 15, 4, 5, 0, time.UTC)

// The vector published with the official SDKs.
func TestSignOfficialVector(t *testing.T) {
	req, _ := http.NewRequest(http.MethodGet, "https://example.huaweicloud.com/path?limit=1", nil)
	Sign(req, "AccessKey", "SecretKey", nil, vectorTime)
	want := "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=x-sdk-date, " +
		"Signature=5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624"
	if got := req.Header.Get("Authorization"); got != want {
		t.Fatalf("Authorization\n got %s\nwant %s", got, want)
	}
	if got := req.Header.Get(DateHeader); got != "20060102T150405Z" {
		t.Fatalf("X-Sdk-Date = %q", got)
	}
}

func TestCanonicalRequestShapes(t *testing.T) {
	tests := []struct {
		name, rawURL string
		headers      map[string]string
		wantURI      string
		wantQuery    string
		wantSigned   string
	}{
		{
			name:       "several values of one key and spaces are sorted and escaped",
			rawURL:     "https://h/v1/p/jobs?tags=b%20c&tags=a&jobName=my+job&limit=100",
			wantURI:    "/v1/p/jobs/",
			wantQuery:  "jobName=my%20job&limit=100&tags=a&tags=b%20c",
			wantSigned: "x-sdk-date",
		},
		{
			name:       "path segments needing escapes",
			rawURL:     "https://h/v2/p/jobs/a%20b%2Bc/",
			wantURI:    "/v2/p/jobs/a%20b%2Bc/",
			wantSigned: "x-sdk-date",
		},
		{
			name:   "security token and project headers are signed, content type is not",
			rawURL: "https://h/v3/p/cas/jobs/j",
			headers: map[string]string{
				"X-Security-Token": "tok",
				"X-Project-Id":     "p",
				"Content-Type":     "application/json;charset=UTF-8",
			},
			wantURI:    "/v3/p/cas/jobs/j/",
			wantSigned: "x-project-id;x-sdk-date;x-security-token",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodGet, tt.rawURL, nil)
			for k, v := range tt.headers {
				req.Header.Set(k, v)
			}
			Sign(req, "ak", "sk", nil, vectorTime)
			if got := CanonicalURI(req.URL); got != tt.wantURI {
				t.Errorf("canonical URI = %q, want %q", got, tt.wantURI)
			}
			if got := CanonicalQuery(req.URL.Query()); got != tt.wantQuery {
				t.Errorf("canonical query = %q, want %q", got, tt.wantQuery)
			}
			if got := req.Header.Get("Authorization"); !strings.Contains(got, "SignedHeaders="+tt.wantSigned+",") {
				t.Errorf("Authorization = %q, want SignedHeaders=%s", got, tt.wantSigned)
			}
			if _, err := Verify(req, func(string) (string, bool) { return "sk", true }); err != nil {
				t.Errorf("own signature does not verify: %v", err)
			}
		})
	}
}

// A derived vector: the canonical request of a signed security token request,
// computed by hand from the scheme, pins the whole string-to-sign.
func TestSignDerivedVector(t *testing.T) {
	req, _ := http.NewRequest(http.MethodGet, "https://example.huaweicloud.com/path?limit=1", nil)
	req.Header.Set("X-Security-Token", "temporary")
	signed := []string{"x-sdk-date", "x-security-token"}
	req.Header.Set(DateHeader, "20060102T150405Z")
	got := canonicalRequest(req, signed, nil)
	want := "GET\n/path/\nlimit=1\nx-sdk-date:20060102T150405Z\nx-security-token:temporary\n\n" +
		"x-sdk-date;x-security-token\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
	if got != want {
		t.Fatalf("canonical request\n got %q\nwant %q", got, want)
	}
}

func TestVerifyRejects(t *testing.T) {
	secret := func(ak string) (string, bool) { return "sk", ak == "ak" }
	fresh := func() *http.Request {
		req, _ := http.NewRequest(http.MethodGet, "https://h/v1/p/jobs?limit=1", nil)
		Sign(req, "ak", "sk", nil, vectorTime)
		return req
	}
	tamper := map[string]func(r *http.Request){
		"query changed": func(r *http.Request) { r.URL.RawQuery = "limit=2" },
		"path changed":  func(r *http.Request) { r.URL = &url.URL{Scheme: "https", Host: "h", Path: "/v1/q/jobs"} },
		"wrong secret":  func(r *http.Request) { Sign(r, "ak", "other", nil, vectorTime) },
		"unknown key":   func(r *http.Request) { Sign(r, "nobody", "sk", nil, vectorTime) },
		"no signature":  func(r *http.Request) { r.Header.Del("Authorization") },
		"date changed":  func(r *http.Request) { r.Header.Set(DateHeader, "20060102T150406Z") },
		"bad date":      func(r *http.Request) { r.Header.Set(DateHeader, "yesterday") },
		"signed removed": func(r *http.Request) {
			r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), "x-sdk-date", "", 1))
		},
	}
	if _, err := Verify(fresh(), secret); err != nil {
		t.Fatalf("untampered request: %v", err)
	}
	for name, change := range tamper {
		t.Run(name, func(t *testing.T) {
			req := fresh()
			change(req)
			if _, err := Verify(req, secret); err == nil {
				t.Fatal("Verify accepted a tampered request")
			}
		})
	}
}
