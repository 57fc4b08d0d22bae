// Command terraform-provider-hwcjobs serves the hwcjobs provider to Terraform.
package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

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

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: "registry.terraform.io/hwcjobs/hwcjobs",
		Debug:   debug,
	})
	if err != nil {
		log.Fatal(err)
	}
}
