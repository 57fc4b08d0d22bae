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
