# assume_role_with_oidc: a CI system's OIDC id token, traded for the
# temporary credentials of an agency; no other credentials are needed.
provider "hwcjobs" {
  region = "cn-north-4"

  assume_role_with_oidc {
    agency_name   = "ci-deployer"
    domain_id     = "0a1b2c3d4e5f60718293a4b5c6d7e8f9"
    idp_id        = "github-actions"
    id_token_file = "/var/run/secrets/oidc/token" # read again at each renewal
    duration      = 3600
  }
}
