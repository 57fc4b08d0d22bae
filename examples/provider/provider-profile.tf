# 2. A KooCLI profile, as `hcloud configure` wrote it (modes AKSK, SSO and
# ecsAgency). Its region, projectId and domainId fill the arguments left
# unset, and its agencyName adds an assume-role hop. KooCLI must keep the
# keys unencrypted: hcloud configure set --cli-auth-encrypt=false
provider "hwcjobs" {
  profile = "dev" # or HW_PROFILE; default: the file's current profile
  # shared_config_file = "~/.hcloud/config.json" # or HW_SHARED_CONFIG_FILE
}
