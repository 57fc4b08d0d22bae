# Password authentication, as in the official provider: the provider trades
# the user's password for an IAM token on the first read and renews it
# before it ends. Or set HW_USER_NAME, HW_PASSWORD and HW_DOMAIN_NAME.
provider "hwcjobs" {
  region      = "cn-north-4"
  user_name   = "ops-reader"
  domain_name = "my-account"
  password    = var.password
  # auth_url  = "https://iam.cn-north-4.myhuaweicloud.com/v3" # another IAM endpoint
}

variable "password" {
  type      = string
  sensitive = true
}
