package acctest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
)

// Diagnostic is one diagnostic of terraform's JSON output.
type Diagnostic struct {
	Severity string `json:"severity"`
	Summary  string `json:"summary"`
	Detail   string `json:"detail"`
}

// Validate runs `terraform validate -json` on config with the provider in
// process, as terraform-plugin-testing serves it, and returns the
// diagnostics that terraform shows: warnings too, which the test steps of
// terraform-plugin-testing cannot see. config needs no provider block.
func Validate(t *testing.T, config string) []Diagnostic {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	reattach := make(chan *plugin.ReattachConfig, 1)
	closed := make(chan struct{})
	served := make(chan error, 1)
	go func() {
		served <- tf6server.Serve("registry.terraform.io/hashicorp/hwcjobs",
			func() tfprotov6.ProviderServer {
				server, err := ProviderFactories["hwcjobs"]()
				if err != nil {
					panic(err)
				}
				return server
			},
			tf6server.WithDebug(ctx, reattach, closed), tf6server.WithoutLogStderrOverride(), tf6server.WithLoggingSink(t),
			tf6server.WithGoPluginLogger(hclog.NewNullLogger()))
	}()
	var cfg *plugin.ReattachConfig
	select {
	case cfg = <-reattach:
	case err := <-served:
		cancel()
		t.Fatalf("serving the provider: %v", err)
	}
	defer func() { cancel(); <-closed }()

	addr := map[string]string{"Network": cfg.Addr.Network(), "String": cfg.Addr.String()}
	reattachJSON, err := json.Marshal(map[string]any{"registry.terraform.io/hashicorp/hwcjobs": map[string]any{
		"Protocol": string(cfg.Protocol), "ProtocolVersion": cfg.ProtocolVersion, "Pid": cfg.Pid, "Test": cfg.Test, "Addr": addr,
	}})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) []byte {
		t.Helper()
		cmd := exec.Command(os.Getenv("TF_ACC_TERRAFORM_PATH"), args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "TF_REATTACH_PROVIDERS="+string(reattachJSON), "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1")
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		if _, exited := err.(*exec.ExitError); err != nil && !exited {
			t.Fatalf("terraform %v: %v", args, err)
		}
		if err != nil && args[0] == "init" {
			t.Fatalf("terraform %v: %v\n%s%s", args, err, stdout.String(), stderr.String())
		}
		return stdout.Bytes()
	}
	run("init", "-backend=false", "-input=false", "-no-color")
	var out struct {
		Diagnostics []Diagnostic `json:"diagnostics"`
	}
	raw := run("validate", "-json", "-no-color")
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("terraform validate -json: %v\n%s", err, raw)
	}
	return out.Diagnostics
}

func (d Diagnostic) String() string {
	return fmt.Sprintf("%s: %s: %s", d.Severity, d.Summary, d.Detail)
}
