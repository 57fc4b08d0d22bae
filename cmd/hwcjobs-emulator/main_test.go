package main

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
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

// Paging flags that mean nothing stop the command before it serves.
func TestPagingFlags(t *testing.T) {
	for _, args := range [][]string{{"-offset", "pages2"}, {"-max-limit", "-1"}, {"-max-limit", "ten"}} {
		if code := run(args); code != 2 {
			t.Errorf("%v: exit code %d, want 2", args, code)
		}
	}
}
