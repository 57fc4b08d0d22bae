// Command hwcjobs-emulator serves the hwcjobs API emulator (CSE, DLF, CCE,
// ServiceStage, IAM and the credential APIs on one address) for trying a
// configuration, for users' own tests and for demos.
//
// It listens on 127.0.0.1:8443 unless -addr says otherwise. When it is
// ready it prints to stdout one line,
//
//	HWCJOBS_EMULATOR_URL=http://127.0.0.1:PORT
//
// which scripts wait for, then the provider block to paste, and then logs
// every request to stderr until SIGINT or SIGTERM, after which it exits 0.
// Its job API (POST /hwcjobs-emulator/jobs) makes jobs; -jobs FILE holds
// some from the start.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"syscall"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/client"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/emulator"
)

// DefaultAddr is the address of the README's provider block.
const DefaultAddr = "127.0.0.1:8443"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

const usage = `Usage: hwcjobs-emulator [flags]

Serves an emulator of the Huawei Cloud job APIs that the hwcjobs provider
reads, on one address, until Ctrl-C. It prints the provider block to paste
(every endpoint at http://ADDR/<key>, with the emulator's credentials).

Jobs of your own: POST /hwcjobs-emulator/jobs with
  {"service": "cce", "statuses": ["Running", "Success"], "every": "poll"}
("every": a duration such as "2s", or "poll": one status further at each
read; "reason": the failure text; "id": made when left out), GET lists
them, DELETE /hwcjobs-emulator/jobs/{id} forgets one. -jobs FILE holds a
JSON array of such bodies from the start.

Flags:
`

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("hwcjobs-emulator", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, usage)
		fs.PrintDefaults()
	}
	addr := fs.String("addr", DefaultAddr, "listen address (127.0.0.1:0 picks a free port)")
	jobsFile := fs.String("jobs", "", "a JSON `FILE` of jobs to hold from the start: an array of job API bodies")
	chaos := fs.Float64("chaos", 0, "the `share` of requests (0 to 1) answered with a random transient fault (429, 5xx, a reset, a body cut short), at most 2 in a row per request")
	region := fs.String("region", emulator.DefaultRegion, "region whose project IAM lists")
	projectID := fs.String("project-id", emulator.DefaultProjectID, "project id expected in API paths")
	accessKey := fs.String("access-key", emulator.DefaultAccessKey, "accepted access key")
	secretKey := fs.String("secret-key", emulator.DefaultSecretKey, "secret key of -access-key")
	token := fs.String("token", emulator.DefaultToken, "accepted X-Auth-Token")
	seed := fs.String("seed", "demo", "data set: demo, empty, or bench (demo plus 10,000-job lists for scripts/bench.sh)")
	offset := fs.String("offset", "records", "what offset counts in the list APIs: records, pages0 (page numbers from 0) or pages1 (from 1)")
	maxLimit := fs.Int("max-limit", 0, "records a page at most in the list APIs, whatever limit asks (0: no cap)")
	omitTotal := fs.Bool("omit-total", false, "leave total and task_count out of the list APIs' answers")
	latency := fs.Duration("latency", 0, "delay before every answer of the emulated APIs (not of the job API), as a real region's round trip (e.g. 40ms)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	usageError := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "hwcjobs-emulator: "+format+"\n", a...)
		return 2
	}
	if fs.NArg() > 0 {
		return usageError("unexpected argument %q: every setting is a flag (-h lists them)", fs.Arg(0))
	}
	offsets := map[string]emulator.Offset{"records": emulator.OffsetRecords, "pages0": emulator.OffsetPages0, "pages1": emulator.OffsetPages1}
	if _, ok := offsets[*offset]; !ok {
		return usageError("-offset must be records, pages0 or pages1, not %q", *offset)
	}
	if *maxLimit < 0 {
		return usageError("-max-limit must not be negative")
	}
	if *seed != "demo" && *seed != "empty" && *seed != "bench" {
		return usageError("-seed must be demo, empty or bench, not %q", *seed)
	}
	if *accessKey == "" || *secretKey == "" {
		return usageError("-access-key and -secret-key must not be empty")
	}
	if *latency < 0 {
		return usageError("-latency must not be negative, not %s", *latency)
	}
	if *chaos < 0 || *chaos > 1 {
		return usageError("-chaos must be a share from 0 to 1, not %g", *chaos)
	}

	logger := log.New(stderr, "hwcjobs-emulator: ", log.LstdFlags|log.Lmicroseconds)
	e := emulator.New(emulator.Config{
		Region:    *region,
		ProjectID: *projectID,
		Keys:      map[string]string{*accessKey: *secretKey},
		Token:     *token,
		Logger:    logger,
		Paging:    emulator.Paging{MaxLimit: *maxLimit, Offset: offsets[*offset], OmitTotal: *omitTotal},
		Latency:   *latency,
	})
	switch *seed {
	case "demo":
		e.SeedDemo()
	case "bench":
		e.SeedBench()
	}
	if *jobsFile != "" {
		data, err := os.ReadFile(*jobsFile)
		if err != nil {
			return usageError("-jobs: %v", err)
		}
		if err := e.LoadJobs(data); err != nil {
			return usageError("-jobs %s: %v", *jobsFile, err)
		}
	}
	if *chaos > 0 {
		// Two faults in a row at most: the provider's default max_retries
		// (5) always gets an answer.
		e.InjectChaos(emulator.Chaos{Share: *chaos, Seed: 1, MaxInARow: 2})
	}

	err := e.Serve(ctx, *addr, func(url string) {
		fmt.Fprintf(stdout, "HWCJOBS_EMULATOR_URL=%s\n\n", url)
		fmt.Fprintf(stdout, "# The provider block for this emulator (no HW_* variable needed):\n%s\n", e.ProviderBlock(url, endpointKeys()))
		delay := ""
		if *latency > 0 {
			delay = fmt.Sprintf(", every answer %s late", *latency)
		}
		logger.Printf("serving region %s, project %s, access key %s, seed %s, %d jobs of the job API%s; Ctrl-C stops",
			*region, *projectID, *accessKey, *seed, len(e.Jobs()), delay)
	})
	switch {
	case errors.Is(err, syscall.EADDRINUSE):
		fmt.Fprintf(stderr, "hwcjobs-emulator: %s is already in use (another hwcjobs-emulator?): stop what listens there, or pick another address with -addr (-addr 127.0.0.1:0 picks a free port)\n", *addr)
		return 1
	case err != nil:
		fmt.Fprintf(stderr, "hwcjobs-emulator: %v\n", err)
		return 1
	}
	logger.Print("stopped")
	return 0
}

// endpointKeys are the provider's endpoint keys, all of which the emulator
// routes on.
func endpointKeys() []string {
	keys := make([]string, len(client.Services))
	for i, s := range client.Services {
		keys[i] = string(s)
	}
	return keys
}
