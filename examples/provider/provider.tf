terraform {
  required_providers {
    hwcjobs = {
      source = "hwcjobs/hwcjobs"
    }
  }
}

# Credentials and region come from the same environment variables as the
# official huaweicloud provider: HW_ACCESS_KEY, HW_SECRET_KEY (or
# HW_AUTH_TOKEN) and HW_REGION_NAME. The project is looked up from IAM on the
# first read unless project_id (HW_PROJECT_ID) is set.
provider "hwcjobs" {
  region = "cn-north-4"
}
