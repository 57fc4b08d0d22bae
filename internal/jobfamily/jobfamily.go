// Package jobfamily is the one table of the job APIs that many Huawei Cloud
// services share (hwcjobs_job): for each service, its request, the shape of
// its answer, its status classes, its endpoint and its documentation. The
// data source, its validators, its documentation, the client's endpoints and
// the emulator all read this table, so that adding a service is one entry and
// none of them can drift. It holds data only, so that every layer may import
// it.
package jobfamily

import (
	"slices"
	"strings"
	"time"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/jobstatus"
)

// Shape is how an API wraps its job and names its fields.
type Shape int

const (
	// ShapeV1 is the job at the top of the answer, with begin_time,
	// end_time, fail_reason and entities (sub-jobs in entities.sub_jobs, or
	// entities.sub_jobs_result for IMS): the IaaS v1 jobs and DCS.
	ShapeV1 Shape = iota
	// ShapeDatabase is {"job": {...}} of the database task centre, with
	// created, ended, process or progress, instance and fail_reason.
	ShapeDatabase
	// ShapeGeminiDB is {"jobs": [job], "total_count": n}: an empty list is
	// a job that does not exist.
	ShapeGeminiDB
	// ShapeELB is {"job": {...}, "request_id"}, failure text in error_msg.
	ShapeELB
	// ShapeDLISQL is the flat status of a DLI SQL job: epoch-millisecond
	// start_time and duration, failure text in message.
	ShapeDLISQL
	// ShapeDLISpark is a DLI Spark batch: state, epoch-millisecond
	// create_time and update_time, the driver log's last lines.
	ShapeDLISpark
)

// Service is one entry of the table.
type Service struct {
	// Name is the value of the service argument.
	Name string
	// Endpoint is the endpoint key the service reads (Name, except that
	// dli_spark shares dli).
	Endpoint string
	// Title names the service in messages ("ECS job 123").
	Title string
	// Host is the prefix of the default host https://{Host}.{region}.{cloud}.
	Host string
	// Path is the request, with {project_id} and {job_id}.
	Path string
	// IDQuery, when set, is the query parameter that carries the job id
	// instead of the path.
	IDQuery string
	Shape   Shape
	// Answer says, for the documentation, how the answer wraps the job.
	Answer string
	// Success, Failure and Blocked are the status classes; any other
	// status is pending. Pending lists the pending statuses the API
	// documents, for the documentation and the emulator.
	Success, Failure, Blocked, Pending []string
	// WaitsFor says what a blocked job waits for, for its error.
	WaitsFor string
	// MissingGrace is the default of missing_grace.
	MissingGrace time.Duration
	// Operations says, for the documentation, which operations hand back
	// such a job id.
	Operations string
	// IAMAction is the IAM action that the job query needs, where a
	// public source confirms it; "" where none does.
	IAMAction string
}

// Statuses are every status the table knows for the service, in the order
// of the documentation: success, failure, blocked, pending.
func (s Service) Statuses() []string {
	return slices.Concat(s.Success, s.Failure, s.Blocked, s.Pending)
}

// Classes are the service's done, succeeded and failed statuses.
func (s Service) Classes() jobstatus.Classes {
	return jobstatus.Classes{Success: s.Success, Failure: s.Failure}
}

// Class is the class of a status, compared case-insensitively.
type Class string

// The classes of a status.
const (
	Success Class = "success"
	Failure Class = "failure"
	Blocked Class = "blocked"
	Pending Class = "pending"
)

// ClassOf is the class of status.
func (s Service) ClassOf(status string) Class {
	switch {
	case containsFold(s.Success, status):
		return Success
	case containsFold(s.Failure, status):
		return Failure
	case containsFold(s.Blocked, status):
		return Blocked
	}
	return Pending
}

// Knows reports whether status is one the table lists for the service.
func (s Service) Knows(status string) bool { return containsFold(s.Statuses(), status) }

func containsFold(list []string, s string) bool {
	s = strings.TrimSpace(s)
	for _, v := range list {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}

const (
	v1Path       = "/v1/{project_id}/jobs/{job_id}"
	databasePath = "/v3/{project_id}/jobs"
	grace        = 30 * time.Second
)

var (
	v1Success      = []string{"SUCCESS"}
	v1Failure      = []string{"FAIL"}
	v1Blocked      = []string{"PENDING_PAYMENT"}
	v1Pending      = []string{"INIT", "RUNNING"}
	dbSuccess      = []string{"Completed"}
	dbFailure      = []string{"Failed"}
	dbPending      = []string{"Running"}
	paymentWaits   = "the payment of its yearly/monthly order: pay it or cancel it in the Billing Center (unpaid orders are kept 14 days)"
	v1Answer       = "the job"
	databaseAnswer = `{"job": {...}}`
)

// v1 is an entry of the IaaS v1 job API, which many services share. No
// public page names the IAM action of its job query.
func v1(name, title, host, operations string) Service {
	return Service{
		Name: name, Endpoint: name, Title: title, Host: host, Path: v1Path, Shape: ShapeV1, Answer: v1Answer,
		Success: v1Success, Failure: v1Failure, Blocked: v1Blocked, Pending: v1Pending, WaitsFor: paymentWaits,
		Operations: operations,
	}
}

// database is an entry of the database task centre.
func database(name, title, host, operations, iam string) Service {
	return Service{
		Name: name, Endpoint: name, Title: title, Host: host, Path: databasePath, IDQuery: "id", Shape: ShapeDatabase,
		Answer: databaseAnswer, Success: dbSuccess, Failure: dbFailure, Pending: dbPending,
		Operations: operations, IAMAction: iam,
	}
}

// Services is the table, in the order of the documentation.
var Services = []Service{
	v1("ecs", "ECS", "ecs", "creating, resizing, rebuilding or deleting servers; attaching volumes and NICs through the ECS API"),
	v1("evs", "EVS", "evs", "creating, extending or deleting volumes through the EVS API"),
	v1("ims", "IMS", "ims", "creating, copying, importing or exporting images"),
	v1("bms", "BMS", "bms", "creating, changing or deleting bare metal servers"),
	v1("sdrs", "SDRS", "sdrs", "protection groups, protected instances and replication pairs"),
	v1("deh", "DeH", "deh", "allocating and releasing dedicated hosts"),
	v1("eip", "EIP", "vpc", "EIP and bandwidth operations of the VPC API that return a job"),
	withGrace(database("rds", "RDS", "rds", "creating, restoring, resizing or upgrading RDS instances", "rds:task:list")),
	withGrace(withBlocked(database("gaussdb_mysql", "TaurusDB", "gaussdb",
		"TaurusDB (GaussDB for MySQL; the official provider's gaussdb_mysql resources) instance operations", ""),
		[]string{"Pending"}, "its maintenance window: the task was deferred to it")),
	database("opengauss", "openGauss", "gaussdb-opengauss", "GaussDB (openGauss) instance operations", ""),
	database("dds", "DDS", "dds", "creating, resizing or restoring DDS (Document Database) instances", ""),
	{
		Name: "geminidb", Endpoint: "geminidb", Title: "GeminiDB", Host: "gaussdb-nosql", Path: databasePath, IDQuery: "id",
		Shape: ShapeGeminiDB, Answer: `{"jobs": [job], "total_count": n}`, Success: dbSuccess, Failure: dbFailure, Pending: dbPending,
		Operations: "GeminiDB (GaussDB NoSQL: Cassandra, Mongo, Influx, Redis) instance operations", IAMAction: "",
	},
	{
		Name: "dcs", Endpoint: "dcs", Title: "DCS", Host: "dcs", Path: "/v2/{project_id}/jobs/{job_id}", Shape: ShapeV1, Answer: v1Answer,
		Success: v1Success, Failure: v1Failure, Pending: v1Pending,
		Operations: "DCS (Redis) instance operations such as a master/standby switchover", IAMAction: "dcs:job:get",
	},
	{
		Name: "elb", Endpoint: "elb", Title: "ELB", Host: "elb", Path: "/v3/{project_id}/elb/jobs/{job_id}", Shape: ShapeELB,
		Answer: `{"job": {...}, "request_id"}`, Success: []string{"SUCCESS", "COMPLETE"}, Failure: []string{"FAIL", "ROLLBACK_FAIL", "CANCEL"},
		Pending: []string{"INIT", "RUNNING", "ROLLBACKING"}, Operations: "copying a load balancer, batch member operations", IAMAction: "",
	},
	{
		Name: "dli", Endpoint: "dli", Title: "DLI", Host: "dli", Path: "/v1.0/{project_id}/jobs/{job_id}/status", Shape: ShapeDLISQL,
		Answer: v1Answer, Success: []string{"FINISHED"}, Failure: []string{"FAILED", "CANCELLED"}, Pending: []string{"LAUNCHING", "RUNNING", "SCALING"},
		Operations: "DLI SQL jobs (DDL, QUERY, INSERT, ...) submitted with POST /v1.0/{project_id}/jobs/submit-job", IAMAction: "dli:jobs:get",
	},
	{
		Name: "dli_spark", Endpoint: "dli", Title: "DLI Spark", Host: "dli", Path: "/v2.0/{project_id}/batches/{job_id}", Shape: ShapeDLISpark,
		Answer: "the batch", Success: []string{"success"}, Failure: []string{"dead"}, Pending: []string{"starting", "running", "recovering"},
		Operations: "DLI Spark batch jobs submitted with POST /v2.0/{project_id}/batches", IAMAction: "dli:jobs:get",
	},
}

func withGrace(s Service) Service { s.MissingGrace = grace; return s }

func withBlocked(s Service, blocked []string, waitsFor string) Service {
	s.Blocked, s.WaitsFor = blocked, waitsFor
	return s
}

// Lookup is the entry of a service name.
func Lookup(name string) (Service, bool) {
	for _, s := range Services {
		if s.Name == name {
			return s, true
		}
	}
	return Service{}, false
}

// Names are the service names, in the table's order.
func Names() []string {
	names := make([]string, len(Services))
	for i, s := range Services {
		names[i] = s.Name
	}
	return names
}

// Endpoint is an endpoint key of the table with its default host.
type Endpoint struct {
	Key, Title, Host string
}

// Endpoints are the endpoint keys of the table, each once, in its order.
func Endpoints() []Endpoint {
	var out []Endpoint
	seen := map[string]bool{}
	for _, s := range Services {
		if !seen[s.Endpoint] {
			seen[s.Endpoint] = true
			out = append(out, Endpoint{Key: s.Endpoint, Title: s.Title, Host: s.Host})
		}
	}
	return out
}
