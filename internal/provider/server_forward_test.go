package provider

import (
	"go/importer"
	"go/token"
	"go/types"
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
)

// The server hides none of the framework server's protocol interfaces:
// every interface that tfprotov6 declares (found from its source, so that
// one added by an upgrade is checked too) and that the framework's server
// satisfies, the provider's server satisfies as well. tf6server finds the
// optional ones (list resources, actions, state stores) by type assertion.
func TestServerForwards(t *testing.T) {
	pkg, err := importer.ForCompiler(token.NewFileSet(), "source", nil).Import("github.com/hashicorp/terraform-plugin-go/tfprotov6")
	if err != nil {
		t.Fatal(err)
	}
	framework := reflect.TypeOf(providerserver.NewProtocol6(&hwcjobsProvider{})())
	ps, err := NewServer("test")()
	if err != nil {
		t.Fatal(err)
	}
	ours := reflect.TypeOf(ps)
	satisfies := func(typ reflect.Type, iface *types.Interface) bool {
		for i := range iface.NumMethods() {
			if _, ok := typ.MethodByName(iface.Method(i).Name()); !ok {
				return false
			}
		}
		return true
	}
	found := map[string]bool{}
	for _, name := range pkg.Scope().Names() {
		obj, ok := pkg.Scope().Lookup(name).(*types.TypeName)
		if !ok || !obj.Exported() {
			continue
		}
		iface, ok := obj.Type().Underlying().(*types.Interface)
		if !ok || iface.NumMethods() == 0 || !satisfies(framework, iface) {
			continue
		}
		found[name] = true
		if !satisfies(ours, iface) {
			t.Errorf("the framework's server is a tfprotov6.%s, the provider's server hides it", name)
		}
	}
	// The optional interfaces of terraform-plugin-go v0.31 that the
	// framework's server implements: if one is not found, the check above
	// checks less than it seems.
	for _, name := range []string{"ProviderServer", "ProviderServerWithListResource", "ProviderServerWithActions", "ProviderServerWithStateStores"} {
		if !found[name] {
			t.Errorf("the framework's server is not a tfprotov6.%s", name)
		}
	}
}
