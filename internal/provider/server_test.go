package provider

import (
	"context"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/emulator"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/jobfamily"
)

// The server answers the reads of the computed readers itself; what it
// answers is exactly what the framework answers: the same state, value for
// value, and the same diagnostics. The readers are found from the
// provider's data sources, and each must have cases here: lists of nested
// objects within nested objects, empty lists beside null ones, and waits.
func TestServerReadsAsTheFramework(t *testing.T) {
	ctx := context.Background()
	e, base := emulator.Start(t, emulator.Config{})
	e.LoadExamples()
	e.GenerateDLFJobs("gen-workspace", "BATCH", 250)
	e.GenerateCSEJobs("gen-engine", 150)
	e.GenerateCCEJobs(30, 3)
	// A job without tasks (an empty nested list) beside jobs with tasks,
	// and a CCE job without sub-jobs.
	e.AddCSEJob("bare-engine", emulator.CSEJob{ID: 1, Type: "Create", Status: "Finished"})
	e.AddCSEJob("bare-engine", emulator.CSEJob{ID: 2, Type: "Upgrade", Status: "Error", Phases: []emulator.CSEPhase{{
		Name: "upgrade", Tasks: []emulator.CSETask{{ID: 21, TaskName: "pull"}, {ID: 22, TaskName: "roll"}},
	}}})
	e.AddCCEJob(emulator.CCEJob{UID: "lonely", Type: "CreateNode", ClusterUID: "bare-cluster", Status: "Success"})
	today := time.Now().UTC().Truncate(24 * time.Hour)
	for i := range 120 {
		e.AddDLFInstance("runs", emulator.DLFInstance{
			JobName: "hourly", JobID: 9, InstanceID: int64(500 + i), Status: []string{"success", "fail", "running"}[i%3],
			PlanTime: today.Add(time.Duration(i) * time.Minute), StartTime: today.Add(time.Duration(i) * time.Minute),
			InstanceType: i % 2, ErrorMessage: "node failed", ExecuteTime: time.Duration(i) * time.Second,
		})
	}
	// A run that is running at the first poll and has failed at the
	// second: a wait that ends on a failure.
	runsPath := "/v1/" + emulator.DefaultProjectID + "/jobs/instances/detail"
	waitedRuns := func() {
		e.ClearStubs()
		e.Stub(emulator.Stub{Path: runsPath, Query: map[string]string{"jobName": "waited"}, Bodies: []string{
			`{"total": 1, "instances": [{"jobName": "waited", "jobId": 3, "instanceId": 8, "status": "running", "planTime": 1748822400000}]}`,
			`{"total": 1, "instances": [{"jobName": "waited", "jobId": 3, "instanceId": 8, "status": "fail", "planTime": 1748822400000, "errorMessage": "disk full"}]}`,
		}})
	}
	// Runs of hwcjobs_dataarts_factory_job_instance, in workspace "single":
	// of job nightly, a success whose nodes have every field, a failure
	// with failed, stopped and skipped nodes, a success without nodes and
	// the latest run, forced to success; of job broken, a failed latest
	// run; of job stale, a run older than the 7 days in which the latest is
	// looked for; of job slow, a run that runs at its first poll and has
	// succeeded at the second. Job snake's run is a stub in the SDK's
	// spelling, with a timestamp that the provider does not know.
	now := time.Now().UTC().Truncate(time.Second)
	logs := "obs://dlf-logs/nightly/"
	plan := now.Add(-3 * time.Hour)
	e.AddDLFInstance("single", emulator.DLFInstance{
		JobName: "nightly", JobID: 41, InstanceID: 701, Status: "success", InstanceType: 5, Version: 2,
		PlanTime: plan, SubmitTime: plan, StartTime: plan.Add(time.Second), EndTime: plan.Add(4 * time.Minute),
		Nodes: []emulator.DLFNode{
			{Name: "extract", Type: "CDMJob", Status: "success", StartTime: plan.Add(time.Second), EndTime: plan.Add(time.Minute),
				InputRowCount: 48211, Speed: 803.5, LogPath: logs + "extract.log"},
			{Name: "aggregate", Type: "DLISQL", Queue: "sql_queue", StartTime: plan.Add(time.Minute), RetryTimes: 2,
				InputRowCount: 1204, Speed: 10.25, LogPath: logs + "aggregate.log"},
			{Name: "notify", Type: "Shell", Status: "skip"},
		},
	})
	plan = now.Add(-2 * time.Hour)
	e.AddDLFInstance("single", emulator.DLFInstance{
		JobName: "nightly", JobID: 41, InstanceID: 702, Status: "fail", PlanTime: plan, StartTime: plan.Add(time.Second),
		EndTime: plan.Add(2 * time.Minute), ErrorMessage: "DLI.0999: the table orders_agg does not exist",
		Nodes: []emulator.DLFNode{
			{Name: "extract", Type: "CDMJob", Status: "success", StartTime: plan.Add(time.Second), InputRowCount: 10},
			{Name: "aggregate", Type: "DLISQL", Status: "fail", Queue: "sql_queue", RetryTimes: 1, LogPath: logs + "aggregate-702.log"},
			{Name: "load", Type: "HiveSQL", Status: "manual-stop"},
			{Name: "notify", Type: "Shell", Status: "skip"},
		},
	})
	plan = now.Add(-90 * time.Minute)
	e.AddDLFInstance("single", emulator.DLFInstance{
		JobName: "nightly", JobID: 41, InstanceID: 703, Status: "ignoreSuccess", IgnoreSuccess: true, InstanceType: 2,
		PlanTime: plan, StartTime: plan, EndTime: plan.Add(time.Minute),
	})
	plan = now.Add(-10 * time.Minute)
	e.AddDLFInstance("single", emulator.DLFInstance{
		JobName: "nightly", JobID: 41, InstanceID: 704, Status: "forceSuccess", ForceSuccess: true, InstanceType: 7,
		PlanTime: plan, StartTime: plan, EndTime: plan.Add(time.Minute), ExecuteTime: 61 * time.Second,
		Nodes: []emulator.DLFNode{{Name: "extract", Type: "CDMJob", Status: "fail", LogPath: logs + "extract-704.log"}},
	})
	e.AddDLFInstance("single", emulator.DLFInstance{
		JobName: "broken", JobID: 42, InstanceID: 801, Status: "running-exception", PlanTime: now.Add(-time.Hour),
		StartTime: now.Add(-time.Hour), EndTime: now.Add(-50 * time.Minute), ErrorMessage: "executor lost",
		Nodes: []emulator.DLFNode{{Name: "spark", Type: "DLISpark", LogPath: "obs://dlf-logs/broken/spark.log"}},
	})
	e.AddDLFInstance("single", emulator.DLFInstance{
		JobName: "stale", JobID: 43, InstanceID: 901, Status: "success", PlanTime: now.Add(-8 * 24 * time.Hour),
	})
	e.AddDLFInstance("single", emulator.DLFInstance{
		JobName: "slow", JobID: 44, InstanceID: 1001, PlanTime: now.Add(-time.Minute), StartTime: now.Add(-time.Minute),
		Nodes:    []emulator.DLFNode{{Name: "extract", Type: "CDMJob"}},
		Progress: emulator.Progress{Statuses: []string{"running", "success"}},
	})
	snakeRun := func() {
		e.Stub(emulator.Stub{Path: "/v1/" + emulator.DefaultProjectID + "/jobs/snake/instances/77", Body: `{
  "job_name": "snake", "instance_id": 77, "status": "fail", "plan_time": 1748822400000, "start_time": 1748822401000,
  "end_time": 1748822460000, "execute_time": 59000, "instance_type": 0, "force_success": false, "ignore_success": false, "total": 2,
  "nodes": [
    {"node_name": "load", "status": "fail", "type": "DLISQL", "queue": "q", "plan_time": 1748822400000, "start_time": "yesterday",
     "end_time": 1748822460000, "retry_times": 3, "instance_id": 77, "input_row_count": 5, "speed": "12.5", "log_path": "obs://l/load.log"},
    {"node_name": "after", "status": "skip", "type": "Shell", "speed": 1e400}
  ]
}`})
	}
	snakeRun()
	// Jobs of hwcjobs_job: a finished one with entities and a sub-job, a
	// failed one with its reason in a sub-job, one that waits for payment,
	// a DLI SQL job and a Spark batch.
	for _, j := range []emulator.FamilyJob{
		{Service: "ecs", ID: "ecs-done", Statuses: []string{"SUCCESS"}, Started: today,
			Entities: map[string]any{"server_id": "s-1"}, SubJobs: []emulator.FamilySubJob{{ID: "ecs-sub", Type: "resizeSingleServer"}}},
		{Service: "evs", ID: "evs-failed", Statuses: []string{"FAIL"}, Reason: "volume busy", ReasonInSubJob: true,
			SubJobs: []emulator.FamilySubJob{{ID: "evs-sub"}}, ErrorCode: "EVS.2024"},
		{Service: "ecs", ID: "ecs-unpaid", Statuses: []string{"PENDING_PAYMENT"}},
		{Service: "rds", ID: "rds-running", Statuses: []string{"Running"}, Progress: "40%",
			Entities: map[string]any{"instance_id": "i-1", "instance_name": "orders"}},
		{Service: "dli", ID: "dli-done", Statuses: []string{"FINISHED"}, Entities: map[string]any{"queue_name": "etl"}},
		{Service: "dli_spark", ID: "spark-dead", Statuses: []string{"dead"}, Reason: "OOM"},
		{Service: "geminidb", ID: "gem-done", Statuses: []string{"Completed"}},
	} {
		if _, err := e.AddFamilyJob(j); err != nil {
			t.Fatal(err)
		}
	}
	// Jobs of hwcjobs_cce_job: a tree of sub-jobs with sub-jobs of their
	// own and extend params at several depths; a failed one whose reasons
	// are in sub-jobs at two depths; one that is Running at the first poll
	// and Success at the second, and one that fails so (each added again
	// before each read); an answer with timestamps in no known format and
	// extend params that are not strings, and one without a uid.
	e.AddCCEJob(emulator.CCEJob{UID: "cce-tree", Type: "CreateCluster", ClusterUID: "tree-cluster", ResourceID: "tree-resource",
		ResourceName: "cluster-a", ExtendParam: map[string]string{"orderID": "CS25090218238EI5V", "node.zone": ""}, Status: "Success",
		Created: today.Add(time.Hour + 987955*time.Microsecond), Updated: today.Add(2 * time.Hour), Completed: today.Add(2 * time.Hour),
		SubJobs: []emulator.CCEJob{
			{UID: "cce-tree-1", Type: "CreateMaster", ClusterUID: "tree-cluster", ResourceName: "master-1", Status: "Success",
				ExtendParam: map[string]string{"zone": "az1"}, Created: today.Add(time.Hour), SubJobs: []emulator.CCEJob{
					{UID: "cce-tree-1-1", Type: "InstallMaster", Status: "Success", SubJobs: []emulator.CCEJob{
						{UID: "cce-tree-1-1-1", Type: "CheckMaster", Status: "Success", ExtendParam: map[string]string{}},
					}},
					{UID: "cce-tree-1-2", Type: "ConfigureMaster", Status: "Success", Updated: today.Add(90 * time.Minute)},
				}},
			{UID: "cce-tree-2", Type: "CreateNode", ResourceID: "node-1", ResourceName: "node-1", Status: "Success"},
		}})
	e.AddCCEJob(emulator.CCEJob{UID: "cce-failed", Type: "CreateNode", ClusterUID: "tree-cluster", Status: "Failed",
		Reason: "sub job InstallNode failed", Created: today, Updated: today.Add(time.Minute), SubJobs: []emulator.CCEJob{
			{UID: "cce-failed-1", Type: "CreateServer", ResourceName: "node-2", Status: "Success"},
			{UID: "cce-failed-2", Type: "InstallNode", ResourceName: "node-2", Status: "Failed", Reason: "install kubelet timeout",
				SubJobs: []emulator.CCEJob{{UID: "cce-failed-2-1", Type: "PullImage", Status: "Failed", Reason: "registry unreachable"}}},
		}})
	cceProgress := func(uid, last string) func() {
		return func() {
			e.AddCCEJob(emulator.CCEJob{UID: uid, Type: "UpgradeCluster", Reason: "upgrade of node-3 failed",
				Progress: emulator.Progress{Statuses: []string{"Running", last}}, Created: today,
				SubJobs: []emulator.CCEJob{{UID: uid + "-1", Type: "UpgradeNode", ResourceName: "node-3", Reason: "drain timed out",
					Progress: emulator.Progress{Statuses: []string{"Running", last}}}}})
		}
	}
	cceRising, cceFalling := cceProgress("cce-rising", "Success"), cceProgress("cce-falling", "Failed")
	cceShow := "/api/v3/projects/" + emulator.DefaultProjectID + "/jobs/"
	e.Stub(emulator.Stub{Path: cceShow + "cce-odd", Body: `{"kind": "Job", "apiVersion": "v3",
		"metadata": {"uid": "cce-odd", "creationTimestamp": "yesterday", "updateTimestamp": "2025-06-02 08:17:09.600211 +0000 UTC"},
		"spec": {"type": "CreateNode", "extendParam": {"n": 3, "b": true, "gone": null, "s": "x"},
			"subJobs": [{"metadata": {"uid": "cce-odd-1", "updateTimestamp": "soon"}, "status": {"phase": "Running"}}]},
		"status": {"phase": "Running"}}`})
	e.Stub(emulator.Stub{Path: cceShow + "cce-anonymous", Body: `{"status": {"phase": "Success"}}`})
	// Jobs of hwcjobs_mrs_job, in cluster mrs-cluster: a finished one with
	// every field, one that YARN reports FINISHED with the result FAILED,
	// a killed one, a running one, one that is ACCEPTED, RUNNING, then
	// FINISHED a poll apart (added again before each read), an answer with
	// odd timestamps and a fractional progress, and one without job_state.
	submitted := today.Add(3*time.Hour + 500*time.Millisecond)
	for _, j := range []emulator.MRSJob{
		{ID: "mrs-done", ClusterID: "mrs-cluster", Statuses: []string{"FINISHED"}, Name: "nightly", Type: "SparkSubmit", User: "etl",
			Queue: "default", AppID: "application_1717750800000_0006", TrackingURL: "https://mrs.example.com/proxy/application_1717750800000_0006/",
			Arguments: "--conf spark.hadoop.fs.obs.secret.key=SECRET", Submitted: submitted},
		{ID: "mrs-yarn-failed", ClusterID: "mrs-cluster", Statuses: []string{"FINISHED"}, Result: "FAILED", Name: "pyspark2",
			TrackingURL: "https://mrs.example.com/proxy/application_1717750800000_0007/", Progress: 42, Submitted: submitted},
		{ID: "mrs-killed", ClusterID: "mrs-cluster", Statuses: []string{"KILLED"}, Name: "hive1", Type: "HiveSql"},
		{ID: "mrs-running", ClusterID: "mrs-cluster", Statuses: []string{"RUNNING"}, Submitted: submitted},
	} {
		if _, err := e.AddMRSJob(j); err != nil {
			t.Fatal(err)
		}
	}
	mrsRising := func() {
		e.ForgetFamilyJob("mrs-rising")
		if _, err := e.AddMRSJob(emulator.MRSJob{ID: "mrs-rising", ClusterID: "mrs-cluster", Name: "rising",
			Statuses: []string{"ACCEPTED", "RUNNING", "FINISHED"}}); err != nil {
			t.Error(err)
		}
	}
	mrsShow := "/mrs/v2/" + emulator.DefaultProjectID + "/clusters/mrs-cluster/job-executions/"
	// Stubbed before each read: a case of a list before them clears the stubs.
	mrsStubs := func() {
		e.Stub(emulator.Stub{Path: mrsShow + "mrs-odd", Body: `{"job_detail": {"job_state": "RUNNING", "job_result": "UNDEFINED",
			"job_progress": 12.5, "submitted_time": "someday", "started_time": "1717750800000"}}`})
		e.Stub(emulator.Stub{Path: mrsShow + "mrs-empty", Body: `{"job_detail": {"job_id": "mrs-empty"}}`})
	}
	// Jobs of hwcjobs_cse_engine_job: one with every value, phases out of
	// task order and a phase without tasks; one that is executing at the
	// first poll and has failed at the second, added again before each read
	// and with its end time given (the emulator would take it from the
	// clock, another at each read). gen-engine and bare-engine have the
	// others.
	e.AddCSEJob("rich-engine", emulator.CSEJob{
		ID: 7, Type: "Upgrade", Description: "upgrade to 2.4", Status: "Finished", Scheduling: true, CreateUser: "ops",
		Context: `{"version":"2.4"}`, StartTime: today.Add(time.Hour), EndTime: today.Add(2 * time.Hour),
		Phases: []emulator.CSEPhase{
			{Name: "prepare", TaskNames: []string{"pull", "check"}, Status: "Finished", StartTime: today.Add(time.Hour),
				EndTime: today.Add(90 * time.Minute), Duration: 30 * time.Minute, Description: "Preparation", Tasks: []emulator.CSETask{
					{ID: 73, TaskName: "check", Assigned: "worker-2", EngineName: "rich", TaskOrder: 2, StartTime: today.Add(80 * time.Minute),
						EndTime: today.Add(90 * time.Minute), CreateTime: today.Add(time.Hour), UpdateTime: today.Add(90 * time.Minute),
						Timeout: 600, Log: "checked", Output: `{"ok":true}`, Duration: 10 * time.Minute, Description: "Check"},
					{ID: 71, TaskName: "pull", Assigned: "worker-1", EngineName: "rich", TaskOrder: 1, StartTime: today.Add(time.Hour),
						EndTime: today.Add(80 * time.Minute), CreateTime: today.Add(time.Hour), UpdateTime: today.Add(80 * time.Minute),
						Timeout: -1, Log: "pulled", Duration: 20 * time.Minute, Description: "Pull"},
				}},
			{Name: "announce", Description: "Nothing to do"},
			{Name: "roll", Tasks: []emulator.CSETask{{ID: 74, TaskName: "roll", TaskOrder: 3}}},
		},
	})
	failingCSEJob := func() {
		e.AddCSEJob("rich-engine", emulator.CSEJob{
			ID: 8, Type: "Configure", StartTime: today, EndTime: today.Add(time.Minute), FailureLog: "limit out of range",
			Progress: emulator.Progress{Statuses: []string{"Executing", "Error"}},
			Phases:   []emulator.CSEPhase{{Name: "configure", Tasks: []emulator.CSETask{{ID: 81, TaskName: "apply"}}}},
		})
	}
	failingCSEJob()
	// The page's example, and a job the provider reads with warnings: times
	// it does not know, task names null, no id.
	cseShow := "/v2/" + emulator.DefaultProjectID + "/enginemgr/engines/"
	cseStubs := func() {
		e.Stub(emulator.Stub{Path: cseShow + emulator.ExampleEngineID + "/jobs/12339", Body: emulator.ExampleCSEJob})
		e.Stub(emulator.Stub{Path: cseShow + "odd-engine/jobs/5", Body: `{"status": "Executing", "startTime": "yesterday", ` +
			`"tasks": [{"taskName": "p", "taskNames": null, "endTime": "soon", "tasks": null}, {"tasks": [{"id": 2, "updateTime": "later"}]}]}`})
	}
	// Jobs of hwcjobs_servicestage_job: one with every value and tasks out
	// of order, one in the tables' upper-case keys, one without tasks, a
	// failed one, one of 250 tasks (three pages), one that is running at
	// the first poll and has failed at the second, and answers with odd
	// times and with fewer tasks than their count.
	ssTasks := []emulator.ServiceStageTask{
		{ID: "T-2", Index: 2, Name: "UPGRADE", Status: "RUNNING", CreatedAt: today, UpdatedAt: today.Add(time.Minute), Messages: `{"step":"pull"}`},
		{ID: "T-1", Index: 1, Name: "PREPARE", Status: "SUCCEEDED", CreatedAt: today, UpdatedAt: today.Add(time.Second)},
		{ID: "T-3", Index: 3, Name: "VERIFY", Status: "SKIPPED"},
	}
	e.AddServiceStageJob(emulator.ServiceStageJob{ID: "ss-rich", Type: "DAILY_OPERATION", Status: "RUNNING", OrderID: "CS2406061555ABCD",
		ServiceInstanceID: "inst-1", Tasks: ssTasks})
	e.AddServiceStageJob(emulator.ServiceStageJob{ID: "ss-upper", Type: "PROVISION", Status: "PARTIALLY_FAILED", OrderID: "CS1",
		Tasks: ssTasks, FailureMessages: "image pull failed", UpperCaseKeys: true})
	e.AddServiceStageJob(emulator.ServiceStageJob{ID: "ss-bare", Type: "SYSTEM_INNER", Status: "SUCCEEDED"})
	e.AddServiceStageJob(emulator.ServiceStageJob{ID: "ss-failed", Type: "PROVISION", Status: "FAILED", Tasks: ssTasks,
		FailureMessages: "quota exceeded"})
	var manyTasks []emulator.ServiceStageTask
	for i := range 250 {
		manyTasks = append(manyTasks, emulator.ServiceStageTask{ID: fmt.Sprintf("T-%03d", i), Index: int64(250 - i), Name: "STEP",
			CreatedAt: today.Add(time.Duration(i) * time.Second), UpdatedAt: today.Add(time.Duration(i+1) * time.Second)})
	}
	e.AddServiceStageJob(emulator.ServiceStageJob{ID: "ss-many", Type: "PROVISION", Status: "SUCCEEDED", Tasks: manyTasks})
	failingSSJob := func() {
		e.AddServiceStageJob(emulator.ServiceStageJob{ID: "ss-failing", Type: "PROVISION", Tasks: ssTasks[:2],
			FailureMessages: "rollout failed", Progress: emulator.Progress{Statuses: []string{"RUNNING", "FAILED"}}})
	}
	failingSSJob()
	ssShow := "/v3/" + emulator.DefaultProjectID + "/cas/jobs/"
	ssStubs := func() {
		e.Stub(emulator.Stub{Path: ssShow + "ss-odd", Body: `{"job": {"execution_status": "SUCCEEDED", "job_id": "ss-odd"}, ` +
			`"tasks": [{"task_id": "a", "task_index": 1, "created_at": "yesterday at noon", "update_at": "2024-06-06T15:55:31.36Z", "messages": {"error": "quota"}}]}`})
		e.Stub(emulator.Stub{Path: ssShow + "ss-short", Body: `{"job": {"execution_status": "RUNNING"}, "task_count": 5, ` +
			`"tasks": [{"task_id": "a", "task_index": 1, "messages": "{}"}]}`})
	}
	s := configuredServer(t, base)

	// The readers, found as the server finds them but from the data
	// sources themselves.
	var found []string
	for _, newDS := range s.provider.DataSources(ctx) {
		ds := newDS()
		var meta datasource.MetadataResponse
		ds.Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: "hwcjobs"}, &meta)
		if _, ok := ds.(computedReader); !ok {
			// Every read is answered at the protocol level: the framework's
			// read path and reflection were most of a read's CPU.
			t.Errorf("%s is not a computed reader (ReadComputed)", meta.TypeName)
			continue
		}
		found = append(found, meta.TypeName)
	}
	readers := s.provider.computedReaders(ctx)
	if got := slices.Sorted(maps.Keys(readers)); !slices.Equal(got, slices.Sorted(slices.Values(found))) {
		t.Fatalf("the server answers the reads of %v, the computed readers are %v", got, found)
	}

	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	yes, no := tftypes.NewValue(tftypes.Bool, true), tftypes.NewValue(tftypes.Bool, false)
	window := map[string]tftypes.Value{"min_plan_time": str(today.Format(time.RFC3339)), "max_plan_time": str(today.Add(3 * time.Hour).Format(time.RFC3339))}
	with := func(base map[string]tftypes.Value, more map[string]tftypes.Value) map[string]tftypes.Value {
		out := maps.Clone(base)
		maps.Copy(out, more)
		return out
	}
	type readCase struct {
		args  map[string]tftypes.Value
		setup func() // before each of the two reads
		says  string // text the diagnostics must hold, if any
	}
	family := func(service, id string, more map[string]tftypes.Value) readCase {
		return readCase{args: with(map[string]tftypes.Value{"service": str(service), "job_id": str(id)}, more)}
	}
	waitFast := map[string]tftypes.Value{"wait_for_completion": yes, "poll_interval": str("100ms")}
	run := func(workspace, job, id string, more map[string]tftypes.Value) readCase {
		args := map[string]tftypes.Value{"workspace_id": str(workspace), "job_name": str(job)}
		if id != "" {
			args["instance_id"] = str(id)
		}
		return readCase{args: with(args, more)}
	}
	timeouts := tftypes.NewValue(tftypes.Object{AttributeTypes: map[string]tftypes.Type{"read": tftypes.String}}, map[string]tftypes.Value{"read": str("1m")})
	cce := func(id string, more map[string]tftypes.Value) readCase {
		return readCase{args: with(map[string]tftypes.Value{"job_id": str(id)}, more)}
	}
	mrs := func(cluster, id string, more map[string]tftypes.Value) readCase {
		return readCase{args: with(map[string]tftypes.Value{"cluster_id": str(cluster), "job_id": str(id)}, more)}
	}
	readTimeout := map[string]tftypes.Value{"timeouts": tftypes.NewValue(
		tftypes.Object{AttributeTypes: map[string]tftypes.Type{"read": tftypes.String}}, map[string]tftypes.Value{"read": str("1m")})}
	engineJob := func(engine, id string, more map[string]tftypes.Value) readCase {
		return readCase{args: with(map[string]tftypes.Value{"engine_id": str(engine), "job_id": str(id)}, more), setup: cseStubs}
	}
	ssJob := func(id string, more map[string]tftypes.Value) readCase {
		return readCase{args: with(map[string]tftypes.Value{"job_id": str(id)}, more), setup: ssStubs}
	}
	cases := map[string][]readCase{
		"hwcjobs_cse_engine_job": {
			engineJob("rich-engine", "7", nil),
			engineJob("gen-engine", "2", nil),
			engineJob("gen-engine", "4", nil),  // Error, read without waiting
			engineJob("bare-engine", "1", nil), // no phases
			engineJob("bare-engine", "2", nil), // Error, a phase with tasks
			engineJob(emulator.ExampleEngineID, "12339", nil),
			engineJob("odd-engine", "5", nil),
			engineJob("rich-engine", "7", with(waitFast, map[string]tftypes.Value{"timeouts": timeouts})),
			engineJob("bare-engine", "2", waitFast),
			engineJob("bare-engine", "2", with(waitFast, map[string]tftypes.Value{"fail_on_error": no})),
			{args: map[string]tftypes.Value{"engine_id": str("rich-engine"), "job_id": str("8"), "wait_for_completion": yes,
				"poll_interval": str("100ms")}, setup: failingCSEJob},
			{args: map[string]tftypes.Value{"engine_id": str("rich-engine"), "job_id": str("8"), "wait_for_completion": yes,
				"poll_interval": str("100ms"), "fail_on_error": no}, setup: failingCSEJob},
			engineJob("bare-engine", "404", map[string]tftypes.Value{"allow_missing": yes}),
			engineJob("bare-engine", "404", with(waitFast, map[string]tftypes.Value{"allow_missing": yes, "timeouts": timeouts})),
			engineJob("bare-engine", "404", nil),
			engineJob("no-such-engine", "1", nil),
		},
		"hwcjobs_servicestage_job": {
			ssJob("ss-rich", nil),
			ssJob("ss-upper", nil),
			ssJob(emulator.ExampleServiceStageJobID, nil),
			ssJob("ss-bare", nil),
			ssJob("ss-failed", nil), // read without waiting
			ssJob("ss-many", nil),
			ssJob("ss-odd", nil),
			ssJob("ss-short", nil),
			ssJob("ss-bare", with(waitFast, map[string]tftypes.Value{"timeouts": timeouts})),
			ssJob("ss-failed", waitFast),
			ssJob("ss-failed", with(waitFast, map[string]tftypes.Value{"fail_on_error": no})),
			{args: with(waitFast, map[string]tftypes.Value{"job_id": str("ss-failing")}), setup: failingSSJob},
			{args: with(waitFast, map[string]tftypes.Value{"job_id": str("ss-failing"), "fail_on_error": no}), setup: failingSSJob},
			ssJob("ss-gone", map[string]tftypes.Value{"allow_missing": yes}),
			ssJob("ss-gone", with(waitFast, map[string]tftypes.Value{"allow_missing": yes, "timeouts": timeouts})),
			ssJob("ss-gone", nil),
		},
		"hwcjobs_job": {
			family("ecs", "ecs-done", nil),
			family("ecs", "ecs-done", waitFast),
			family("evs", "evs-failed", nil),
			family("evs", "evs-failed", with(waitFast, map[string]tftypes.Value{"fail_on_error": no})),
			family("evs", "evs-failed", waitFast),
			family("ecs", "ecs-unpaid", waitFast),
			family("rds", "rds-running", nil),
			family("dli", "dli-done", nil),
			family("dli_spark", "spark-dead", nil),
			family("geminidb", "gem-done", nil),
			family("geminidb", "gem-gone", map[string]tftypes.Value{"allow_missing": yes}),
			family("ecs", "ecs-gone", nil),
			family("ecs", "ecs-gone", map[string]tftypes.Value{"allow_missing": yes, "timeouts": tftypes.NewValue(
				tftypes.Object{AttributeTypes: map[string]tftypes.Type{"read": tftypes.String}}, map[string]tftypes.Value{"read": str("1m")})}),
		},
		"hwcjobs_dataarts_factory_job_instance": {
			run("single", "nightly", "701", nil),
			run("single", "nightly", "702", nil),
			run("single", "nightly", "703", nil), // no nodes
			run("single", "nightly", "", nil),    // the latest: 704
			run("single", "nightly", "", map[string]tftypes.Value{"allow_missing": no, "timeouts": timeouts}),
			run("single", "nightly", "701", waitFast),
			run("single", "nightly", "702", waitFast),
			run("single", "nightly", "702", with(waitFast, map[string]tftypes.Value{"fail_on_error": no})),
			run("single", "broken", "", nil),
			run("single", "broken", "", waitFast),
			run("single", "broken", "", with(waitFast, map[string]tftypes.Value{"fail_on_error": no})),
			run("single", "slow", "1001", waitFast),
			run("single", "nightly", "999", map[string]tftypes.Value{"allow_missing": yes}),
			run("single", "nightly", "999", nil),
			run("single", "ghost", "1", map[string]tftypes.Value{"allow_missing": yes, "timeouts": timeouts}),
			run("single", "ghost", "1", nil),
			run("single", "stale", "", nil),
			run("single", "stale", "", map[string]tftypes.Value{"allow_missing": yes}),
			run("single", "stale", "", with(waitFast, map[string]tftypes.Value{"allow_missing": yes})),
			run("no-such-workspace", "nightly", "701", nil),
			run("no-such-workspace", "nightly", "", map[string]tftypes.Value{"allow_missing": yes}),
			{args: map[string]tftypes.Value{"job_name": str("snake"), "instance_id": str("77")}, setup: snakeRun},
			{args: map[string]tftypes.Value{"job_name": str("snake"), "instance_id": str("77"), "wait_for_completion": yes,
				"fail_on_error": no, "poll_interval": str("100ms")}, setup: snakeRun},
		},
		"hwcjobs_cce_job": {
			cce("cce-tree", nil),
			cce("cce-tree", with(waitFast, readTimeout)),
			cce("lonely", nil), // no sub-jobs: an empty list
			cce(emulator.ExampleCCEJobID, nil),
			cce("00000005-0000-11f0-0000-0255ac10003f", nil), // generated: Failed, two chains of 3 sub-jobs
			cce("cce-failed", nil),
			cce("cce-failed", waitFast),
			cce("cce-failed", with(waitFast, map[string]tftypes.Value{"fail_on_error": no})),
			{args: cce("cce-rising", waitFast).args, setup: cceRising},
			{args: cce("cce-falling", waitFast).args, setup: cceFalling},
			{args: cce("cce-falling", with(waitFast, map[string]tftypes.Value{"fail_on_error": no})).args, setup: cceFalling},
			cce("cce-odd", nil),
			cce("cce-anonymous", nil),
			cce("cce-gone", map[string]tftypes.Value{"allow_missing": yes}),
			cce("cce-gone", nil),
			cce("cce-gone", with(readTimeout, map[string]tftypes.Value{"allow_missing": yes})),
		},
		"hwcjobs_mrs_job": {
			mrs("mrs-cluster", "mrs-done", nil),
			mrs("mrs-cluster", "mrs-done", with(waitFast, readTimeout)),
			mrs("mrs-cluster", "mrs-yarn-failed", nil),
			mrs("mrs-cluster", "mrs-yarn-failed", waitFast),
			mrs("mrs-cluster", "mrs-yarn-failed", with(waitFast, map[string]tftypes.Value{"fail_on_error": no})),
			mrs("mrs-cluster", "mrs-killed", nil),
			mrs("mrs-cluster", "mrs-killed", waitFast),
			mrs("mrs-cluster", "mrs-running", nil),
			{args: mrs("mrs-cluster", "mrs-rising", waitFast).args, setup: mrsRising},
			{args: mrs("mrs-cluster", "mrs-odd", nil).args, setup: mrsStubs, says: `"someday"`},
			{args: mrs("mrs-cluster", "mrs-empty", nil).args, setup: mrsStubs,
				says: "HTTP 200 with valid JSON that is not the answer expected: the answer has no job_detail.job_state"},
			mrs("mrs-cluster", "mrs-gone", map[string]tftypes.Value{"allow_missing": yes}),
			mrs("mrs-cluster", "mrs-gone", nil),
			mrs("no-such-cluster", "mrs-done", map[string]tftypes.Value{"allow_missing": yes}),
			mrs("mrs-cluster", "mrs-gone", with(readTimeout, map[string]tftypes.Value{"allow_missing": yes})),
		},
		"hwcjobs_dataarts_factory_jobs": {
			{args: map[string]tftypes.Value{"workspace_id": str("gen-workspace")}},
			{args: map[string]tftypes.Value{
				"workspace_id": str("gen-workspace"), "process_type": str("BATCH"),
				"tags":     tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, []tftypes.Value{str("generated")}),
				"timeouts": tftypes.NewValue(tftypes.Object{AttributeTypes: map[string]tftypes.Type{"read": tftypes.String}}, map[string]tftypes.Value{"read": str("1m")}),
			}},
			// An empty list argument, not null; an empty list of jobs.
			{args: map[string]tftypes.Value{"workspace_id": str("gen-workspace"), "tags": tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, []tftypes.Value{})}},
			{args: map[string]tftypes.Value{"workspace_id": str("gen-workspace"), "name": str("no-such-job")}},
			{args: map[string]tftypes.Value{"workspace_id": str("no-such-workspace")}, says: "Workspace Not Found"},
			{args: nil},
		},
		"hwcjobs_cse_engine_jobs": {
			{args: map[string]tftypes.Value{"engine_id": str("gen-engine")}},
			{args: map[string]tftypes.Value{"engine_id": str("gen-engine"), "status": str("error"), "type": str("Create")}},
			{args: map[string]tftypes.Value{"engine_id": str("bare-engine")}},
			{args: map[string]tftypes.Value{"engine_id": str("bare-engine"), "wait_for_completion": yes, "poll_interval": str("100ms")}},
			{args: map[string]tftypes.Value{"engine_id": str("no-such-engine")}},
		},
		"hwcjobs_cce_jobs": {
			{args: nil},
			{args: map[string]tftypes.Value{"status": str("failed"), "wait_for_completion": no}},
			{args: map[string]tftypes.Value{"status": str("failed"), "wait_for_completion": yes, "fail_on_error": no}},
			{args: map[string]tftypes.Value{"cluster_id": str("bare-cluster")}},
			{args: map[string]tftypes.Value{"cluster_id": str("no-such-cluster")}},
		},
		"hwcjobs_dataarts_factory_job_instances": {
			{args: with(window, map[string]tftypes.Value{"workspace_id": str("runs")})},
			{args: with(window, map[string]tftypes.Value{"workspace_id": str("runs"), "job_name": str("hourly"),
				"exact_name": yes, "status": str("fail"), "instance_type": tftypes.NewValue(tftypes.Number, 1)})},
			{args: map[string]tftypes.Value{"workspace_id": str("no-such-workspace")}, says: "Workspace Not Found"},
			// A wait that sees the run running, then failed: the same error.
			{args: with(window, map[string]tftypes.Value{"workspace_id": str("runs"), "job_name": str("waited"),
				"wait_for_completion": yes, "poll_interval": str("100ms")}), setup: waitedRuns},
			{args: with(window, map[string]tftypes.Value{"workspace_id": str("runs"), "job_name": str("waited"),
				"wait_for_completion": yes, "fail_on_error": no, "poll_interval": str("100ms")}), setup: waitedRuns},
		},
	}
	for _, name := range found {
		if len(cases[name]) == 0 {
			t.Errorf("no case reads %s: add some", name)
		}
	}
	for _, typeName := range slices.Sorted(maps.Keys(cases)) {
		info, ok := readers[typeName]
		if !ok {
			t.Errorf("%s has cases but the server does not answer its reads", typeName)
			continue
		}
		for _, tt := range cases[typeName] {
			t.Run(fmt.Sprintf("%s %v", typeName, tt.args), func(t *testing.T) {
				typ := info.typ
				config, err := tfprotov6.NewDynamicValue(typ, objectOf(typ, tt.args))
				if err != nil {
					t.Fatal(err)
				}
				req := &tfprotov6.ReadDataSourceRequest{TypeName: typeName, Config: &config}
				read := func(f func(context.Context, *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error)) *tfprotov6.ReadDataSourceResponse {
					if tt.setup != nil {
						tt.setup()
					}
					resp, err := f(ctx, req)
					if err != nil {
						t.Fatal(err)
					}
					return resp
				}
				ours := read(s.ReadDataSource)
				framework := read(s.frameworkServer.ReadDataSource)
				if got, want := clockless(diagnosticsText(ours.Diagnostics)), clockless(diagnosticsText(framework.Diagnostics)); got != want {
					t.Fatalf("diagnostics\n%s\nthe framework's\n%s", got, want)
				}
				if text := diagnosticsText(ours.Diagnostics); !strings.Contains(text, tt.says) {
					t.Fatalf("diagnostics\n%s\ndo not say %q", text, tt.says)
				}
				if hasError(framework.Diagnostics) {
					return
				}
				got, err := ours.State.Unmarshal(typ)
				if err != nil {
					t.Fatal(err)
				}
				want, err := framework.State.Unmarshal(typ)
				if err != nil {
					t.Fatal(err)
				}
				if !got.Equal(want) {
					diffs, _ := got.Diff(want)
					t.Fatalf("the states differ in %d values, first %v", len(diffs), diffs[0])
				}
			})
		}
	}
}

// configuredServer is the provider's server configured for the emulator at
// base.
func configuredServer(tb testing.TB, base string) *server {
	tb.Helper()
	ctx := context.Background()
	ps, err := NewServer("test")()
	if err != nil {
		tb.Fatal(err)
	}
	s, ok := ps.(*server)
	if !ok {
		tb.Fatalf("NewServer made a %T", ps)
	}
	schemas, err := s.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		tb.Fatal(err)
	}
	typ, ok := schemas.Provider.ValueType().(tftypes.Object)
	if !ok {
		tb.Fatal("the provider schema is not an object")
	}
	endpoints := map[string]tftypes.Value{}
	for _, svc := range []string{"cse", "dlf", "cce", "servicestage", "iam"} {
		endpoints[svc] = tftypes.NewValue(tftypes.String, base)
	}
	// The job APIs of hwcjobs_job and MRS share paths: each at its prefix.
	for _, ep := range jobfamily.Endpoints() {
		endpoints[ep.Key] = tftypes.NewValue(tftypes.String, base+"/"+ep.Key)
	}
	endpoints["mrs"] = tftypes.NewValue(tftypes.String, base+"/mrs")
	config, err := tfprotov6.NewDynamicValue(typ, objectOf(typ, map[string]tftypes.Value{
		"region":     tftypes.NewValue(tftypes.String, emulator.DefaultRegion),
		"access_key": tftypes.NewValue(tftypes.String, emulator.DefaultAccessKey),
		"secret_key": tftypes.NewValue(tftypes.String, emulator.DefaultSecretKey),
		"project_id": tftypes.NewValue(tftypes.String, emulator.DefaultProjectID),
		"endpoints":  tftypes.NewValue(tftypes.Map{ElementType: tftypes.String}, endpoints),
	}))
	if err != nil {
		tb.Fatal(err)
	}
	resp, err := s.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: &config})
	if err != nil || hasError(resp.Diagnostics) {
		tb.Fatalf("configuring the provider: %v %s", err, diagnosticsText(resp.Diagnostics))
	}
	return s
}

// objectOf is an object of type typ with the attributes given and every
// other null.
func objectOf(typ tftypes.Object, args map[string]tftypes.Value) tftypes.Value {
	values := map[string]tftypes.Value{}
	for name, at := range typ.AttributeTypes {
		values[name] = tftypes.NewValue(at, nil)
		if v, ok := args[name]; ok {
			values[name] = v
		}
	}
	return tftypes.NewValue(typ, values)
}

// diagnosticsText is diags as text, without the request ids, which differ
// from request to request.
func diagnosticsText(diags []*tfprotov6.Diagnostic) string {
	var out string
	for _, d := range diags {
		out += fmt.Sprintf("%s: %s: %s (%v)\n", d.Severity, d.Summary, requestID.ReplaceAllString(d.Detail, "X-Request-Id: ..."), d.Attribute)
	}
	return out
}

var requestID = regexp.MustCompile(`X-Request-Id: [0-9a-f]+`)

// clockless is a diagnostics text without the window of a latest run that
// was not found, which ends at the time of the read.
func clockless(text string) string {
	return latestWindow.ReplaceAllString(text, "in the last 7 days (...)")
}

var latestWindow = regexp.MustCompile(`in the last 7 days \([^)]*\)`)

func hasError(diags []*tfprotov6.Diagnostic) bool {
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			return true
		}
	}
	return false
}
