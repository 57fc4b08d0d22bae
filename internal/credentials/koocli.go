package credentials

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// KooCLI's shared configuration file (api-docs/credentials.md).

// Profile modes of KooCLI that the provider understands.
const (
	ModeAKSK      = "AKSK"
	ModeSSO       = "SSO"
	ModeECSAgency = "ecsAgency"
)

// encryptFix is what users run so that KooCLI writes usable keys.
const encryptFix = "hcloud configure set --cli-auth-encrypt=false"

// Profile is one profile of a KooCLI config.json: the fields the provider
// uses.
type Profile struct {
	File             string
	Name             string
	Mode             string // ModeAKSK, ModeSSO or ModeECSAgency
	AccessKey        string
	SecretKey        string
	SecurityToken    string
	Region           string
	ProjectID        string
	DomainID         string
	AgencyName       string
	AgencyDomainName string
}

// DefaultSharedConfigFile is KooCLI's file in the user's home directory
// (%USERPROFILE% on Windows).
func DefaultSharedConfigFile() (string, error) {
	home, err := os.UserHomeDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(home, ".hcloud", "config.json"), nil
}

type kooProfile struct {
	Name             string `json:"name"`
	Mode             string `json:"mode"`
	AccessKeyID      string `json:"accessKeyId"`
	SecretAccessKey  string `json:"secretAccessKey"`
	SecurityToken    string `json:"securityToken"`
	Region           string `json:"region"`
	ProjectID        string `json:"projectId"`
	DomainID         string `json:"domainId"`
	AgencyName       string `json:"agencyName"`
	AgencyDomainName string `json:"agencyDomainName"`
	SSOAuth          struct {
		STSToken struct {
			AccessKeyID     string `json:"accessKeyId"`
			SecretAccessKey string `json:"secretAccessKey"`
			SecurityToken   string `json:"securityToken"`
		} `json:"stsToken"`
	} `json:"ssoAuth"`
}

// LoadProfile reads profile name (the file's current one when empty) from a
// KooCLI config.json; a leading ~ in file is the home directory. Errors are *ConfigError naming shared_config_file or
// profile. It does not check that the profile has keys: see Profile.Keys.
func LoadProfile(file, name string) (*Profile, error) {
	if rest, ok := strings.CutPrefix(file, "~"); ok && (rest == "" || rest[0] == '/' || rest[0] == filepath.Separator) {
		if home, err := os.UserHomeDir(); err == nil {
			file = filepath.Join(home, rest)
		}
	}
	raw, err := os.ReadFile(file)
	if err != nil {
		detail := fmt.Sprintf("The KooCLI configuration file %s cannot be read: %v.", file, err)
		if errors.Is(err, fs.ErrNotExist) {
			detail = fmt.Sprintf("The KooCLI configuration file %s does not exist. Set shared_config_file (or HW_SHARED_CONFIG_FILE) "+
				"to the config.json that KooCLI (hcloud configure) wrote, or unset profile (HW_PROFILE) and shared_config_file to use other credentials.", file)
		}
		return nil, &ConfigError{Argument: "shared_config_file", Detail: detail}
	}
	var doc struct {
		Current  string       `json:"current"`
		Profiles []kooProfile `json:"profiles"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, &ConfigError{Argument: "shared_config_file", Detail: fmt.Sprintf(
			"The KooCLI configuration file %s is not valid JSON: %v.", file, err)}
	}
	argument := "profile"
	if name == "" {
		name, argument = doc.Current, "shared_config_file"
		if name == "" {
			return nil, &ConfigError{Argument: "profile", Detail: fmt.Sprintf(
				"The KooCLI configuration file %s names no current profile. Set profile (or HW_PROFILE) to one of its profiles: %s.",
				file, profileNames(doc.Profiles))}
		}
	}
	var kp *kooProfile
	for i := range doc.Profiles {
		if doc.Profiles[i].Name == name {
			kp = &doc.Profiles[i]
			break
		}
	}
	if kp == nil {
		what := "profile (or HW_PROFILE) is"
		if argument != "profile" {
			what = "its current profile is"
		}
		return nil, &ConfigError{Argument: argument, Detail: fmt.Sprintf(
			"The KooCLI configuration file %s has no profile %q, and %s %q. Its profiles are: %s.",
			file, name, what, name, profileNames(doc.Profiles))}
	}
	p := &Profile{File: file, Name: kp.Name, Region: kp.Region, ProjectID: kp.ProjectID, DomainID: kp.DomainID,
		AgencyName: kp.AgencyName, AgencyDomainName: kp.AgencyDomainName}
	switch {
	case strings.EqualFold(kp.Mode, ModeAKSK):
		p.Mode, p.AccessKey, p.SecretKey, p.SecurityToken = ModeAKSK, kp.AccessKeyID, kp.SecretAccessKey, kp.SecurityToken
	case strings.EqualFold(kp.Mode, ModeSSO):
		t := kp.SSOAuth.STSToken
		p.Mode, p.AccessKey, p.SecretKey, p.SecurityToken = ModeSSO, t.AccessKeyID, t.SecretAccessKey, t.SecurityToken
	case strings.EqualFold(kp.Mode, ModeECSAgency):
		p.Mode = ModeECSAgency
	default:
		return nil, &ConfigError{Argument: "profile", Detail: fmt.Sprintf(
			"The KooCLI profile %q of %s has mode %q, which the provider does not support; the supported modes are AKSK, SSO and ecsAgency. "+
				"Choose another profile with profile (or HW_PROFILE), or configure this one with hcloud configure.", kp.Name, file, kp.Mode)}
	}
	for _, s := range []*string{&p.AccessKey, &p.SecretKey, &p.SecurityToken, &p.Region, &p.ProjectID, &p.DomainID, &p.AgencyName, &p.AgencyDomainName} {
		*s = strings.TrimSpace(*s)
	}
	return p, nil
}

// Keys checks that a profile whose mode has keys has usable ones: KooCLI
// leaves them empty when it encrypts them.
func (p *Profile) Keys() error {
	if p.Mode == ModeECSAgency || (p.AccessKey != "" && p.SecretKey != "") {
		return nil
	}
	if p.Mode == ModeSSO {
		return &ConfigError{Argument: "profile", Detail: fmt.Sprintf(
			"The KooCLI profile %q of %s (mode SSO) has no usable ssoAuth.stsToken keys: KooCLI encrypts them by default, or the SSO login "+
				"has not been made. Run `%s`, then log in again with KooCLI, or choose another profile.", p.Name, p.File, encryptFix)}
	}
	return &ConfigError{Argument: "profile", Detail: fmt.Sprintf(
		"The KooCLI profile %q of %s (mode AKSK) has no usable accessKeyId and secretAccessKey: KooCLI encrypts them by default and "+
			"leaves them empty in the file. Run `%s` and configure the profile again (hcloud configure set --cli-profile=%s "+
			"--cli-access-key=... --cli-secret-key=...), or choose another profile.", p.Name, p.File, encryptFix, p.Name)}
}

func profileNames(ps []kooProfile) string {
	if len(ps) == 0 {
		return "none"
	}
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = fmt.Sprintf("%q", p.Name)
	}
	return strings.Join(names, ", ")
}
