# 1. Keys in the provider block win over every other source. Keep them out of
# the configuration's text: pass them as sensitive variables.
provider "hwcjobs" {
  region     = "cn-north-4"
  access_key = var.access_key
  secret_key = var.secret_key
  # security_token = var.security_token # with temporary AK/SK
}

variable "access_key" {
  type = string
}

variable "secret_key" {
  type      = string
  sensitive = true
}
