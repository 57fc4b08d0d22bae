package client

import "testing"

// Every endpoint key of hwcjobs_job and MRS has its default host
// https://{prefix}.{region}.{cloud}, from the table's host prefixes.
func TestFamilyDefaultEndpoints(t *testing.T) {
	c := New(Config{Region: "cn-north-4"})
	for key, want := range map[Service]string{
		"ecs": "https://ecs.cn-north-4.myhuaweicloud.com", "evs": "https://evs.cn-north-4.myhuaweicloud.com",
		"ims": "https://ims.cn-north-4.myhuaweicloud.com", "bms": "https://bms.cn-north-4.myhuaweicloud.com",
		"sdrs": "https://sdrs.cn-north-4.myhuaweicloud.com", "deh": "https://deh.cn-north-4.myhuaweicloud.com",
		"eip": "https://vpc.cn-north-4.myhuaweicloud.com", "rds": "https://rds.cn-north-4.myhuaweicloud.com",
		"gaussdb_mysql": "https://gaussdb.cn-north-4.myhuaweicloud.com",
		"opengauss":     "https://gaussdb-opengauss.cn-north-4.myhuaweicloud.com",
		"dds":           "https://dds.cn-north-4.myhuaweicloud.com", "geminidb": "https://gaussdb-nosql.cn-north-4.myhuaweicloud.com",
		"dcs": "https://dcs.cn-north-4.myhuaweicloud.com", "elb": "https://elb.cn-north-4.myhuaweicloud.com",
		"dli": "https://dli.cn-north-4.myhuaweicloud.com", MRS: "https://mrs.cn-north-4.myhuaweicloud.com",
	} {
		u, err := c.Endpoint(key)
		if err != nil || u.String() != want {
			t.Errorf("%s: %v %v, want %s", key, u, err, want)
		}
		if !key.Known() || key.Title() == "" {
			t.Errorf("%s is not a known service with a title", key)
		}
	}
	if Service("dli_spark").Known() {
		t.Error("dli_spark has an endpoint key of its own; it shares dli")
	}
	eu := New(Config{Region: "eu-west-101"})
	if u, _ := eu.Endpoint("eip"); u.String() != "https://vpc.eu-west-101.myhuaweicloud.eu" {
		t.Errorf("eu-west-101: %v", u)
	}
}
