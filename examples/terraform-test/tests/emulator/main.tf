# Hands the emulator's URL (terraform test -var emulator_url=...) to the test
# file's provider block as run.emulator.url: a provider block in a test file
# cannot take a variable that the module under test does not declare.
variable "emulator_url" {
  type        = string
  description = "The emulator's URL, such as http://127.0.0.1:8443."
}

output "url" {
  value       = var.emulator_url
  description = "The emulator's URL."
}
