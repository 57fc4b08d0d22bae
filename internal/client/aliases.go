package client

import "sort"

// The official huaweicloud provider's endpoint keys (the catalog keys of its
// huaweicloud/config/endpoints.go, and obs), so that a provider block written
// for it works here: a key of a service that hwcjobs reads is an alias of
// the key it means here, and the others are read nowhere.

// officialAliases maps each official key whose name differs from ours to
// the key it means here: the keys of the same host, and the keys that the
// official provider derives from them (dataarts also sets dataarts-dlf,
// vpc the EIP host, gaussdb is TaurusDB).
var officialAliases = map[string]Service{
	"identity": IAM, "identity_ext": IAM, "iam_no_version": IAM, "iam_global": IAM,
	"dataarts": DLF, "dataarts-dlf": DLF,
	"ccev1": CCE, "cce_addon": CCE,
	"servicestagev2": ServiceStage,
	"ecsv11":         "ecs", "ecsv21": "ecs",
	"evsv1": "evs", "evsv21": "evs", "evsv5": "evs",
	"imsv1": "ims",
	"vpc":   "eip", "networkv2": "eip", "vpcv3": "eip", "fwv2": "eip",
	"rdsv1": "rds", "rdsv31": "rds",
	"gaussdb":     "gaussdb_mysql",
	"ddsv31":      "dds",
	"geminidbv31": "geminidb",
	"dcsv1":       "dcs",
	"elbv2":       "elb", "elbv3": "elb",
	"dliv2": "dli", "dliv3": "dli",
	"mrsv2": MRS,
}

// officialUnread are the official keys of services that hwcjobs never reads.
var officialUnread = map[string]bool{}

func init() {
	for _, k := range []string{
		"aad", "accessanalyzer", "anti-ddos", "anti-ddosv2", "aom", "apig", "apigv2", "apm", "appstream", "asm",
		"autoscaling", "bcs", "bss", "bssv2", "cae", "cbh", "cbr", "cc", "cci", "cciv1_bata", "ccm", "cdm", "cdn",
		"ces", "cesv2", "cfw", "cloudtable", "cmdb", "cms", "coc", "codearts_build", "codearts_deploy",
		"codearts_pipeline", "codehub", "cph", "cpts", "cs", "csbs", "css", "cssv2", "cts", "das", "dbss", "dc",
		"ddm", "dis", "disv3", "dms", "dmsv2", "dns", "dns_region", "dnsv21", "drs", "drsv5", "dsc", "dws", "dwsv2",
		"eg", "eps", "er", "esw", "fgs", "ga", "geip", "ges", "hss", "identitycenter", "identitystore", "iec",
		"iotda", "kms", "kmsv1", "kmsv3", "lakeformation", "live", "lts", "meeting", "metastudio", "mkt", "mls",
		"modelarts", "modelartsv2", "mpc", "nat", "natv2", "natv3", "obs", "oms", "organizations", "projectman",
		"ram", "rfs", "rgc", "rms", "rts", "scm", "secmaster", "sfs", "sfs-turbo", "smn", "smn-tag", "sms",
		"sms-intl", "swr", "tms", "tmsv2", "ucs", "vbs", "vod", "vpcep", "vpn", "vss", "waf", "waf-dedicated",
		"workspace",
	} {
		officialUnread[k] = true
	}
}

// EndpointKey is what an endpoints key means: the service it sets, and
// whether it is an alias (an official provider's key for it); or, for an
// official key of a service hwcjobs never reads, unread; or neither, for
// an unknown key.
func EndpointKey(key string) (s Service, alias, unread bool) {
	if Service(key).Known() {
		return Service(key), false, false
	}
	if s, ok := officialAliases[key]; ok {
		return s, true, false
	}
	return "", false, officialUnread[key]
}

// AliasesOf are the official keys that are aliases of s, sorted.
func AliasesOf(s Service) []string {
	var out []string
	for k, v := range officialAliases {
		if v == s {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}
