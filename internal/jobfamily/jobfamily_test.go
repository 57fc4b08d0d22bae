package jobfamily

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// The class of every status of the table, written out from SPEC.md's table
// (rev. 3) rather than from the table itself, in upper, lower and the
// API's own case.
func TestClassOfEveryStatus(t *testing.T) {
	v1 := map[string]Class{"SUCCESS": Success, "FAIL": Failure, "PENDING_PAYMENT": Blocked, "INIT": Pending, "RUNNING": Pending}
	db := map[string]Class{"Completed": Success, "Failed": Failure, "Running": Pending, "Pending": Pending}
	want := map[string]map[string]Class{
		"ecs": v1, "evs": v1, "ims": v1, "bms": v1, "sdrs": v1, "deh": v1, "eip": v1,
		"rds":           db,
		"gaussdb_mysql": {"Completed": Success, "Failed": Failure, "Pending": Blocked, "Running": Pending},
		"opengauss":     db, "dds": db, "geminidb": db,
		"dcs":       {"SUCCESS": Success, "FAIL": Failure, "INIT": Pending, "RUNNING": Pending, "PENDING_PAYMENT": Pending},
		"elb":       {"SUCCESS": Success, "COMPLETE": Success, "FAIL": Failure, "ROLLBACK_FAIL": Failure, "CANCEL": Failure, "INIT": Pending, "RUNNING": Pending, "ROLLBACKING": Pending},
		"dli":       {"FINISHED": Success, "FAILED": Failure, "CANCELLED": Failure, "LAUNCHING": Pending, "RUNNING": Pending, "SCALING": Pending},
		"dli_spark": {"success": Success, "dead": Failure, "starting": Pending, "running": Pending, "recovering": Pending},
	}
	if got := Names(); !slices.Equal(got, []string{"ecs", "evs", "ims", "bms", "sdrs", "deh", "eip", "rds", "gaussdb_mysql",
		"opengauss", "dds", "geminidb", "dcs", "elb", "dli", "dli_spark"}) {
		t.Fatalf("services %v", got)
	}
	for _, s := range Services {
		statuses := want[s.Name]
		for status, class := range statuses {
			for _, spelling := range []string{status, strings.ToUpper(status), strings.ToLower(status), " " + status + " "} {
				if got := s.ClassOf(spelling); got != class {
					t.Errorf("%s %q: %s, want %s", s.Name, spelling, got, class)
				}
			}
		}
		// Every status the table lists has its class above.
		for _, status := range s.Statuses() {
			if _, ok := statuses[status]; !ok {
				t.Errorf("%s: status %q is not in the test", s.Name, status)
			}
		}
		if s.ClassOf("SOMETHING_NEW") != Pending {
			t.Errorf("%s: an unknown status is not pending", s.Name)
		}
		c := s.Classes()
		if !c.Done(s.Success[0]) || !c.Succeeded(s.Success[0]) || !c.Done(s.Failure[0]) || c.Succeeded(s.Failure[0]) {
			t.Errorf("%s: Classes disagree with ClassOf", s.Name)
		}
		for _, b := range s.Blocked {
			if c.Done(b) || s.WaitsFor == "" {
				t.Errorf("%s: blocked %q is done, or says not what it waits for", s.Name, b)
			}
		}
	}
}

// The defaults and endpoints of SPEC.md: a grace of 30 s for RDS and
// TaurusDB only; dli_spark shares dli; the hosts of the table.
func TestEndpointsAndGrace(t *testing.T) {
	for _, s := range Services {
		want := time.Duration(0)
		if s.Name == "rds" || s.Name == "gaussdb_mysql" {
			want = 30 * time.Second
		}
		if s.MissingGrace != want {
			t.Errorf("%s: missing_grace %s, want %s", s.Name, s.MissingGrace, want)
		}
	}
	var got []string
	for _, ep := range Endpoints() {
		got = append(got, ep.Key+"="+ep.Host)
	}
	want := "ecs=ecs evs=evs ims=ims bms=bms sdrs=sdrs deh=deh eip=vpc rds=rds gaussdb_mysql=gaussdb opengauss=gaussdb-opengauss " +
		"dds=dds geminidb=gaussdb-nosql dcs=dcs elb=elb dli=dli"
	if strings.Join(got, " ") != want {
		t.Errorf("endpoints %s\nwant      %s", strings.Join(got, " "), want)
	}
}
