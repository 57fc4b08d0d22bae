//go:build tools

// Package tools pins the build tools of the provider in their own module, so
// that they stay out of the provider's go.mod.
package tools

import (
	// Documentation generation.
	_ "github.com/hashicorp/terraform-plugin-docs/cmd/tfplugindocs"
)
