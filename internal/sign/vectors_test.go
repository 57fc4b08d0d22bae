package sign

import (
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"
)

// sdkVector is one request signed by the official Huawei Cloud Go SDK signer
// (testdata/signing-vectors.json, copied from the SDK's output): its URL
// path is written unescaped, as the SDK's request builder takes it.
type sdkVector struct {
	Name          string            `json:"name"`
	Method        string            `json:"method"`
	URL           string            `json:"url"`
	Query         [][2]string       `json:"query"`
	Headers       map[string]string `json:"headers"`
	AccessKey     string            `json:"access_key"`
	SecretKey     string            `json:"secret_key"`
	Authorization string            `json:"authorization"`
}

// Requests built the way the client builds them (each path segment escaped,
// the canonical query) carry exactly the Authorization the SDK computed.
func TestSignReproducesTheOfficialSDK(t *testing.T) {
	raw, err := os.ReadFile("testdata/signing-vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var vectors []sdkVector
	if err := json.Unmarshal(raw, &vectors); err != nil {
		t.Fatal(err)
	}
	if len(vectors) < 5 {
		t.Fatalf("%d vectors", len(vectors))
	}
	for _, v := range vectors {
		t.Run(v.Name, func(t *testing.T) {
			scheme, rest, _ := strings.Cut(v.URL, "://")
			host, path, _ := strings.Cut(rest, "/")
			segments := strings.Split(path, "/")
			for i, s := range segments {
				segments[i] = Escape(s)
			}
			q := url.Values{}
			for _, kv := range v.Query {
				q.Add(kv[0], kv[1])
			}
			u := &url.URL{Scheme: scheme, Host: host, Path: "/" + path, RawPath: "/" + strings.Join(segments, "/"), RawQuery: CanonicalQuery(q)}
			req, err := http.NewRequest(v.Method, u.String(), nil)
			if err != nil {
				t.Fatal(err)
			}
			for k, val := range v.Headers {
				req.Header.Set(k, val)
			}
			now, err := time.Parse(DateFormat, v.Headers["X-Sdk-Date"])
			if err != nil {
				t.Fatal(err)
			}
			Sign(req, v.AccessKey, v.SecretKey, nil, now)
			if got := req.Header.Get("Authorization"); got != v.Authorization {
				t.Fatalf("Authorization\n got %s\nwant %s", got, v.Authorization)
			}
			// And the emulator's verifier accepts what the SDK signed.
			if ak, err := Verify(req, func(string) (string, bool) { return v.SecretKey, true }); err != nil || ak != v.AccessKey {
				t.Fatalf("Verify: %q, %v", ak, err)
			}
		})
	}
}
