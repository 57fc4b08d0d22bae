package provider

import (
	"cmp"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/client"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/credentials"
)

// Where credentials come from (SPEC, rev. 2), resolved at configure time
// without a request: the provider block, a KooCLI profile, the environment,
// or else the ECS metadata service; or an OIDC exchange instead of all of
// them; then the assume_role hops.

type assumeRoleModel struct {
	AgencyName types.String `tfsdk:"agency_name"`
	DomainName types.String `tfsdk:"domain_name"`
	DomainID   types.String `tfsdk:"domain_id"`
	Duration   types.Int64  `tfsdk:"duration"`
}

type oidcModel struct {
	AgencyName  types.String `tfsdk:"agency_name"`
	DomainID    types.String `tfsdk:"domain_id"`
	IdpID       types.String `tfsdk:"idp_id"`
	IDToken     types.String `tfsdk:"id_token"`
	IDTokenFile types.String `tfsdk:"id_token_file"`
	Duration    types.Int64  `tfsdk:"duration"`
}

const (
	minDuration = 900
	maxDuration = 86400
)

func credentialAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"shared_config_file": schema.StringAttribute{
			Optional: true,
			MarkdownDescription: "A KooCLI configuration file (`config.json`) to take credentials from; env `HW_SHARED_CONFIG_FILE`. " +
				"Default `~/.hcloud/config.json` when `profile` is set. KooCLI must store its keys unencrypted " +
				"(`hcloud configure set --cli-auth-encrypt=false`).",
		},
		"profile": schema.StringAttribute{
			Optional: true,
			MarkdownDescription: "The KooCLI profile to use (modes `AKSK`, `SSO` and `ecsAgency`); env `HW_PROFILE`. Default the file's " +
				"`current` profile. Its `region` and `domainId` fill unset arguments, its `projectId` too when the region in use is the " +
				"profile's own, and its `agencyName` adds an assume-role hop.",
		},
		"project_name": schema.StringAttribute{
			Optional: true,
			MarkdownDescription: "The name of the project to look up in IAM instead of the region's own, for a sub-project " +
				"such as `cn-north-4_dev`; env `HW_PROJECT_NAME`. Not together with `project_id`.",
		},
	}
}

func credentialBlocks() map[string]schema.Block {
	duration := func(what string) schema.Int64Attribute {
		return schema.Int64Attribute{
			Optional: true,
			MarkdownDescription: "How long the " + what + " temporary credentials live, in seconds, from 900 to 86400; " +
				"env `HW_ASSUME_ROLE_DURATION`. Default `3600`. STS gives at most 3600 to a caller that signs with temporary " +
				"credentials: a larger value there is lowered to 3600 with a warning. They are renewed before they end.",
		}
	}
	return map[string]schema.Block{
		"assume_role": schema.ListNestedBlock{
			MarkdownDescription: "Trades the credentials for the temporary ones of an agency: with IAM (`POST /v3.0/OS-CREDENTIAL/securitytokens`) " +
				"when `domain_id` is unset, with STS (`POST /v5/agencies/assume`) when it is set. Several blocks form a chain: each hop is " +
				"signed with the credentials of the one before. Without a block, the `HW_ASSUME_ROLE_*` variables stand for one.",
			NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
				"agency_name": schema.StringAttribute{
					Optional:            true,
					MarkdownDescription: "The agency to assume (required); env `HW_ASSUME_ROLE_AGENCY_NAME`.",
				},
				"domain_name": schema.StringAttribute{
					Optional:            true,
					MarkdownDescription: "The account (domain) that owns the agency, for IAM; env `HW_ASSUME_ROLE_DOMAIN_NAME`. Needed unless `domain_id` is set.",
				},
				"domain_id": schema.StringAttribute{
					Optional:            true,
					MarkdownDescription: "The ID of the account (domain) that owns the agency; when set, the hop uses STS; env `HW_ASSUME_ROLE_DOMAIN_ID`.",
				},
				"duration": duration("agency's"),
			}},
		},
		"assume_role_with_oidc": schema.ListNestedBlock{
			MarkdownDescription: "Obtains credentials from an OIDC id token, such as a CI system's, and needs no other credentials: IAM trades " +
				"the token for an IAM token (`POST /v3.0/OS-AUTH/id-token/tokens`), then for temporary credentials, which assume the agency " +
				"with STS. When set, it replaces every other source. At most one block; without it, `HW_ASSUME_ROLE_IDP_ID` and the other " +
				"`HW_ASSUME_ROLE_*` variables stand for one, unless the provider block gives keys, a token or a password (a warning says so).",
			Validators: []validator.List{listvalidator.SizeAtMost(1)},
			NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
				"agency_name": schema.StringAttribute{
					Optional:            true,
					MarkdownDescription: "The agency to assume (required); env `HW_ASSUME_ROLE_AGENCY_NAME`.",
				},
				"domain_id": schema.StringAttribute{
					Optional:            true,
					MarkdownDescription: "The ID of the account (domain) of the identity provider and the agency (required); env `HW_ASSUME_ROLE_DOMAIN_ID`.",
				},
				"idp_id": schema.StringAttribute{
					Optional:            true,
					MarkdownDescription: "The IAM identity provider that trusts the OIDC issuer (required); env `HW_ASSUME_ROLE_IDP_ID`.",
				},
				"id_token": schema.StringAttribute{
					Optional: true, Sensitive: true,
					MarkdownDescription: "The OIDC id token (a JWT); env `HW_ASSUME_ROLE_ID_TOKEN`. Exactly one of `id_token` and `id_token_file`.",
				},
				"id_token_file": schema.StringAttribute{
					Optional: true,
					MarkdownDescription: "A file holding the OIDC id token, read again at each renewal; env `HW_ASSUME_ROLE_ID_TOKEN_FILE`. " +
						"Exactly one of `id_token` and `id_token_file`.",
				},
				"duration": duration("OIDC"),
			}},
		},
	}
}

// staticKeys are AK/SK (with a security token) or a token.
type staticKeys struct{ ak, sk, st, token string }

// keys reports AK/SK, or half of them; a security token alone is not keys.
func (k staticKeys) keys() bool { return k.ak != "" || k.sk != "" }

// orEnv fills the keys that k lacks from env when k has keys: each
// argument wins over its own variable, and the variables of another kind of
// credentials (HW_ACCESS_KEY beside a token) are a later source, not used.
func (k staticKeys) orEnv(env staticKeys) staticKeys {
	if !k.keys() {
		return k
	}
	return staticKeys{cmp.Or(k.ak, env.ak), cmp.Or(k.sk, env.sk), cmp.Or(k.st, env.st), k.token}
}

// passwordArgs are the arguments of password authentication.
type passwordArgs struct{ user, userID, password string }

func (p passwordArgs) any() bool { return p.user != "" || p.userID != "" || p.password != "" }

// credentials resolves the credential sources into cfg; it fills region and
// project_id from a KooCLI profile when they are unset.
func (r resolver) credentials(m providerModel, cfg *client.Config, diags *diag.Diagnostics) {
	arg := func(v types.String, name string) string {
		if r.unknown(v, name) || v.IsNull() {
			return ""
		}
		return strings.TrimSpace(v.ValueString())
	}
	block := staticKeys{arg(m.AccessKey, "access_key"), arg(m.SecretKey, "secret_key"), arg(m.SecurityToken, "security_token"), arg(m.Token, "token")}
	env := staticKeys{envVar("HW_ACCESS_KEY"), envVar("HW_SECRET_KEY"), envVar("HW_SECURITY_TOKEN"), envVar("HW_AUTH_TOKEN")}
	blockPassword := passwordArgs{arg(m.UserName, "user_name"), arg(m.UserID, "user_id"), arg(m.Password, "password")}
	envPassword := passwordArgs{envVar("HW_USER_NAME"), envVar("HW_USER_ID"), cmp.Or(envVar("HW_PASSWORD"), envVar("HW_USER_PASSWORD"))}

	r.officialArguments(m, cfg, diags)

	if cfg.ProjectName != "" && cfg.ProjectID != "" {
		diags.AddAttributeError(path.Root("project_name"), "Conflicting Project",
			"project_name and project_id both name the project; use one. Unset project_name (HW_PROJECT_NAME) to use the "+
				"project ID, or unset project_id (HW_PROJECT_ID) to look the named project up in IAM.")
	}

	var profile *credentials.Profile
	file := r.str(m.SharedConfigFile, "shared_config_file", "HW_SHARED_CONFIG_FILE")
	name := r.str(m.Profile, "profile", "HW_PROFILE")
	if file != "" || name != "" {
		if file == "" {
			var err error
			if file, err = credentials.DefaultSharedConfigFile(); err != nil {
				diags.AddAttributeError(path.Root("shared_config_file"), "No KooCLI Configuration File",
					fmt.Sprintf("profile is set, but the home directory is unknown (%v). Set shared_config_file (or HW_SHARED_CONFIG_FILE).", err))
				return
			}
		}
		p, err := credentials.LoadProfile(file, name)
		if err != nil {
			addConfigError(diags, "Invalid KooCLI Profile", err)
			return
		}
		profile = p
		if cfg.Region == "" {
			cfg.Region = p.Region
		}
		// The profile's project is that of its own region: in another
		// region it would send every request to the wrong project.
		if cfg.ProjectID == "" && cfg.ProjectName == "" && cfg.Region == p.Region {
			cfg.ProjectID = p.ProjectID
		}
		if cfg.Sources.DomainID == "" {
			cfg.Sources.DomainID = p.DomainID
		}
	}

	inBlock := block.token != "" || block.keys() || block.st != "" || blockPassword.any()
	oidc := r.oidc(m, inBlock, diags)
	hops, hopPaths := r.assumeRoles(m, oidc != nil, diags)
	src := &cfg.Sources
	setStatic := func(k staticKeys, source string, tokenPath path.Path) {
		if k.token != "" && k.ak != "" {
			diags.AddAttributeWarning(tokenPath, "Token Used Instead of Keys",
				fmt.Sprintf("%s gives both a token and access keys; the token is used, as in the official provider, and "+
					"access_key, secret_key and security_token are not. Unset the one you do not mean.", source))
			k = staticKeys{token: k.token, st: k.st}
		}
		cfg.AccessKey, cfg.SecretKey, cfg.SecurityToken, cfg.Token = k.ak, k.sk, k.st, k.token
		src.Static.Source = source
		checkCredentials(*cfg, diags)
	}
	setPassword := func(p passwordArgs, source string) {
		r.password(m, p, source, cfg, diags)
	}
	switch {
	case oidc != nil:
		if inBlock {
			diags.AddAttributeWarning(path.Root("assume_role_with_oidc"), "Credentials Not Used",
				"assume_role_with_oidc replaces every other source of credentials: access_key, secret_key, security_token, token and password are not used.")
		}
		src.OIDC = oidc
	case block.token != "" || block.keys() || block.st != "":
		setStatic(block.orEnv(env), "the provider block", path.Root("token"))
	case blockPassword.any():
		setPassword(passwordArgs{cmp.Or(blockPassword.user, envPassword.user), cmp.Or(blockPassword.userID, envPassword.userID),
			cmp.Or(blockPassword.password, envPassword.password)}, "the provider block")
	case profile != nil:
		if err := profile.Keys(); err != nil {
			addConfigError(diags, "Unusable KooCLI Profile", err)
			return
		}
		if profile.Mode == credentials.ModeECSAgency {
			src.Metadata, src.Profile = true, profile.Name
		} else {
			setStatic(staticKeys{ak: profile.AccessKey, sk: profile.SecretKey, st: profile.SecurityToken},
				fmt.Sprintf("KooCLI profile %q (mode %s)", profile.Name, profile.Mode), path.Root("profile"))
		}
		if profile.AgencyName != "" {
			if profile.AgencyDomainName == "" {
				diags.AddAttributeError(path.Root("profile"), "Invalid KooCLI Profile", fmt.Sprintf(
					"The KooCLI profile %q of %s has agencyName %q but no agencyDomainName, the account that owns the agency. "+
						"Set it with hcloud configure, or use an assume_role block instead.", profile.Name, profile.File, profile.AgencyName))
				return
			}
			hops = append([]credentials.AssumeRole{{AgencyName: profile.AgencyName, DomainName: profile.AgencyDomainName, Duration: credentials.DefaultDuration}}, hops...)
			hopPaths = append([]path.Path{path.Root("profile")}, hopPaths...)
		}
	case env.token != "" || env.keys() || env.st != "":
		setStatic(env, "the environment (HW_ACCESS_KEY and HW_SECRET_KEY, or HW_AUTH_TOKEN)", path.Root("token"))
	case envPassword.any():
		setPassword(envPassword, "the environment (HW_USER_NAME and HW_PASSWORD)")
	default:
		src.Metadata = true
		src.Tried = []string{
			"access_key and secret_key, token, or user_name and password, in the provider block: not set",
			"a KooCLI profile (shared_config_file, profile, HW_SHARED_CONFIG_FILE, HW_PROFILE): not set",
			"HW_ACCESS_KEY and HW_SECRET_KEY, HW_AUTH_TOKEN, or HW_USER_NAME and HW_PASSWORD: not set",
			"the ECS metadata service (endpoints.metadata, default " + credentials.DefaultMetadataEndpoint + "): see below",
		}
		src.Hint = "Set access_key and secret_key (or HW_ACCESS_KEY and HW_SECRET_KEY), or token (or HW_AUTH_TOKEN), " +
			"or user_name, password and domain_name (or HW_USER_NAME, HW_PASSWORD and HW_DOMAIN_NAME), " +
			"or profile (or HW_PROFILE) for a KooCLI profile, or assume_role_with_oidc; on an ECS, give the ECS an agency."
	}
	if agency := r.agencyHop(m, diags); agency != nil {
		hops = append([]credentials.AssumeRole{*agency}, hops...)
		hopPaths = append([]path.Path{path.Root("agency_name")}, hopPaths...)
	}
	src.AssumeRoles = hops

	// A hop signed with temporary credentials gets at most 3600 s from STS.
	temporary := oidc != nil || src.Metadata || cfg.SecurityToken != "" || src.Password != nil
	for i, h := range hops {
		if _, lowered := h.Hop(i > 0 || temporary); lowered {
			diags.AddAttributeWarning(hopPaths[i], "Duration Lowered to 3600",
				fmt.Sprintf("The hop to agency %q is signed with temporary credentials, and STS gives those at most 3600 seconds: "+
					"it asks 3600 instead of %d. The credentials are renewed before they end.", h.AgencyName, h.Duration))
		}
	}
}

func envVar(name string) string { return strings.TrimSpace(os.Getenv(name)) }

// addConfigError adds a client.ConfigError as an error of its argument.
func addConfigError(diags *diag.Diagnostics, summary string, err error) {
	var ce *client.ConfigError
	if errors.As(err, &ce) {
		diags.AddAttributeError(path.Root(ce.Argument), summary, ce.Detail)
		return
	}
	diags.AddError(summary, err.Error())
}

// duration resolves a duration argument: the value, else the variable, else
// the default, within 900 to 86400.
func (r resolver) duration(v types.Int64, at path.Path, diags *diag.Diagnostics) int {
	if v.IsUnknown() {
		diags.AddAttributeError(at, "Unknown Provider Argument", "duration must be known at plan time.")
		return credentials.DefaultDuration
	}
	n, source := int64(credentials.DefaultDuration), "duration"
	if !v.IsNull() {
		n = v.ValueInt64()
	} else if s := envVar("HW_ASSUME_ROLE_DURATION"); s != "" {
		parsed, err := strconv.ParseInt(s, 10, 32)
		if err != nil {
			diags.AddAttributeError(at, "Invalid Environment Variable",
				fmt.Sprintf("HW_ASSUME_ROLE_DURATION is %q; set it to a number of seconds from 900 to 86400.", s))
			return credentials.DefaultDuration
		}
		n, source = parsed, "HW_ASSUME_ROLE_DURATION"
	}
	if n < minDuration || n > maxDuration {
		diags.AddAttributeError(at, "Invalid Duration",
			fmt.Sprintf("%s is %d; set it to a number of seconds from 900 (15 minutes) to 86400 (a day).", source, n))
		return credentials.DefaultDuration
	}
	return int(n)
}

// blockField is a block's string: its value, else its variable (when env
// is not empty).
func blockField(v types.String, at path.Path, env string, diags *diag.Diagnostics) string {
	if v.IsUnknown() {
		diags.AddAttributeError(at, "Unknown Provider Argument", "This argument must be known at plan time.")
		return ""
	}
	if !v.IsNull() {
		return strings.TrimSpace(v.ValueString())
	}
	if env == "" {
		return ""
	}
	return envVar(env)
}

// assumeRoles are the assume_role blocks, or the one the variables stand for
// (unless the OIDC exchange uses them).
func (r resolver) assumeRoles(m providerModel, oidc bool, diags *diag.Diagnostics) ([]credentials.AssumeRole, []path.Path) {
	blocks := m.AssumeRole
	fromEnv := false
	if len(blocks) == 0 {
		if oidc || envVar("HW_ASSUME_ROLE_AGENCY_NAME") == "" {
			return nil, nil
		}
		blocks, fromEnv = []assumeRoleModel{{
			AgencyName: types.StringNull(), DomainName: types.StringNull(), DomainID: types.StringNull(), Duration: types.Int64Null(),
		}}, true
	}
	var hops []credentials.AssumeRole
	var paths []path.Path
	for i, b := range blocks {
		at := path.Root("assume_role").AtListIndex(i)
		env := func(name string) string {
			if fromEnv {
				return name
			}
			return ""
		}
		hop := credentials.AssumeRole{
			AgencyName: blockField(b.AgencyName, at.AtName("agency_name"), env("HW_ASSUME_ROLE_AGENCY_NAME"), diags),
			DomainName: blockField(b.DomainName, at.AtName("domain_name"), env("HW_ASSUME_ROLE_DOMAIN_NAME"), diags),
			DomainID:   blockField(b.DomainID, at.AtName("domain_id"), env("HW_ASSUME_ROLE_DOMAIN_ID"), diags),
		}
		d := b.Duration
		if !fromEnv && d.IsNull() {
			d = types.Int64Value(credentials.DefaultDuration)
		}
		hop.Duration = r.duration(d, at.AtName("duration"), diags)
		if hop.AgencyName == "" {
			diags.AddAttributeError(at.AtName("agency_name"), "Missing Agency Name",
				fmt.Sprintf("assume_role[%d] needs agency_name (or HW_ASSUME_ROLE_AGENCY_NAME without a block), the agency to assume.", i))
		}
		if hop.DomainName == "" && hop.DomainID == "" {
			diags.AddAttributeError(at.AtName("domain_name"), "Missing Agency Domain",
				fmt.Sprintf("assume_role[%d] needs domain_name (IAM) or domain_id (STS), the account that owns agency %q; "+
					"or HW_ASSUME_ROLE_DOMAIN_NAME or HW_ASSUME_ROLE_DOMAIN_ID without a block.", i, hop.AgencyName))
		}
		hops = append(hops, hop)
		paths = append(paths, at)
	}
	return hops, paths
}

// oidc is the assume_role_with_oidc block, or the one the variables stand
// for when HW_ASSUME_ROLE_IDP_ID is set; nil when neither.
func (r resolver) oidc(m providerModel, inBlock bool, diags *diag.Diagnostics) *credentials.OIDC {
	var b oidcModel
	switch {
	case len(m.AssumeRoleWithOIDC) > 0:
		b = m.AssumeRoleWithOIDC[0]
	case envVar("HW_ASSUME_ROLE_IDP_ID") != "" && inBlock:
		// A variable never replaces credentials written in the block.
		diags.AddAttributeWarning(path.Root("assume_role_with_oidc"), "OIDC Variables Not Used",
			"HW_ASSUME_ROLE_IDP_ID is set, but the provider block gives credentials, which win over variables: "+
				"the OIDC exchange that the HW_ASSUME_ROLE_* variables describe is not made. Write an assume_role_with_oidc block "+
				"to use it, or unset HW_ASSUME_ROLE_IDP_ID.")
		return nil
	case envVar("HW_ASSUME_ROLE_IDP_ID") != "":
		b = oidcModel{types.StringNull(), types.StringNull(), types.StringNull(), types.StringNull(), types.StringNull(), types.Int64Null()}
	default:
		return nil
	}
	at := path.Root("assume_role_with_oidc").AtListIndex(0)
	o := &credentials.OIDC{
		AgencyName: blockField(b.AgencyName, at.AtName("agency_name"), "HW_ASSUME_ROLE_AGENCY_NAME", diags),
		DomainID:   blockField(b.DomainID, at.AtName("domain_id"), "HW_ASSUME_ROLE_DOMAIN_ID", diags),
		IdpID:      blockField(b.IdpID, at.AtName("idp_id"), "HW_ASSUME_ROLE_IDP_ID", diags),
		Duration:   r.duration(b.Duration, at.AtName("duration"), diags),
	}
	// The token variables are used only when the block gives neither.
	tokenEnv, fileEnv := "HW_ASSUME_ROLE_ID_TOKEN", "HW_ASSUME_ROLE_ID_TOKEN_FILE"
	if !b.IDToken.IsNull() || !b.IDTokenFile.IsNull() {
		tokenEnv, fileEnv = "", ""
	}
	o.IDToken = blockField(b.IDToken, at.AtName("id_token"), tokenEnv, diags)
	o.IDTokenFile = blockField(b.IDTokenFile, at.AtName("id_token_file"), fileEnv, diags)
	for _, req := range []struct{ value, name, env string }{
		{o.IdpID, "idp_id", "HW_ASSUME_ROLE_IDP_ID"},
		{o.AgencyName, "agency_name", "HW_ASSUME_ROLE_AGENCY_NAME"},
		{o.DomainID, "domain_id", "HW_ASSUME_ROLE_DOMAIN_ID"},
	} {
		if req.value == "" {
			diags.AddAttributeError(at.AtName(req.name), "Missing OIDC Argument",
				fmt.Sprintf("assume_role_with_oidc needs %s (or %s).", req.name, req.env))
		}
	}
	switch {
	case o.IDToken == "" && o.IDTokenFile == "":
		diags.AddAttributeError(at.AtName("id_token"), "Missing OIDC Id Token",
			"assume_role_with_oidc needs id_token or id_token_file (or HW_ASSUME_ROLE_ID_TOKEN or HW_ASSUME_ROLE_ID_TOKEN_FILE).")
	case o.IDToken != "" && o.IDTokenFile != "":
		diags.AddAttributeError(at.AtName("id_token"), "Conflicting OIDC Id Tokens",
			"id_token and id_token_file are two ways to give the OIDC id token; use one.")
	case o.IDTokenFile != "":
		if _, err := os.Stat(o.IDTokenFile); err != nil {
			diags.AddAttributeError(at.AtName("id_token_file"), "Unreadable OIDC Id Token File",
				fmt.Sprintf("The id token file cannot be read: %v. Check id_token_file (or HW_ASSUME_ROLE_ID_TOKEN_FILE).", err))
		}
	}
	return o
}
