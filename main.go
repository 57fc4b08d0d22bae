// Command terraform-provider-hwcjobs serves the hwcjobs provider to Terraform.
package main

import (
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/provider"
)

// version is set by the release build (goreleaser ldflags).
var version = "dev"

//go:generate terraform fmt -recursive ./examples/
//go:generate go run -C tools github.com/hashicorp/terraform-plugin-docs/cmd/tfplugindocs generate --provider-dir .. --provider-name hwcjobs

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	// The framework's server, wrapped so that the data sources answer their
	// reads at the protocol level (internal/provider/server.go).
	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	newServer := provider.NewServer(version)
	server, err := newServer()
	if err != nil {
		log.Fatal(err)
	}
	if err := tf6server.Serve("registry.terraform.io/hwcjobs/hwcjobs", func() tfprotov6.ProviderServer { return server }, opts...); err != nil {
		log.Fatal(err)
	}
}
