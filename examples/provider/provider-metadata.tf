# 4. On an ECS whose agency grants access, with no other credentials
# configured: the temporary credentials of the agency come from the ECS
# metadata service, and are renewed before they end.
provider "hwcjobs" {
  region     = "cn-north-4"
  project_id = "0123456789abcdef0123456789abcdef"
}
