package provider_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/acctest"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/client"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/emulator"
)

// exampleVars are the variables of the guides' configurations: what the
// emulator's demo data holds (emulator.SeedDemo).
var exampleVars = map[string]map[string]string{
	"guides/fail-on-job-failure": {
		"engine_id": emulator.DocEngineID, "upgrade_job_id": fmt.Sprint(emulator.DocCSEJobID),
		"cluster_id": "7ec8b73d-83db-11f0-8baa-0255ac10003e",
	},
	"guides/list-failed-jobs":        {"engine_id": emulator.DocEngineID, "cluster_id": "7ec8b73d-83db-11f0-8baa-0255ac10003e"},
	"guides/wait-for-a-dataarts-run": {"workspace_id": emulator.DocWorkspace, "job_name": emulator.ExampleDLFJobName},
	"guides/wait-for-a-job":          {"deploy_job_id": emulator.ExampleServiceStageJobID},
	"guides/wait-for-a-servicestage-deployment": {
		"application_id": standInApplication, "component_id": standInComponent, "component_version": standInVersion,
	},
	"guides/wait-until-nothing-runs": {"engine_id": emulator.DocEngineID, "cluster_id": "7ec8b73d-83db-11f0-8baa-0255ac10003e"},
	"guides/wait-for-any-job": {
		"resize_job_id": emulator.DocECSJob, "restore_job_id": emulator.DocRDSJob, "dli_job_id": emulator.DocDLIJob,
		"mrs_cluster_id": emulator.DocMRSCluster, "mrs_job_id": emulator.DocMRSJob,
	},
	"data-sources/hwcjobs_mrs_job": {"mrs_cluster_id": emulator.DocMRSCluster, "mrs_job_id": emulator.DocMRSJob},
}

// Every example of the documentation plans against the emulator, with its
// demo data, without an error or a warning: the data source examples and
// the guides' configurations in one plan (each directory a module of it),
// and each provider example in a plan of its own, with the environment it
// describes. The guide that also needs the official huaweicloud provider,
// which cannot be installed offline, plans against a stand-in of the same
// shape (standInProvider).
func TestExamplesPlan(t *testing.T) {
	e, base := emulator.Start(t, emulator.Config{})
	e.SeedDemo()
	const idToken = "example-oidc-id-token"
	const password = "example-password"
	e.SetCredentialOptions(emulator.CredentialOptions{
		IdentityProviders: map[string]string{"github-actions": idToken},
		// The user of provider-password.tf.
		Users: []emulator.User{{ID: "ops-reader-id", Name: "ops-reader", Password: password, DomainName: "my-account", DomainID: "my-account-id"}},
	})
	examples := filepath.Join("..", "..", "examples")
	// Every endpoint key at the emulator, under its own prefix: the job APIs
	// of hwcjobs_job share paths.
	var prefixed []string
	for _, svc := range client.Services {
		prefixed = append(prefixed, fmt.Sprintf("%s = %q", svc, base+"/"+string(svc)))
	}
	endpoints := "{ " + strings.Join(prefixed, ", ") + " }"

	t.Run("data sources and guides", func(t *testing.T) {
		root := t.TempDir()
		var modules []string
		for _, pattern := range []string{"data-sources/*", "guides/*"} {
			dirs, err := filepath.Glob(filepath.Join(examples, pattern))
			if err != nil || len(dirs) == 0 {
				t.Fatalf("no examples in %s: %v", pattern, err)
			}
			for _, dir := range dirs {
				rel, _ := filepath.Rel(examples, dir)
				rel = filepath.ToSlash(rel)
				copyModule(t, dir, filepath.Join(root, rel))
				var args []string
				for _, name := range slices.Sorted(maps.Keys(exampleVars[rel])) {
					args = append(args, fmt.Sprintf("  %s = %q", name, exampleVars[rel][name]))
				}
				modules = append(modules, fmt.Sprintf("module %q {\n  source = \"./%s\"\n%s\n}\n",
					strings.NewReplacer("/", "_", "-", "_").Replace(rel), rel, strings.Join(args, "\n")))
			}
		}
		writeExampleFile(t, filepath.Join(root, "main.tf"), `terraform {
  required_providers {
    hwcjobs     = { source = "hwcjobs/hwcjobs" }
    huaweicloud = { source = "huaweicloud/huaweicloud" }
  }
}

provider "hwcjobs" {
  region     = "`+emulator.DefaultRegion+`"
  access_key = "`+emulator.DefaultAccessKey+`"
  secret_key = "`+emulator.DefaultSecretKey+`"
  project_id = "`+emulator.DefaultProjectID+`"
  endpoints  = `+endpoints+`
}

`+strings.Join(modules, "\n"))
		expectCleanPlan(t, root)
	})

	// The provider examples configure the provider themselves: each is
	// planned with a read of a job, its endpoints pointed at the emulator
	// (an override file) and the credentials it describes.
	home := t.TempDir()
	writeExampleFile(t, filepath.Join(home, ".hcloud", "config.json"), `{"current": "default", "profiles": [
  {"name": "default", "mode": "AKSK", "accessKeyId": "unused", "secretAccessKey": "unused", "region": "cn-north-4"},
  {"name": "dev", "mode": "AKSK", "accessKeyId": "`+emulator.DefaultAccessKey+`", "secretAccessKey": "`+emulator.DefaultSecretKey+`",
   "region": "`+emulator.DefaultRegion+`", "projectId": "`+emulator.DefaultProjectID+`"}]}`)
	tokenFile := filepath.Join(t.TempDir(), "token")
	writeExampleFile(t, tokenFile, idToken)
	keys := map[string]string{"HW_ACCESS_KEY": emulator.DefaultAccessKey, "HW_SECRET_KEY": emulator.DefaultSecretKey}
	varKeys := map[string]string{"TF_VAR_access_key": emulator.DefaultAccessKey, "TF_VAR_secret_key": emulator.DefaultSecretKey}
	files, err := filepath.Glob(filepath.Join(examples, "provider", "*.tf"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no provider examples: %v", err)
	}
	for _, tt := range []struct {
		file  string
		alias string
		env   map[string]string // of the provider (in this process) and of terraform
		// from and to rewrite a path of the example that cannot exist here.
		from, to string
	}{
		{file: "provider.tf", env: keys},
		{file: "provider-keys.tf", env: varKeys},
		{file: "provider-endpoints.tf", alias: "explicit", env: varKeys},
		{file: "provider-metadata.tf"},
		{file: "provider-profile.tf", env: map[string]string{"HOME": home}},
		{file: "provider-assume-role.tf", env: keys},
		{file: "provider-oidc.tf", from: "/var/run/secrets/oidc/token", to: tokenFile},
		{file: "provider-password.tf", env: map[string]string{"TF_VAR_password": password}},
	} {
		files = slices.DeleteFunc(files, func(f string) bool { return filepath.Base(f) == tt.file })
		t.Run(tt.file, func(t *testing.T) {
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			root := t.TempDir()
			text, err := os.ReadFile(filepath.Join(examples, "provider", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if tt.from != "" {
				if !bytes.Contains(text, []byte(tt.from)) {
					t.Fatalf("%s no longer names %s", tt.file, tt.from)
				}
				text = bytes.ReplaceAll(text, []byte(tt.from), []byte(tt.to))
			}
			writeExampleFile(t, filepath.Join(root, tt.file), string(text))
			if !bytes.Contains(text, []byte("required_providers")) {
				writeExampleFile(t, filepath.Join(root, "providers.tf"), requiredHwcjobs)
			}
			ref, alias := "", ""
			if tt.alias != "" {
				ref, alias = "\n  provider = hwcjobs."+tt.alias, "\n  alias     = \""+tt.alias+"\""
			}
			writeExampleFile(t, filepath.Join(root, "read.tf"), `data "hwcjobs_servicestage_job" "probe" {
  job_id = "`+emulator.ExampleServiceStageJobID+`"`+ref+`
}

output "probe" {
  value = data.hwcjobs_servicestage_job.probe.execution_status
}
`)
			writeExampleFile(t, filepath.Join(root, "endpoints_override.tf"), `provider "hwcjobs" {`+alias+`
  endpoints = `+endpoints+`
}
`)
			expectCleanPlan(t, root)
		})
	}
	if len(files) > 0 {
		t.Errorf("provider examples without a plan here: %v", files)
	}
}

const requiredHwcjobs = `terraform {
  required_providers {
    hwcjobs = { source = "hwcjobs/hwcjobs" }
  }
}
`

// copyModule copies the .tf files of an example directory to dir, with a
// required_providers block for hwcjobs when the example has none (a module
// must name the source of its providers).
func copyModule(t *testing.T, from, to string) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(from, "*.tf"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no .tf files in %s: %v", from, err)
	}
	declared := false
	for _, f := range files {
		text, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		declared = declared || bytes.Contains(text, []byte("required_providers"))
		writeExampleFile(t, filepath.Join(to, filepath.Base(f)), string(text))
	}
	if !declared {
		writeExampleFile(t, filepath.Join(to, "providers.tf"), requiredHwcjobs)
	}
}

func writeExampleFile(t *testing.T, name, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
}

// expectCleanPlan runs terraform init and plan in dir, with hwcjobs and the
// stand-in of the official provider served from this process, and fails on
// any error or warning that terraform shows.
func expectCleanPlan(t *testing.T, dir string) {
	t.Helper()
	reattach := map[string]any{}
	serve(t, reattach, "registry.terraform.io/hwcjobs/hwcjobs", func() tfprotov6.ProviderServer {
		server, err := acctest.ProviderFactories["hwcjobs"]()
		if err != nil {
			t.Fatal(err)
		}
		return server
	})
	serve(t, reattach, "registry.terraform.io/huaweicloud/huaweicloud", providerserver.NewProtocol6(standInProvider{}))
	reattachJSON, err := json.Marshal(reattach)
	if err != nil {
		t.Fatal(err)
	}
	cliConfig := filepath.Join(t.TempDir(), "terraformrc")
	writeExampleFile(t, cliConfig, "")
	run := func(args ...string) ([]byte, error) {
		cmd := exec.Command(os.Getenv("TF_ACC_TERRAFORM_PATH"), args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "TF_REATTACH_PROVIDERS="+string(reattachJSON), "TF_IN_AUTOMATION=1",
			"CHECKPOINT_DISABLE=1", "TF_CLI_CONFIG_FILE="+cliConfig)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		if err != nil {
			return stdout.Bytes(), fmt.Errorf("terraform %v: %w\n%s%s", args, err, stdout.String(), stderr.String())
		}
		return stdout.Bytes(), nil
	}
	if out, err := run("init", "-input=false", "-no-color"); err != nil {
		t.Fatal(err)
	} else if bytes.Contains(out, []byte("Warning")) {
		t.Errorf("terraform init warns:\n%s", out)
	}
	out, err := run("plan", "-json", "-input=false", "-no-color", "-lock=false")
	var diagnostics []string
	scanner := bufio.NewScanner(bytes.NewReader(out))
	scanner.Buffer(nil, 16<<20)
	for scanner.Scan() {
		var line struct {
			Type       string `json:"type"`
			Diagnostic struct {
				Severity string `json:"severity"`
				Summary  string `json:"summary"`
				Detail   string `json:"detail"`
				Address  string `json:"address"`
			} `json:"diagnostic"`
		}
		if json.Unmarshal(scanner.Bytes(), &line) == nil && line.Type == "diagnostic" {
			d := line.Diagnostic
			diagnostics = append(diagnostics, fmt.Sprintf("%s: %s: %s: %s", d.Severity, d.Address, d.Summary, d.Detail))
		}
	}
	if len(diagnostics) > 0 {
		t.Errorf("terraform plan shows:\n%s", strings.Join(diagnostics, "\n"))
	}
	if err != nil && len(diagnostics) == 0 {
		t.Error(err)
	}
}

// serve serves a provider in this process until the test ends, and adds
// its reattach configuration under addr.
func serve(t *testing.T, reattach map[string]any, addr string, factory func() tfprotov6.ProviderServer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	configs := make(chan *plugin.ReattachConfig, 1)
	closed := make(chan struct{})
	served := make(chan error, 1)
	go func() {
		served <- tf6server.Serve(addr, factory, tf6server.WithDebug(ctx, configs, closed),
			tf6server.WithoutLogStderrOverride(), tf6server.WithLoggingSink(t), tf6server.WithGoPluginLogger(hclog.NewNullLogger()))
	}()
	var cfg *plugin.ReattachConfig
	select {
	case cfg = <-configs:
	case err := <-served:
		cancel()
		t.Fatalf("serving %s: %v", addr, err)
	}
	t.Cleanup(func() { cancel(); <-closed })
	reattach[addr] = map[string]any{
		"Protocol": string(cfg.Protocol), "ProtocolVersion": cfg.ProtocolVersion, "Pid": cfg.Pid, "Test": cfg.Test,
		"Addr": map[string]string{"Network": cfg.Addr.Network(), "String": cfg.Addr.String()},
	}
}

// The stand-in of the official provider: its data source
// huaweicloud_servicestagev3_component_records, with the arguments and the
// attributes of the official one that the guide reads (records with their
// version, status and jobs), answering one record of version standInVersion
// whose job is the ServiceStage job of the emulator's demo data.
const (
	standInApplication = "f3a6c1d2-0b4e-4c5f-8a9d-7e6b5c4d3a21"
	standInComponent   = "9c8b7a6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d"
	standInVersion     = "1.0.2"
)

type standInProvider struct{}

func (standInProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "huaweicloud"
}

func (standInProvider) Schema(context.Context, provider.SchemaRequest, *provider.SchemaResponse) {}

func (standInProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}

func (standInProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{func() resource.Resource { return sparkJob{} }}
}

// sparkJob stands in for huaweicloud_dli_spark_job, with the arguments the
// guide sets and its computed id (the batch id); a plan never creates it.
type sparkJob struct{}

func (sparkJob) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_dli_spark_job"
}

func (sparkJob) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = rschema.Schema{Attributes: map[string]rschema.Attribute{
		"id":         rschema.StringAttribute{Computed: true},
		"queue_name": rschema.StringAttribute{Required: true},
		"name":       rschema.StringAttribute{Required: true},
		"app_name":   rschema.StringAttribute{Required: true},
	}}
}

func (sparkJob) Create(_ context.Context, _ resource.CreateRequest, resp *resource.CreateResponse) {
	resp.Diagnostics.AddError("Stand-in", "the stand-in of huaweicloud_dli_spark_job is only planned")
}

func (sparkJob) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

func (sparkJob) Update(context.Context, resource.UpdateRequest, *resource.UpdateResponse) {}

func (sparkJob) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}

func (standInProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{func() datasource.DataSource { return componentRecords{} }}
}

type componentRecords struct{}

func (componentRecords) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_servicestagev3_component_records"
}

func (componentRecords) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = dsschema.Schema{Attributes: map[string]dsschema.Attribute{
		"id":             dsschema.StringAttribute{Computed: true},
		"region":         dsschema.StringAttribute{Optional: true, Computed: true},
		"application_id": dsschema.StringAttribute{Required: true},
		"component_id":   dsschema.StringAttribute{Required: true},
		"records": dsschema.ListNestedAttribute{Computed: true, NestedObject: dsschema.NestedAttributeObject{
			Attributes: map[string]dsschema.Attribute{
				"version": dsschema.StringAttribute{Computed: true},
				"status":  dsschema.StringAttribute{Computed: true},
				"jobs": dsschema.ListNestedAttribute{Computed: true, NestedObject: dsschema.NestedAttributeObject{
					Attributes: map[string]dsschema.Attribute{
						"sequence": dsschema.Int64Attribute{Computed: true},
						"job_id":   dsschema.StringAttribute{Computed: true},
					},
				}},
			},
		}},
	}}
}

type standInJob struct {
	Sequence types.Int64  `tfsdk:"sequence"`
	JobID    types.String `tfsdk:"job_id"`
}

type standInRecord struct {
	Version types.String `tfsdk:"version"`
	Status  types.String `tfsdk:"status"`
	Jobs    []standInJob `tfsdk:"jobs"`
}

type standInRecords struct {
	ID            types.String    `tfsdk:"id"`
	Region        types.String    `tfsdk:"region"`
	ApplicationID types.String    `tfsdk:"application_id"`
	ComponentID   types.String    `tfsdk:"component_id"`
	Records       []standInRecord `tfsdk:"records"`
}

func (componentRecords) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m standInRecords
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	m.ID = types.StringValue(m.ComponentID.ValueString())
	m.Region = types.StringValue(emulator.DefaultRegion)
	m.Records = nil
	if m.ApplicationID.ValueString() == standInApplication && m.ComponentID.ValueString() == standInComponent {
		m.Records = []standInRecord{{
			Version: types.StringValue(standInVersion), Status: types.StringValue("SUCCEEDED"),
			Jobs: []standInJob{{Sequence: types.Int64Value(0), JobID: types.StringValue(emulator.ExampleServiceStageJobID)}},
		}}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
