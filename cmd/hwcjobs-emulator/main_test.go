package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/emulator"
)

// The emulator binary is a server, not a test: package testing, which
// registers its own flags, must not be linked into it.
func TestBinaryDoesNotLinkTesting(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	if deps := strings.Fields(string(out)); slices.Contains(deps, "testing") {
		t.Fatal("cmd/hwcjobs-emulator links package testing")
	}
}

// Flags that mean nothing stop the command before it serves.
func TestBadFlags(t *testing.T) {
	for _, args := range [][]string{
		{"-offset", "pages2"}, {"-max-limit", "-1"}, {"-max-limit", "ten"},
		{"-chaos", "1.5"}, {"-chaos", "-0.1"}, {"-seed", "all"}, {"8443"},
		{"-latency", "-5ms"}, {"-latency", "40"},
	} {
		var stderr bytes.Buffer
		if code := run(context.Background(), args, io.Discard, &stderr); code != 2 || stderr.Len() == 0 {
			t.Errorf("%v: exit code %d, stderr %q; want 2 and a reason", args, code, stderr.String())
		}
	}
}

// -h lists every flag, the job API in brief, and exits 0.
func TestHelp(t *testing.T) {
	var stderr bytes.Buffer
	if code := run(context.Background(), []string{"-h"}, io.Discard, &stderr); code != 0 {
		t.Fatalf("exit code %d", code)
	}
	for _, want := range []string{
		"Usage: hwcjobs-emulator [flags]", "POST /hwcjobs-emulator/jobs", "DELETE /hwcjobs-emulator/jobs/{id}",
		"-addr string", `(default "127.0.0.1:8443")`, "-jobs FILE", "-chaos share", "-latency duration", "-seed string",
		"-offset string", "-max-limit int", "-omit-total", "-region string", "-project-id string",
		"-access-key string", "-secret-key string", "-token string",
	} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("-h does not say %q:\n%s", want, stderr.String())
		}
	}
}

// syncBuffer is the stdout of a run in a goroutine.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// serve runs the command until the test ends, and returns its URL and what
// it printed once it has printed the provider block.
func serve(t *testing.T, args ...string) (url, printed string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var stdout syncBuffer
	done := make(chan int, 1)
	go func() { done <- run(ctx, args, &stdout, io.Discard) }()
	t.Cleanup(func() {
		cancel()
		if code := <-done; code != 0 {
			t.Errorf("exit code %d after the context ended, want 0", code)
		}
	})
	for range 500 {
		out := stdout.String()
		if strings.HasSuffix(out, "}\n\n") {
			first, _, _ := strings.Cut(out, "\n")
			return strings.TrimPrefix(first, "HWCJOBS_EMULATOR_URL="), out
		}
		select {
		case code := <-done:
			t.Fatalf("the emulator stopped with %d before it printed its block:\n%s", code, out)
		case <-time.After(10 * time.Millisecond):
		}
	}
	t.Fatalf("no provider block printed:\n%s", stdout.String())
	return "", ""
}

// readmeBlock is the provider block of the README's offline section.
func readmeBlock(t *testing.T) string {
	t.Helper()
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(readme), "```terraform\nprovider \"hwcjobs\" {\n  region     = \"cn-north-4\"\n  project_id")
	if !ok {
		t.Fatal("the README has no provider block for the emulator")
	}
	body, _, _ := strings.Cut(rest, "```")
	return "provider \"hwcjobs\" {\n  region     = \"cn-north-4\"\n  project_id" + body
}

// It prints the URL line scripts wait for, then the provider block: the
// README's block (and the guide's) with the address it listens on, every endpoint key of the
// provider at its own prefix, which the emulator routes on.
func TestPrintsTheREADMEsProviderBlock(t *testing.T) {
	url, printed := serve(t, "-addr", "127.0.0.1:0", "-seed", "empty")
	want := strings.ReplaceAll(readmeBlock(t), "http://127.0.0.1:8443", url)
	if printed != "HWCJOBS_EMULATOR_URL="+url+"\n\n# The provider block for this emulator (no HW_* variable needed):\n"+want+"\n" {
		t.Fatalf("printed\n%s\nwant the README's block\n%s", printed, want)
	}
	guide, err := os.ReadFile("../../templates/guides/testing-offline.md.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(guide), "```terraform\n"+readmeBlock(t)+"```") {
		t.Errorf("the guide testing-offline does not show the README's provider block")
	}
	for _, key := range endpointKeys() {
		if !strings.Contains(want, "    "+key+" ") {
			t.Errorf("endpoint key %s is not in the block", key)
		}
		if !emulator.RoutesEndpointKey(key) {
			t.Errorf("the emulator does not route on endpoint key %s (endpointPrefixes)", key)
		}
	}
}

// The job API's examples in the guide and the README make the jobs they
// say, and its example of a refusal is the emulator's answer word for word.
func TestDocumentedJobAPIExamples(t *testing.T) {
	var docs string
	for _, f := range []string{"../../templates/guides/testing-offline.md.tmpl", "../../README.md"} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		docs += string(b)
	}
	bodies := regexp.MustCompile(`-X POST http://127\.0\.0\.1:8443/hwcjobs-emulator/jobs \\\n\s+-d '(\{[^']*\})'`).FindAllStringSubmatch(docs, -1)
	if len(bodies) < 4 {
		t.Fatalf("%d curl examples found in the docs", len(bodies))
	}
	for _, m := range bodies {
		url, _ := serve(t, "-addr", "127.0.0.1:0", "-seed", "empty")
		resp, err := http.Post(url+"/hwcjobs-emulator/jobs", "application/json", strings.NewReader(m[1]))
		if err != nil {
			t.Fatal(err)
		}
		answer, _ := io.ReadAll(resp.Body)
		_ = resp.Body.Close()
		if resp.StatusCode != http.StatusCreated {
			t.Errorf("%s: %d %s", m[1], resp.StatusCode, answer)
		}
		// "its id is made: 1 in an engine without jobs"
		if strings.Contains(m[1], `"service": "cse"`) && !strings.Contains(string(answer), `"id": "1"`) {
			t.Errorf("%s: %s", m[1], answer)
		}
	}

	refusal := regexp.MustCompile("`(\\{\"error\":[^`]*\\})`").FindStringSubmatch(docs)
	if refusal == nil {
		t.Fatal("no refusal in the guide")
	}
	url, _ := serve(t, "-addr", "127.0.0.1:0", "-seed", "empty")
	resp, err := http.Post(url+"/hwcjobs-emulator/jobs", "application/json", strings.NewReader(`{"service": "cce", "statuses": ["Running", "Done"], "every": "poll"}`))
	if err != nil {
		t.Fatal(err)
	}
	answer, _ := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest || string(answer) != refusal[1]+"\n" {
		t.Errorf("answer %d %s, the guide says %s", resp.StatusCode, answer, refusal[1])
	}
}

// A port in use is an error that says so and what to do.
func TestAddressInUse(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = ln.Close() }()
	var stderr bytes.Buffer
	code := run(context.Background(), []string{"-addr", ln.Addr().String(), "-seed", "empty"}, io.Discard, &stderr)
	want := "hwcjobs-emulator: " + ln.Addr().String() + " is already in use (another hwcjobs-emulator?): stop what listens there, or pick another address with -addr (-addr 127.0.0.1:0 picks a free port)\n"
	if code != 1 || stderr.String() != want {
		t.Fatalf("exit code %d, stderr %q; want 1, %q", code, stderr.String(), want)
	}
}

// -jobs FILE: the jobs are held from the start, and read through their APIs;
// a file with a job that cannot be made stops the command with the reason.
func TestJobsFile(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "jobs.json")
	if err := os.WriteFile(good, []byte(`[
  {"service": "cce", "id": "job-1", "statuses": ["Running", "Success"], "every": "poll"},
  {"service": "servicestage", "id": "JOB-2", "statuses": ["FAILED"], "reason": "no quota"}
]`), 0o600); err != nil {
		t.Fatal(err)
	}
	url, _ := serve(t, "-addr", "127.0.0.1:0", "-seed", "empty", "-jobs", good)
	resp, err := http.Get(url + "/hwcjobs-emulator/jobs")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if !strings.Contains(string(body), `"id": "job-1"`) || !strings.Contains(string(body), `"id": "JOB-2"`) {
		t.Fatalf("GET /hwcjobs-emulator/jobs: %s", body)
	}
	// The job answers through its API, one status per read.
	for _, want := range []string{`"phase": "Running"`, `"phase": "Success"`} {
		req, _ := http.NewRequest(http.MethodGet, url+"/cce/api/v3/projects/"+emulator.DefaultProjectID+"/jobs/job-1", nil)
		req.Header.Set("X-Auth-Token", emulator.DefaultToken)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		_ = resp.Body.Close()
		if !strings.Contains(string(b), want) {
			t.Fatalf("read: %s, want %s", b, want)
		}
	}

	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(`[{"service": "cce", "statuses": ["Running"]}, {"service": "cce", "statuses": ["Done"]}]`), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ file, want string }{
		{bad, "hwcjobs-emulator: -jobs " + bad + `: job 2 of 2: "Done" is not a status of a cce job: one of Initializing, Running, Success, Failed` + "\n"},
		{filepath.Join(dir, "none.json"), "hwcjobs-emulator: -jobs: open " + filepath.Join(dir, "none.json") + ": no such file or directory\n"},
	} {
		var stderr bytes.Buffer
		code := run(context.Background(), []string{"-addr", "127.0.0.1:0", "-seed", "empty", "-jobs", tc.file}, io.Discard, &stderr)
		if code != 2 || stderr.String() != tc.want {
			t.Errorf("exit code %d, stderr %q; want 2, %q", code, stderr.String(), tc.want)
		}
	}
}

// -chaos 1 faults every request, but never more than twice in a row for the
// same request: the third attempt is answered.
func TestChaos(t *testing.T) {
	dir := t.TempDir()
	jobs := filepath.Join(dir, "jobs.json")
	if err := os.WriteFile(jobs, []byte(`[{"service": "cce", "id": "job-1", "statuses": ["Success"]}]`), 0o600); err != nil {
		t.Fatal(err)
	}
	url, _ := serve(t, "-addr", "127.0.0.1:0", "-seed", "empty", "-jobs", jobs, "-chaos", "1")
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	var got []string
	for range 6 {
		req, _ := http.NewRequest(http.MethodGet, url+"/cce/api/v3/projects/"+emulator.DefaultProjectID+"/jobs/job-1", nil)
		req.Header.Set("X-Auth-Token", emulator.DefaultToken)
		resp, err := client.Do(req)
		if err != nil {
			got = append(got, "fault")
			continue
		}
		_, err = io.ReadAll(resp.Body)
		_ = resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK {
			got = append(got, "fault")
			continue
		}
		got = append(got, "ok")
	}
	if want := []string{"fault", "fault", "ok", "fault", "fault", "ok"}; !slices.Equal(got, want) {
		t.Fatalf("answers %v, want %v", got, want)
	}
}

// -latency delays every answer of the emulated APIs by at least that long
// (only the lower bound is asserted: a loaded machine answers later, never
// sooner); the job API answers at once.
func TestLatency(t *testing.T) {
	const latency = 300 * time.Millisecond
	url, _ := serve(t, "-addr", "127.0.0.1:0", "-seed", "empty", "-latency", latency.String())
	get := func(path string) (int, time.Duration) {
		started := time.Now()
		resp, err := http.Get(url + path)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		_ = resp.Body.Close()
		return resp.StatusCode, time.Since(started)
	}
	for range 2 {
		// Unsigned: IAM's 401, after the delay.
		if status, took := get("/v3/projects"); status != http.StatusUnauthorized || took < latency {
			t.Errorf("an API answered %d in %s; want 401 after at least %s", status, took, latency)
		}
	}
	if status, _ := get("/hwcjobs-emulator/jobs"); status != http.StatusOK {
		t.Errorf("the job API answered %d", status)
	}
}

// Ctrl-C (SIGINT) ends the binary with exit status 0.
func TestInterruptExitsZero(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "hwcjobs-emulator")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "-addr", "127.0.0.1:0", "-seed", "empty")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "HWCJOBS_EMULATOR_URL=http://127.0.0.1:") {
		t.Fatalf("first line %q, %v", line, err)
	}
	go func() { _, _ = io.Copy(io.Discard, stdout) }()
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("after SIGINT: %v, want exit status 0", err)
	}
}
