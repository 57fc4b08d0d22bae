# assume_role: the credentials of any source above are traded for those of an
# agency. Without domain_id the hop uses IAM, with it STS; several blocks form
# a chain, each signed with the credentials of the one before.
provider "hwcjobs" {
  region = "cn-north-4"

  assume_role {
    agency_name = "ops-readonly"
    domain_name = "acme-security"
    duration    = 7200
  }

  assume_role {
    agency_name = "jobs-reader"
    domain_id   = "0a1b2c3d4e5f60718293a4b5c6d7e8f9"
  }
}
