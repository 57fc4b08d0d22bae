//go:build tools

// Package lint pins golangci-lint, in a module of its own so that its many
// dependencies stay out of the provider's go.mod and of tfplugindocs' (make
// lint builds it from here through the Go module proxy).
package lint

import _ "github.com/golangci/golangci-lint/v2/cmd/golangci-lint"
