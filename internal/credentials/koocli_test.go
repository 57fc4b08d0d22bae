package credentials

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeKooCLI(t *testing.T, doc string) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "config.json")
	if err := os.WriteFile(file, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	return file
}

func TestLoadProfile(t *testing.T) {
	file := writeKooCLI(t, `{
  "current": "dev",
  "profiles": [
    {"name": "dev", "mode": "AKSK", "accessKeyId": "AKEXAMPLE", "secretAccessKey": "SKEXAMPLE", "securityToken": "",
     "region": "cn-north-4", "projectId": "0a1b", "domainId": "d1", "agencyName": "", "agencyDomainName": "", "language": "en"},
    {"name": "on-ecs", "mode": "ecsAgency", "region": "ap-southeast-1"},
    {"name": "sso", "mode": "SSO", "region": "cn-north-4",
     "ssoAuth": {"stsToken": {"accessKeyId": "TMPAK", "secretAccessKey": "TMPSK", "securityToken": "TMPTOKEN"}}},
    {"name": "encrypted", "mode": "AKSK", "accessKeyId": "", "secretAccessKey": ""},
    {"name": "newer", "mode": "AssumeRole"}
  ]
}`)
	p, err := LoadProfile(file, "")
	if err != nil || p.Name != "dev" || p.Mode != ModeAKSK || p.AccessKey != "AKEXAMPLE" || p.SecretKey != "SKEXAMPLE" ||
		p.Region != "cn-north-4" || p.ProjectID != "0a1b" || p.DomainID != "d1" || p.Keys() != nil {
		t.Errorf("current profile: %+v, %v", p, err)
	}
	home := t.TempDir()
	t.Setenv("HOME", home)
	if err := os.MkdirAll(filepath.Join(home, ".hcloud"), 0o700); err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(file)
	if err := os.WriteFile(filepath.Join(home, ".hcloud", "config.json"), raw, 0o600); err != nil {
		t.Fatal(err)
	}
	if p, err := LoadProfile("~/.hcloud/config.json", "on-ecs"); err != nil || p.File != filepath.Join(home, ".hcloud", "config.json") {
		t.Errorf("~ is not the home directory: %+v, %v", p, err)
	}
	if p, err := LoadProfile(file, "sso"); err != nil || p.Mode != ModeSSO || p.AccessKey != "TMPAK" || p.SecurityToken != "TMPTOKEN" {
		t.Errorf("sso: %+v, %v", p, err)
	}
	if p, err := LoadProfile(file, "on-ecs"); err != nil || p.Mode != ModeECSAgency || p.Keys() != nil {
		t.Errorf("on-ecs: %+v, %v", p, err)
	}
	p, err = LoadProfile(file, "encrypted")
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Keys(); err == nil || !strings.Contains(err.Error(), "hcloud configure set --cli-auth-encrypt=false") {
		t.Errorf("encrypted keys: %v", err)
	}
	for _, tt := range []struct{ file, name, argument, want string }{
		{file, "nope", "profile", `has no profile "nope", and profile (or HW_PROFILE) is "nope". Its profiles are: "dev", "on-ecs", "sso", "encrypted", "newer".`},
		{file, "newer", "profile", `has mode "AssumeRole", which the provider does not support; the supported modes are AKSK, SSO and ecsAgency.`},
		{filepath.Join(t.TempDir(), "none.json"), "", "shared_config_file", "does not exist"},
		{writeKooCLI(t, `{"profiles": []`), "", "shared_config_file", "is not valid JSON"},
		{writeKooCLI(t, `{"current": "gone", "profiles": [{"name": "a", "mode": "AKSK"}]}`), "", "shared_config_file",
			`has no profile "gone", and its current profile is "gone". Its profiles are: "a".`},
	} {
		_, err := LoadProfile(tt.file, tt.name)
		var ce *ConfigError
		if !errors.As(err, &ce) || ce.Argument != tt.argument || !strings.Contains(ce.Detail, tt.want) {
			t.Errorf("%s %q: %v, want a ConfigError of %s saying %q", tt.file, tt.name, err, tt.argument, tt.want)
		}
	}
}
