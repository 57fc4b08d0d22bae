// Package provider is the hwcjobs provider: its schema, its configuration
// (argument > environment variable > default) and the one client it gives to
// every data source.
package provider

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/client"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/jobfamily"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/service/cce"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/service/cse"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/service/dlf"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/service/jobs"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/service/mrs"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/service/servicestage"
)

// Option changes how the provider builds its client; tests use it to shorten
// retry waits.
type Option func(*client.Config)

// New returns the provider factory of a version.
func New(version string, opts ...Option) func() provider.Provider {
	return func() provider.Provider { return &hwcjobsProvider{version: version, opts: opts} }
}

type hwcjobsProvider struct {
	version string
	opts    []Option
	// client is the one Configure built last, for the reads that the
	// server answers itself (server.go).
	client atomic.Pointer[client.Client]
}

var _ provider.Provider = (*hwcjobsProvider)(nil)

func (p *hwcjobsProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "hwcjobs"
	resp.Version = p.version
}

func (p *hwcjobsProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads the asynchronous jobs of Huawei Cloud (CSE engine jobs, DataArts Studio factory jobs, " +
			"CCE jobs and ServiceStage jobs, MRS job executions, and the jobs of the 16 services of `hwcjobs_job`), and waits " +
			"until a job has finished. Every argument is optional; an argument " +
			"wins over its environment variable, which wins over the default.",
		Attributes: map[string]schema.Attribute{
			"region": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "The region, such as `cn-north-4`; env `HW_REGION_NAME`. Needed unless `project_id` is set " +
					"and every endpoint used is given in `endpoints`.",
			},
			"access_key": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "The access key (AK) of AK/SK authentication, the default method; env `HW_ACCESS_KEY`.",
			},
			"secret_key": schema.StringAttribute{
				Optional: true, Sensitive: true,
				MarkdownDescription: "The secret key (SK) that goes with `access_key`; env `HW_SECRET_KEY`.",
			},
			"security_token": schema.StringAttribute{
				Optional: true, Sensitive: true,
				MarkdownDescription: "The security token of temporary AK/SK credentials, sent as `X-Security-Token`; env `HW_SECURITY_TOKEN`.",
			},
			"token": schema.StringAttribute{
				Optional: true, Sensitive: true,
				MarkdownDescription: "An IAM token, sent as `X-Auth-Token`, instead of AK/SK; env `HW_AUTH_TOKEN`. Beside `access_key` in the same " +
					"place (provider block or environment), the token is used, with a warning, as in the official provider.",
			},
			"project_id": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "The project ID; env `HW_PROJECT_ID`. When unset, it is looked up once from IAM " +
					"(`GET /v3/projects?name={region}`) on the first read. Set it to make no request before the first read.",
			},
			"cloud": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "The domain suffix of the default endpoints; env `HW_CLOUD`. Default `myhuaweicloud.com` " +
					"(`myhuaweicloud.eu` for regions whose name starts with `eu-west-1`, such as `eu-west-101`).",
			},
			"endpoints": schema.MapAttribute{
				Optional: true, ElementType: types.StringType,
				MarkdownDescription: "Base URLs that replace the default endpoints, by service: `cse`, `dlf`, `cce`, " +
					"`servicestage`, `iam`, `sts`, and `metadata` (the ECS metadata service); the services of `hwcjobs_job` " +
					"(" + familyEndpointKeys() + ") and `mrs`. Default `https://{service}.{region}.{cloud}` " +
					"(`dayu-dlf` for `dlf`, and the host prefix of the `hwcjobs_job` table for its services), and `" +
					client.DefaultMetadataEndpoint + "` for `metadata`. The official huaweicloud provider's keys are aliases of " +
					"the keys they mean here (such as `dataarts-dlf`, `vpc` for `eip`, `gaussdb` for `gaussdb_mysql`, `elbv3`, " +
					"`mrsv2`); a key and its alias both set is an error, and an official key of a service that hwcjobs never reads " +
					"(such as `obs`) is a warning.",
			},
			"insecure": schema.BoolAttribute{
				Optional:            true,
				MarkdownDescription: "Skip the verification of TLS certificates; env `HW_INSECURE`. Default `false`.",
			},
			"max_retries": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: "How many times one request is retried on 408, 429, 500, 502, 503, 504 and on a " +
					"connection refused or reset, with exponential backoff and `Retry-After` honoured; env `HW_MAX_RETRIES`. " +
					"Default `5`. An attempt that gets no answer in time is retried once whatever this says, and what no retry " +
					"mends (an untrusted certificate, an answer that is not TLS or not HTTP, an unknown host) is never retried.",
			},
			"enterprise_project_id": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "The enterprise project, sent to CSE as `X-Enterprise-Project-ID`; env `HW_ENTERPRISE_PROJECT_ID`.",
			},
		},
		Blocks: credentialBlocks(),
	}
	for name, a := range credentialAttributes() {
		resp.Schema.Attributes[name] = a
	}
	for name, a := range officialAttributes() {
		resp.Schema.Attributes[name] = a
	}
}

type providerModel struct {
	Region              types.String `tfsdk:"region"`
	AccessKey           types.String `tfsdk:"access_key"`
	SecretKey           types.String `tfsdk:"secret_key"`
	SecurityToken       types.String `tfsdk:"security_token"`
	Token               types.String `tfsdk:"token"`
	ProjectID           types.String `tfsdk:"project_id"`
	Cloud               types.String `tfsdk:"cloud"`
	Endpoints           types.Map    `tfsdk:"endpoints"`
	Insecure            types.Bool   `tfsdk:"insecure"`
	MaxRetries          types.Int64  `tfsdk:"max_retries"`
	EnterpriseProjectID types.String `tfsdk:"enterprise_project_id"`

	SharedConfigFile   types.String      `tfsdk:"shared_config_file"`
	Profile            types.String      `tfsdk:"profile"`
	ProjectName        types.String      `tfsdk:"project_name"`
	AssumeRole         []assumeRoleModel `tfsdk:"assume_role"`
	AssumeRoleWithOIDC []oidcModel       `tfsdk:"assume_role_with_oidc"`

	officialModel
}

// Configure resolves the configuration and builds the client. It makes no
// request: the credentials and the project, when not set, are obtained on
// first use.
func (p *hwcjobsProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	p.client.Store(nil)
	var m providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	r := resolver{diags: &resp.Diagnostics}
	cfg := client.Config{
		Region:              r.str(m.Region, "region", "HW_REGION_NAME"),
		ProjectID:           r.str(m.ProjectID, "project_id", "HW_PROJECT_ID"),
		ProjectName:         r.str(m.ProjectName, "project_name", "HW_PROJECT_NAME"),
		Cloud:               r.str(m.Cloud, "cloud", "HW_CLOUD"),
		Insecure:            r.boolean(m.Insecure, "insecure", "HW_INSECURE"),
		MaxRetries:          r.integer(m.MaxRetries, "max_retries", "HW_MAX_RETRIES", client.DefaultMaxRetries),
		EnterpriseProjectID: r.str(m.EnterpriseProjectID, "enterprise_project_id", "HW_ENTERPRISE_PROJECT_ID"),
		Endpoints:           r.endpoints(ctx, m.Endpoints),
		Version:             p.version,
	}
	if resp.Diagnostics.HasError() {
		return
	}
	// Credentials: the provider block, a KooCLI profile (which may also
	// give region and project_id), the environment, or the ECS metadata
	// service; see credentials.go.
	r.credentials(m, &cfg, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	if cfg.Region == "" && cfg.ProjectID == "" {
		resp.Diagnostics.AddAttributeError(path.Root("region"), "Missing Region",
			"region is needed to look up the project from IAM. Set region (or HW_REGION_NAME), or set project_id "+
				"(or HW_PROJECT_ID) together with endpoints for every service you read.")
	}
	if resp.Diagnostics.HasError() {
		return
	}
	for _, opt := range p.opts {
		opt(&cfg)
	}
	c := client.New(cfg)
	p.client.Store(c)
	resp.DataSourceData = c
	resp.ResourceData = c
}

func checkCredentials(cfg client.Config, diags interface {
	AddAttributeError(path.Path, string, string)
}) {
	switch {
	case cfg.Token != "":
	case cfg.AccessKey != "" && cfg.SecretKey == "":
		diags.AddAttributeError(path.Root("secret_key"), "Missing Secret Key",
			"access_key is set but secret_key is not. Set secret_key (or HW_SECRET_KEY) to the secret of the access key.")
	case cfg.AccessKey == "" && cfg.SecretKey != "":
		diags.AddAttributeError(path.Root("access_key"), "Missing Access Key",
			"secret_key is set but access_key is not. Set access_key (or HW_ACCESS_KEY) to the access key of the secret.")
	}
	if cfg.SecurityToken != "" && cfg.AccessKey == "" {
		diags.AddAttributeError(path.Root("security_token"), "Security Token Without Access Key",
			"security_token belongs to temporary AK/SK credentials. Set access_key and secret_key with it, or unset it.")
	}
}

// resolver applies argument > environment variable > default, and reports
// values that cannot be used.
type resolver struct {
	diags interface {
		AddAttributeError(path.Path, string, string)
		AddAttributeWarning(path.Path, string, string)
	}
}

func (r resolver) unknown(v interface{ IsUnknown() bool }, name string) bool {
	if v.IsUnknown() {
		r.diags.AddAttributeError(path.Root(name), "Unknown Provider Argument",
			name+" depends on a value that is not known until apply. Give it a value known at plan time, or set its environment variable.")
		return true
	}
	return false
}

func (r resolver) str(v types.String, name, env string) string {
	if r.unknown(v, name) {
		return ""
	}
	if !v.IsNull() {
		return strings.TrimSpace(v.ValueString())
	}
	return strings.TrimSpace(os.Getenv(env))
}

func (r resolver) boolean(v types.Bool, name, env string) bool {
	if r.unknown(v, name) {
		return false
	}
	if !v.IsNull() {
		return v.ValueBool()
	}
	s := strings.TrimSpace(os.Getenv(env))
	if s == "" {
		return false
	}
	b, err := strconv.ParseBool(s)
	if err != nil {
		r.diags.AddAttributeError(path.Root(name), "Invalid Environment Variable",
			fmt.Sprintf("%s is %q; set it to true or false.", env, s))
	}
	return b
}

func (r resolver) integer(v types.Int64, name, env string, def int) int {
	if r.unknown(v, name) {
		return def
	}
	n, source := int64(def), name
	if !v.IsNull() {
		n = v.ValueInt64()
	} else if s := strings.TrimSpace(os.Getenv(env)); s != "" {
		parsed, err := strconv.ParseInt(s, 10, 32)
		if err != nil {
			r.diags.AddAttributeError(path.Root(name), "Invalid Environment Variable",
				fmt.Sprintf("%s is %q; set it to a whole number such as %d.", env, s, def))
			return def
		}
		n, source = parsed, env
	}
	if n < 0 || n > 100 {
		r.diags.AddAttributeError(path.Root(name), "Invalid "+name,
			fmt.Sprintf("%s is %d; set it to a number from 0 (no retries) to 100.", source, n))
		return def
	}
	return int(n)
}

func (r resolver) endpoints(ctx context.Context, v types.Map) map[client.Service]*url.URL {
	if r.unknown(v, "endpoints") || v.IsNull() {
		return nil
	}
	raw := map[string]types.String{}
	if diags := v.ElementsAs(ctx, &raw, false); diags.HasError() {
		r.diags.AddAttributeError(path.Root("endpoints"), "Invalid Endpoints", "endpoints must map service names to URLs.")
		return nil
	}
	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := map[client.Service]*url.URL{}
	setBy := map[client.Service]string{} // the key that set each service
	for _, k := range keys {
		at := path.Root("endpoints").AtMapKey(k)
		s, _, unread := client.EndpointKey(k)
		switch {
		case unread:
			// A provider block written for the official provider keeps working.
			r.diags.AddAttributeWarning(at, "Endpoint Not Used",
				fmt.Sprintf("endpoints.%s is an endpoint of the official huaweicloud provider for a service that hwcjobs never reads; it does nothing here.", k))
			continue
		case s == "":
			r.diags.AddAttributeError(at, "Unknown Endpoint Key",
				fmt.Sprintf("endpoints has the key %q; the known keys are %s (and the official huaweicloud provider's keys for them).", k, knownServices()))
			continue
		case setBy[s] != "":
			r.diags.AddAttributeError(at, "Conflicting Endpoint Keys",
				fmt.Sprintf("endpoints.%s and endpoints.%s both set the %s endpoint (key %q here; the official provider's keys are aliases of it). Keep one.",
					setBy[s], k, s.Title(), s))
			continue
		}
		setBy[s] = k
		value := raw[k]
		if value.IsUnknown() {
			r.diags.AddAttributeError(at, "Unknown Provider Argument", "endpoints."+k+" must be known at plan time.")
			continue
		}
		u, err := url.Parse(strings.TrimSpace(value.ValueString()))
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
			r.diags.AddAttributeError(at, "Invalid Endpoint URL",
				fmt.Sprintf("endpoints.%s is %q, which is not a base URL. Give it as https://host[:port][/path], without query or fragment.", k, value.ValueString()))
			continue
		}
		out[s] = u
	}
	return out
}

// familyEndpointKeys are the endpoint keys of hwcjobs_job, quoted.
func familyEndpointKeys() string {
	var keys []string
	for _, ep := range jobfamily.Endpoints() {
		keys = append(keys, "`"+ep.Key+"`")
	}
	return strings.Join(keys, ", ")
}

func knownServices() string {
	names := make([]string, len(client.Services))
	for i, s := range client.Services {
		names[i] = string(s)
	}
	return strings.Join(names, ", ")
}

func (p *hwcjobsProvider) Resources(context.Context) []func() resource.Resource { return nil }

func (p *hwcjobsProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		cse.NewEngineJobsDataSource,
		cse.NewEngineJobDataSource,
		dlf.NewJobsDataSource,
		dlf.NewJobInstancesDataSource,
		dlf.NewJobInstanceDataSource,
		cce.NewJobsDataSource,
		cce.NewJobDataSource,
		servicestage.NewJobDataSource,
		jobs.NewJobDataSource,
		mrs.NewJobDataSource,
	}
}
