// Package sign implements Huawei Cloud's SDK-HMAC-SHA256 request signing, the
// AK/SK scheme of the official SDKs and the API gateway, with the standard
// library only.
package sign

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"
)

const (
	// Algorithm names the scheme in the Authorization header.
	Algorithm = "SDK-HMAC-SHA256"
	// DateHeader carries the signing time.
	DateHeader = "X-Sdk-Date"
	// DateFormat is the layout of DateHeader, always in UTC.
	DateFormat = "20060102T150405Z"
)

// emptyBodyHash is the hex SHA-256 of an empty body, which every GET has.
var emptyBodyHash = hexHash(nil)

// Sign adds X-Sdk-Date and Authorization to req. Every header already on the
// request except Content-Type is signed. body is the request body (nil for GET);
// the request's own Body is never read.
func Sign(req *http.Request, accessKey, secretKey string, body []byte, now time.Time) {
	req.Header.Set(DateHeader, now.UTC().Format(DateFormat))
	signed := signedHeaders(req.Header)
	sig := signature(secretKey, req.Header.Get(DateHeader), canonicalRequest(req, signed, body))
	req.Header.Set("Authorization", fmt.Sprintf("%s Access=%s, SignedHeaders=%s, Signature=%s",
		Algorithm, accessKey, strings.Join(signed, ";"), sig))
}

// Verify checks the signature of a received request, as the API gateway does.
// secretFor returns the secret key of an access key. It returns the access key
// that signed the request.
func Verify(req *http.Request, secretFor func(accessKey string) (string, bool)) (string, error) {
	auth := req.Header.Get("Authorization")
	rest, ok := strings.CutPrefix(auth, Algorithm+" ")
	if !ok {
		return "", errors.New("authorization header is not " + Algorithm)
	}
	fields := map[string]string{}
	for _, part := range strings.Split(rest, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		fields[k] = v
	}
	accessKey, signedList, got := fields["Access"], fields["SignedHeaders"], fields["Signature"]
	if accessKey == "" || signedList == "" || got == "" {
		return "", errors.New("authorization header lacks Access, SignedHeaders or Signature")
	}
	secretKey, ok := secretFor(accessKey)
	if !ok {
		return "", fmt.Errorf("unknown access key %q", accessKey)
	}
	date := req.Header.Get(DateHeader)
	if _, err := time.Parse(DateFormat, date); err != nil {
		return "", fmt.Errorf("bad %s header %q", DateHeader, date)
	}
	var body []byte
	if req.Body != nil {
		b, err := io.ReadAll(req.Body)
		if err != nil {
			return "", err
		}
		body = b
	}
	signed := strings.Split(signedList, ";")
	want := signature(secretKey, date, canonicalRequest(req, signed, body))
	if !hmac.Equal([]byte(want), []byte(got)) {
		return "", errors.New("signature does not match")
	}
	return accessKey, nil
}

func signature(secretKey, date, canonical string) string {
	stringToSign := Algorithm + "\n" + date + "\n" + hexHash([]byte(canonical))
	mac := hmac.New(sha256.New, []byte(secretKey))
	mac.Write([]byte(stringToSign))
	return hex.EncodeToString(mac.Sum(nil))
}

func signedHeaders(h http.Header) []string {
	names := make([]string, 0, len(h))
	for k := range h {
		k = strings.ToLower(k)
		if k == "content-type" || k == "authorization" {
			continue
		}
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// canonicalRequest is the string the signature covers: method, URI, query,
// headers, signed header names and body hash, one per line.
func canonicalRequest(req *http.Request, signed []string, body []byte) string {
	var b strings.Builder
	b.WriteString(req.Method)
	b.WriteByte('\n')
	b.WriteString(CanonicalURI(req.URL))
	b.WriteByte('\n')
	b.WriteString(CanonicalQuery(req.URL.Query()))
	b.WriteByte('\n')
	for _, name := range signed {
		var value string
		if name == "host" {
			value = req.Host
			if value == "" {
				value = req.URL.Host
			}
		} else {
			value = strings.Join(req.Header.Values(name), ",")
		}
		b.WriteString(name)
		b.WriteByte(':')
		b.WriteString(strings.TrimSpace(value))
		b.WriteByte('\n')
	}
	b.WriteByte('\n')
	b.WriteString(strings.Join(signed, ";"))
	b.WriteByte('\n')
	if body == nil {
		b.WriteString(emptyBodyHash)
	} else {
		b.WriteString(hexHash(body))
	}
	return b.String()
}

// CanonicalURI escapes every path segment strictly and ends the path with "/".
func CanonicalURI(u *url.URL) string {
	segments := strings.Split(u.EscapedPath(), "/")
	for i, s := range segments {
		if raw, err := url.PathUnescape(s); err == nil {
			s = raw
		}
		segments[i] = Escape(s)
	}
	p := strings.Join(segments, "/")
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return p
}

// CanonicalQuery sorts keys and, per key, values, escaping both strictly. The
// client sends exactly this string as its query, so that wire and signature
// agree.
func CanonicalQuery(q url.Values) string {
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		values := append([]string(nil), q[k]...)
		sort.Strings(values)
		for _, v := range values {
			parts = append(parts, Escape(k)+"="+Escape(v))
		}
	}
	return strings.Join(parts, "&")
}

// Escape percent-encodes everything but RFC 3986's unreserved characters.
// Most path segments and query values need no escaping and are returned
// as they are, without an allocation.
func Escape(s string) string {
	const hexDigits = "0123456789ABCDEF"
	clean := 0
	for clean < len(s) && unreserved(s[clean]) {
		clean++
	}
	if clean == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 2*(len(s)-clean))
	b.WriteString(s[:clean])
	for i := clean; i < len(s); i++ {
		c := s[i]
		if unreserved(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexDigits[c>>4])
		b.WriteByte(hexDigits[c&15])
	}
	return b.String()
}

func unreserved(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
		c == '-' || c == '_' || c == '.' || c == '~'
}

func hexHash(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
