package client

import "github.com/hwcjobs/terraform-provider-hwcjobs/internal/jobfamily"

// MRS is the endpoint of hwcjobs_mrs_job.
const MRS Service = "mrs"

// The endpoint keys of hwcjobs_job come from its table, so that a service
// added there has its endpoint, default host and title here too.
func init() {
	for _, ep := range jobfamily.Endpoints() {
		s := Service(ep.Key)
		serviceInfo[s] = struct{ title, host string }{ep.Title, ep.Host}
		Services = append(Services, s)
	}
	serviceInfo[MRS] = struct{ title, host string }{"MRS", "mrs"}
	Services = append(Services, MRS)
}
