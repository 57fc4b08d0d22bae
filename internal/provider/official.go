package provider

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/client"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/credentials"
)

// The official huaweicloud provider's remaining ways in (SPEC rev. 3):
// password authentication, the tenant_* aliases, the agency_name hop, TLS
// files, signing_algorithm, and the arguments that only shape its
// resources, so that its configurations and environments work unchanged.

// officialModel are the official provider's arguments beyond those of
// rev. 2; providerModel embeds it.
type officialModel struct {
	UserName         types.String `tfsdk:"user_name"`
	UserID           types.String `tfsdk:"user_id"`
	Password         types.String `tfsdk:"password"`
	DomainName       types.String `tfsdk:"domain_name"`
	DomainID         types.String `tfsdk:"domain_id"`
	AuthURL          types.String `tfsdk:"auth_url"`
	TenantID         types.String `tfsdk:"tenant_id"`
	TenantName       types.String `tfsdk:"tenant_name"`
	AgencyName       types.String `tfsdk:"agency_name"`
	AgencyDomainName types.String `tfsdk:"agency_domain_name"`
	DelegatedProject types.String `tfsdk:"delegated_project"`
	CACertFile       types.String `tfsdk:"cacert_file"`
	Cert             types.String `tfsdk:"cert"`
	Key              types.String `tfsdk:"key"`
	SigningAlgorithm types.String `tfsdk:"signing_algorithm"`

	Regional             types.Bool `tfsdk:"regional"`
	EnableForceNew       types.Bool `tfsdk:"enable_force_new"`
	SkipCheckWebsiteType types.Bool `tfsdk:"skip_check_website_type"`
	SkipCheckUpgrade     types.Bool `tfsdk:"skip_check_upgrade"`
	DefaultTags          types.Map  `tfsdk:"default_tags"`
	IgnoreTags           types.List `tfsdk:"ignore_tags"`
}

// idleArguments only shape the official provider's resources; hwcjobs has
// none.
var idleArguments = []string{"default_tags", "enable_force_new", "ignore_tags", "regional", "skip_check_upgrade", "skip_check_website_type"}

const idleNote = "Accepted so that a configuration of the official `huaweicloud` provider works unchanged; it only shapes that " +
	"provider's resources, so it does nothing here (a warning says so)."

func officialAttributes() map[string]schema.Attribute {
	str := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Optional: true, MarkdownDescription: desc}
	}
	idleBool := schema.BoolAttribute{Optional: true, MarkdownDescription: idleNote}
	return map[string]schema.Attribute{
		"user_name": str("The IAM user of password authentication; env `HW_USER_NAME`. Needs `password`, and `domain_name` or " +
			"`domain_id`. Used only when neither `token` nor `access_key` is set in the same place (provider block or environment)."),
		"user_id": str("The ID of the IAM user of password authentication, instead of `user_name` and the domain; env `HW_USER_ID`."),
		"password": schema.StringAttribute{Optional: true, Sensitive: true,
			MarkdownDescription: "The password of `user_name` (or `user_id`), traded for an IAM token (`POST /v3/auth/tokens`) on " +
				"the first read and renewed before the token ends; env `HW_PASSWORD` (or the official provider's `HW_USER_PASSWORD`)."},
		"domain_name": str("The account (domain) of `user_name`; env `HW_DOMAIN_NAME`."),
		"domain_id":   str("The ID of the account (domain) of `user_name`; env `HW_DOMAIN_ID`."),
		"auth_url": str("The IAM endpoint with its version, such as `https://iam.cn-north-4.myhuaweicloud.com/v3`; env `HW_AUTH_URL`. " +
			"When set and `endpoints.iam` is not, it serves every IAM request. Default the IAM endpoint + `/v3`."),
		"tenant_id":   str("An alias of `project_id`, as in the official provider; not together with it."),
		"tenant_name": str("An alias of `project_name`, as in the official provider; not together with it."),
		"agency_name": str("An agency to assume with IAM, one hop before the `assume_role` blocks; needs `agency_domain_name`; " +
			"env `OS_AGENCY_NAME`."),
		"agency_domain_name": str("The account (domain) that owns `agency_name`; env `OS_AGENCY_DOMAIN_NAME`."),
		"delegated_project":  str("The project of `agency_name`, looked up by name like `project_name`; env `OS_DELEGATED_PROJECT`."),
		"cacert_file": str("A PEM file (or PEM text) of the certificate authorities that sign the endpoints' certificates, instead of " +
			"the system's; env `OS_CACERT`."),
		"cert": str("A PEM file (or PEM text) of the client certificate to present, with `key`; env `OS_CERT`."),
		"key": schema.StringAttribute{Optional: true, Sensitive: true,
			MarkdownDescription: "A PEM file (or PEM text) of the private key of `cert`; env `OS_KEY`."},
		"signing_algorithm": str("The AK/SK signing algorithm; env `HW_SIGNING_ALGORITHM`. Only `HMAC-SHA256` (the default) is " +
			"supported; any other value is a configuration error."),
		"regional":                idleBool,
		"enable_force_new":        idleBool,
		"skip_check_website_type": idleBool,
		"skip_check_upgrade":      idleBool,
		"default_tags":            schema.MapAttribute{Optional: true, ElementType: types.StringType, MarkdownDescription: idleNote},
		"ignore_tags":             schema.ListAttribute{Optional: true, ElementType: types.StringType, MarkdownDescription: idleNote},
	}
}

// officialArguments applies the aliases, the TLS files, signing_algorithm,
// auth_url and delegated_project, and warns of the idle arguments.
func (r resolver) officialArguments(m providerModel, cfg *client.Config, diags *diag.Diagnostics) {
	o := m.officialModel
	alias := func(v types.String, name, of string, orig types.String, set func(string)) {
		if r.unknown(v, name) || v.IsNull() {
			return
		}
		if !orig.IsNull() {
			diags.AddAttributeError(path.Root(name), "Conflicting Project",
				fmt.Sprintf("%s is an alias of %s, and both are set; use one.", name, of))
			return
		}
		set(strings.TrimSpace(v.ValueString()))
	}
	alias(o.TenantID, "tenant_id", "project_id", m.ProjectID, func(s string) { cfg.ProjectID = s })
	alias(o.TenantName, "tenant_name", "project_name", m.ProjectName, func(s string) { cfg.ProjectName = s })
	if p := r.str(o.DelegatedProject, "delegated_project", "OS_DELEGATED_PROJECT"); p != "" && cfg.ProjectName == "" && cfg.ProjectID == "" {
		cfg.ProjectName = p
	}
	cfg.Sources.DomainID = r.str(o.DomainID, "domain_id", "HW_DOMAIN_ID")

	if a := r.str(o.SigningAlgorithm, "signing_algorithm", "HW_SIGNING_ALGORITHM"); a != "" && !strings.EqualFold(a, "HMAC-SHA256") {
		diags.AddAttributeError(path.Root("signing_algorithm"), "Unsupported Signing Algorithm",
			fmt.Sprintf("signing_algorithm (or HW_SIGNING_ALGORITHM) is %q; hwcjobs signs with HMAC-SHA256 only. Unset it, or set it to HMAC-SHA256.", a))
	}

	if u := r.str(o.AuthURL, "auth_url", "HW_AUTH_URL"); u != "" {
		parsed, err := url.Parse(u)
		if err != nil || (parsed.Scheme != "http" && parsed.Scheme != "https") || parsed.Host == "" || parsed.RawQuery != "" || parsed.Fragment != "" {
			diags.AddAttributeError(path.Root("auth_url"), "Invalid Auth URL",
				fmt.Sprintf("auth_url (or HW_AUTH_URL) is %q, which is not a URL. Give it as https://iam.{region}.myhuaweicloud.com/v3.", u))
		} else if _, ok := cfg.Endpoints[client.IAM]; !ok {
			// The IAM paths of the client start with their version.
			parsed.Path = strings.TrimSuffix(strings.TrimSuffix(parsed.Path, "/"), "/v3")
			if cfg.Endpoints == nil {
				cfg.Endpoints = map[client.Service]*url.URL{}
			}
			cfg.Endpoints[client.IAM] = parsed
		}
	}

	cfg.TLS = r.tlsConfig(o, diags)

	for _, name := range idleArguments {
		var set bool
		switch name {
		case "regional":
			set = !o.Regional.IsNull()
		case "enable_force_new":
			set = !o.EnableForceNew.IsNull()
		case "skip_check_website_type":
			set = !o.SkipCheckWebsiteType.IsNull()
		case "skip_check_upgrade":
			set = !o.SkipCheckUpgrade.IsNull()
		case "default_tags":
			set = !o.DefaultTags.IsNull()
		case "ignore_tags":
			set = !o.IgnoreTags.IsNull()
		}
		if set {
			diags.AddAttributeWarning(path.Root(name), "Argument Does Nothing Here",
				fmt.Sprintf("%s shapes the resources of the official huaweicloud provider; hwcjobs only reads jobs, so it is accepted and does nothing.", name))
		}
	}
}

// pemOf is a PEM argument: its text when it is PEM, else the file it names.
func pemOf(v, name string, diags *diag.Diagnostics) []byte {
	if strings.HasPrefix(strings.TrimSpace(v), "-----BEGIN") {
		return []byte(v)
	}
	if rest, ok := strings.CutPrefix(v, "~"); ok {
		if home, err := os.UserHomeDir(); err == nil {
			v = filepath.Join(home, rest)
		}
	}
	raw, err := os.ReadFile(v)
	if err != nil {
		diags.AddAttributeError(path.Root(name), "Unreadable "+name, fmt.Sprintf("%s cannot be read: %v.", name, err))
		return nil
	}
	return raw
}

// tlsConfig is the TLS configuration of cacert_file, cert and key, or nil
// for the system's.
func (r resolver) tlsConfig(o officialModel, diags *diag.Diagnostics) *tls.Config {
	ca := r.str(o.CACertFile, "cacert_file", "OS_CACERT")
	cert := r.str(o.Cert, "cert", "OS_CERT")
	key := r.str(o.Key, "key", "OS_KEY")
	if ca == "" && cert == "" && key == "" {
		return nil
	}
	t := &tls.Config{MinVersion: tls.VersionTLS12}
	if ca != "" {
		if raw := pemOf(ca, "cacert_file", diags); raw != nil {
			pool := x509.NewCertPool()
			if !pool.AppendCertsFromPEM(raw) {
				diags.AddAttributeError(path.Root("cacert_file"), "Invalid cacert_file",
					"cacert_file (or OS_CACERT) holds no PEM certificate.")
			}
			t.RootCAs = pool
		}
	}
	switch {
	case cert != "" && key != "":
		c, k := pemOf(cert, "cert", diags), pemOf(key, "key", diags)
		if c == nil || k == nil {
			return t
		}
		pair, err := tls.X509KeyPair(c, k)
		if err != nil {
			diags.AddAttributeError(path.Root("cert"), "Invalid Client Certificate",
				fmt.Sprintf("cert and key (or OS_CERT and OS_KEY) are not a certificate and its private key: %v.", err))
			return t
		}
		t.Certificates = []tls.Certificate{pair}
	case cert != "":
		diags.AddAttributeError(path.Root("key"), "Missing Client Key", "cert is set but key is not. Set key (or OS_KEY) to the private key of the certificate.")
	case key != "":
		diags.AddAttributeError(path.Root("cert"), "Missing Client Certificate", "key is set but cert is not. Set cert (or OS_CERT) to the certificate of the key.")
	}
	return t
}

// password sets password authentication from p, found in source.
func (r resolver) password(m providerModel, p passwordArgs, source string, cfg *client.Config, diags *diag.Diagnostics) {
	domainName := r.str(m.DomainName, "domain_name", "HW_DOMAIN_NAME")
	switch {
	case p.password == "":
		who := "user_name"
		if p.user == "" {
			who = "user_id"
		}
		diags.AddAttributeError(path.Root("password"), "Missing Password",
			fmt.Sprintf("%s is set but password is not. Set password (or HW_PASSWORD) to the user's password, or use access_key and secret_key instead.", who))
		return
	case p.user == "" && p.userID == "":
		diags.AddAttributeError(path.Root("user_name"), "Missing User Name",
			"password is set but neither user_name nor user_id is. Set user_name (or HW_USER_NAME) with domain_name, or user_id (or HW_USER_ID).")
		return
	case p.user != "" && domainName == "" && cfg.Sources.DomainID == "":
		diags.AddAttributeError(path.Root("domain_name"), "Missing Domain",
			fmt.Sprintf("Password authentication of user %q needs the account (domain) the user belongs to. "+
				"Set domain_name (or HW_DOMAIN_NAME), or domain_id (or HW_DOMAIN_ID).", p.user))
		return
	}
	pw := &credentials.Password{UserName: p.user, UserID: p.userID, Password: p.password,
		DomainName: domainName, DomainID: cfg.Sources.DomainID, ProjectID: cfg.ProjectID, Source: source}
	if pw.ProjectID == "" {
		pw.ProjectName = cfg.ProjectName
		if pw.ProjectName == "" {
			pw.ProjectName = cfg.Region
		}
	}
	cfg.Sources.Password = pw
	cfg.Sources.Static.Source = source
}

// agencyHop is the hop of agency_name and agency_domain_name, if set.
func (r resolver) agencyHop(m providerModel, diags *diag.Diagnostics) *credentials.AssumeRole {
	name := r.str(m.AgencyName, "agency_name", "OS_AGENCY_NAME")
	domain := r.str(m.AgencyDomainName, "agency_domain_name", "OS_AGENCY_DOMAIN_NAME")
	switch {
	case name == "" && domain == "":
		return nil
	case domain == "":
		diags.AddAttributeError(path.Root("agency_domain_name"), "Missing Agency Domain",
			fmt.Sprintf("agency_name is %q but agency_domain_name, the account that owns the agency, is not set. Set agency_domain_name (or OS_AGENCY_DOMAIN_NAME).", name))
		return nil
	case name == "":
		diags.AddAttributeError(path.Root("agency_name"), "Missing Agency Name",
			"agency_domain_name is set but agency_name is not. Set agency_name (or OS_AGENCY_NAME) to the agency to assume.")
		return nil
	}
	return &credentials.AssumeRole{AgencyName: name, DomainName: domain, Duration: credentials.DefaultDuration}
}
