// Command hwcjobs-emulator serves the hwcjobs API emulator (CSE, DLF, CCE,
// ServiceStage and IAM on one address) for demos and manual testing.
//
// When it is ready it prints exactly one line to stdout:
//
//	HWCJOBS_EMULATOR_URL=http://127.0.0.1:PORT
//
// and then logs every request to stderr until SIGINT or SIGTERM.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"syscall"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/emulator"
)

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	fs := flag.NewFlagSet("hwcjobs-emulator", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:0", "listen address")
	region := fs.String("region", emulator.DefaultRegion, "region whose project IAM lists")
	projectID := fs.String("project-id", emulator.DefaultProjectID, "project id expected in API paths")
	accessKey := fs.String("access-key", emulator.DefaultAccessKey, "accepted access key")
	secretKey := fs.String("secret-key", emulator.DefaultSecretKey, "secret key of -access-key")
	token := fs.String("token", emulator.DefaultToken, "accepted X-Auth-Token")
	seed := fs.String("seed", "demo", "data set: demo, empty, or bench (demo plus 10,000-job lists for scripts/bench.sh)")
	offset := fs.String("offset", "records", "what offset counts in the list APIs: records, pages0 (page numbers from 0) or pages1 (from 1)")
	maxLimit := fs.Int("max-limit", 0, "records a page at most in the list APIs, whatever limit asks (0: no cap)")
	omitTotal := fs.Bool("omit-total", false, "leave total and task_count out of the list APIs' answers")
	latency := fs.Duration("latency", 0, "delay before every answer, as a real region's round trip (e.g. 40ms)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	offsets := map[string]emulator.Offset{"records": emulator.OffsetRecords, "pages0": emulator.OffsetPages0, "pages1": emulator.OffsetPages1}
	if _, ok := offsets[*offset]; !ok {
		fmt.Fprintf(os.Stderr, "hwcjobs-emulator: -offset must be records, pages0 or pages1, not %q\n", *offset)
		return 2
	}
	if *maxLimit < 0 {
		fmt.Fprintln(os.Stderr, "hwcjobs-emulator: -max-limit must not be negative")
		return 2
	}
	if *seed != "demo" && *seed != "empty" && *seed != "bench" {
		fmt.Fprintf(os.Stderr, "hwcjobs-emulator: -seed must be demo, empty or bench, not %q\n", *seed)
		return 2
	}
	if *accessKey == "" || *secretKey == "" {
		fmt.Fprintln(os.Stderr, "hwcjobs-emulator: -access-key and -secret-key must not be empty")
		return 2
	}

	logger := log.New(os.Stderr, "hwcjobs-emulator: ", log.LstdFlags|log.Lmicroseconds)
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

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := e.Serve(ctx, *addr, func(url string) {
		fmt.Printf("HWCJOBS_EMULATOR_URL=%s\n", url)
		logger.Printf("serving region %s, project %s, access key %s, seed %s", *region, *projectID, *accessKey, *seed)
	})
	if err != nil {
		logger.Printf("error: %v", err)
		return 1
	}
	logger.Print("stopped")
	return 0
}
