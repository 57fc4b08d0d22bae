# Every argument, and endpoints that point each service somewhere else, such
# as a proxy or the local emulator of `make emulator`.
provider "hwcjobs" {
  alias = "explicit"

  region                = "cn-north-4"
  access_key            = var.access_key
  secret_key            = var.secret_key
  project_id            = "0123456789abcdef0123456789abcdef"
  enterprise_project_id = "0"
  max_retries           = 8

  endpoints = {
    cse          = "https://cse.cn-north-4.myhuaweicloud.com"
    dlf          = "https://dayu-dlf.cn-north-4.myhuaweicloud.com"
    cce          = "https://cce.cn-north-4.myhuaweicloud.com"
    servicestage = "https://servicestage.cn-north-4.myhuaweicloud.com"
    iam          = "https://iam.cn-north-4.myhuaweicloud.com"
  }
}

variable "access_key" {
  type = string
}

variable "secret_key" {
  type      = string
  sensitive = true
}
