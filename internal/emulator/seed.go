package emulator

import (
	"fmt"
	"time"
)

// ExampleEngineID is the CSE engine of the pages' examples.
const ExampleEngineID = "ad76972c-a743-4770-859c-c98a680f4d98"

// ExampleServiceStageJobID is the ServiceStage job of the page's example.
const ExampleServiceStageJobID = "JOB17cb1778-07b1-4c8f-a183-c86cffbe8f9e"

// The jobs and runs of the fact sheets' examples.
const (
	ExampleCCEJobID         = "5f1c2a3b-8d4e-11ef-9b2a-0255ac100b05"
	ExampleDLFJobName       = "etl_orders_daily"
	ExampleDLFInstanceID    = 3312771 // success in ExampleDLFInstances, fail in ExampleDLFInstance
	ExampleDLFRunningID     = 3313905
	ExampleDLFInstancesFrom = 1748822400000 // minPlanTime and maxPlanTime of a list that gives ExampleDLFInstances
	ExampleDLFInstancesTo   = 1748908800000
)

// LoadExamples makes the emulator answer the pages' examples byte for byte:
//
//   - CSE engine ExampleEngineID lists ExampleCSEList at offset 0 (or no
//     offset) and {"total":100,"data":[]} at any other offset, as the example
//     overstates its total, and shows job 12339 as ExampleCSEJob (stubs);
//   - the default DLF workspace holds the job of ExampleDLFList (model data,
//     so it pages and filters; alone in the workspace it lists byte for byte);
//   - CCE holds the job of ExampleCCEList (model data, likewise);
//   - ServiceStage job ExampleServiceStageJobID is ExampleServiceStageJob
//     (model data, likewise, when read without limit or offset);
//   - CCE v3 job ExampleCCEJobID is ExampleCCEJob (a stub: the v2 list does
//     not show it);
//   - the default DLF workspace holds the two runs of ExampleDLFInstances
//     (model data: listed with jobName etl_orders_daily and the window
//     ExampleDLFInstancesFrom to ExampleDLFInstancesTo, byte for byte), and
//     the detail of run ExampleDLFInstanceID is ExampleDLFInstance (a stub,
//     as the two examples disagree about that run).
//
// Calling it again changes nothing.
func (e *Emulator) LoadExamples() {
	cseList := "/v2/" + e.cfg.ProjectID + "/enginemgr/engines/" + ExampleEngineID + "/jobs"
	e.Stub(Stub{Path: cseList, Body: `{"total":100,"data":[]}`})
	e.Stub(Stub{Path: cseList, Query: map[string]string{"offset": ""}, Body: ExampleCSEList})
	e.Stub(Stub{Path: cseList, Query: map[string]string{"offset": "0"}, Body: ExampleCSEList})
	e.Stub(Stub{Path: cseList + "/12339", Body: ExampleCSEJob})

	e.AddDLFJob("", DLFJob{
		Name: "myJob", JobType: "BATCH", Owner: "test_user", Priority: 0, Status: "SCHEDULING",
		CreateUser: "test_user", CreateTime: time.UnixMilli(1680783636000),
		LastInstanceStatus: "success", LastInstanceEndTime: time.UnixMilli(1682519407000),
		LastUpdateUser: "test_user", Path: "/", SingleNodeJobFlag: false,
	})

	e.AddCCEJob(CCEJob{
		UID:          "e43c6f3b-87e6-11f0-be88-0255ac10003f",
		Type:         "ScaleupCluster",
		ClusterUID:   "7ec8b73d-83db-11f0-8baa-0255ac10003e",
		ResourceID:   "3b4410fa-87e6-11f0-be88-0255ac10003f",
		ResourceName: "node-iv28j9",
		ExtendParam: map[string]string{
			"claimrollback": "true", "node.zone": "", "nodepooluid": "",
			"orderID": "CS25090218238EI5V", "v3-scaleup": "true",
		},
		Status:    "Failed",
		Reason:    "Something bad happened at server, recycle resource",
		Created:   time.Date(2025, 9, 2, 10, 23, 38, 987955000, time.UTC),
		Updated:   time.Date(2025, 9, 2, 11, 26, 3, 218087000, time.UTC),
		Completed: time.Date(2025, 9, 2, 11, 26, 3, 218087000, time.UTC),
	})

	e.Stub(Stub{Path: "/api/v3/projects/" + e.cfg.ProjectID + "/jobs/" + ExampleCCEJobID, Body: ExampleCCEJob})
	e.Stub(Stub{Path: fmt.Sprintf("/v1/%s/jobs/%s/instances/%d", e.cfg.ProjectID, ExampleDLFJobName, ExampleDLFInstanceID),
		Body: ExampleDLFInstance})
	for _, run := range exampleDLFRuns() {
		e.AddDLFInstance("", run)
	}

	e.AddServiceStageJob(ServiceStageJob{
		ID: ExampleServiceStageJobID, Type: "PROVISION", Status: "SUCCEEDED",
		Tasks: []ServiceStageTask{
			{
				ID: "Task-af75dd60-0b04-4f4b-b669-0bad38fcdd97", Index: 4, Name: "VMAPP_CONTEXT_PREPARE_01",
				Status:    "SUCCEEDED",
				CreatedAt: time.Date(2024, 6, 6, 15, 55, 31, 115e6, time.UTC),
				UpdatedAt: time.Date(2024, 6, 6, 15, 55, 31, 136e6, time.UTC),
			},
			{
				ID: "Task-50110d26-3973-49e1-95d3-d46755e865af", Index: 5, Name: "VMAPP_UPGRADE_002",
				Status:    "SUCCEEDED",
				CreatedAt: time.Date(2024, 6, 6, 15, 55, 31, 136e6, time.UTC),
				UpdatedAt: time.Date(2024, 6, 6, 15, 55, 31, 360e6, time.UTC),
			},
		},
	})
}

// exampleDLFRuns are the runs of ExampleDLFInstances.
func exampleDLFRuns() []DLFInstance {
	return []DLFInstance{{
		JobName: ExampleDLFJobName, JobID: 1046, InstanceID: ExampleDLFInstanceID, Status: "success",
		PlanTime: time.UnixMilli(1748822400000), SubmitTime: time.UnixMilli(1748822400120),
		StartTime: time.UnixMilli(1748822401000), EndTime: time.UnixMilli(1748822688000),
		InstanceType: 0, Version: 7,
	}, {
		JobName: ExampleDLFJobName, JobID: 1046, InstanceID: ExampleDLFRunningID, Status: "running",
		PlanTime: time.UnixMilli(1748908800000), SubmitTime: time.UnixMilli(1748908800090),
		StartTime: time.UnixMilli(1748908801000), ExecuteTime: 52 * time.Second,
		InstanceType: 2, Version: 7,
	}}
}

// generatedEpoch is the first start time of generated jobs.
var generatedEpoch = time.Date(2024, 1, 1, 8, 0, 0, 0, time.UTC)

// GenerateCSEJobs adds jobs 1..n to an engine (creating it): types and
// statuses vary in fixed cycles, start times one minute apart from
// 2024-01-01T08:00:00Z, one phase of one task, plus a second phase for even
// ids. Failed jobs carry a log. Deterministic.
func (e *Emulator) GenerateCSEJobs(engineID string, n int) {
	types := []string{"Create", "Upgrade", "Configure", "Modify", "Delete", "Updated"}
	statuses := []string{"Finished", "Finished", "Executing", "Error", "Init", "Finished", "Timeout", "PreInit"}
	e.AddCSEEngine(engineID)
	for i := 1; i <= n; i++ {
		id := int64(i)
		status := statuses[(i-1)%len(statuses)]
		start := generatedEpoch.Add(time.Duration(i-1)*time.Minute + time.Duration(i%1000)*time.Millisecond)
		var end time.Time
		if cseTerminal.has(status) {
			end = start.Add(time.Duration(30+i%90) * time.Second)
		}
		job := CSEJob{
			ID: id, Type: types[(i-1)%len(types)], Description: fmt.Sprintf("generated job %d", i),
			Status: status, Scheduling: status == "Executing", CreateUser: "generator",
			Context: "{}", StartTime: start, EndTime: end,
		}
		if cseFailure.has(status) {
			job.FailureLog = fmt.Sprintf("job %d: %s while preparing resources", i, status)
		}
		job.Phases = append(job.Phases, generatedPhase(job, 0, "resourcePrepare", "TenantTaskExecutor", "Tenant processing"))
		if i%2 == 0 {
			job.Phases = append(job.Phases, generatedPhase(job, 1, "engineDeploy", "EngineTaskExecutor", "Engine deployment"))
		}
		e.AddCSEJob(engineID, job)
	}
}

func generatedPhase(job CSEJob, order int, name, task, desc string) CSEPhase {
	start := job.StartTime.Add(time.Duration(order)*10*time.Second + 5*time.Second)
	var end time.Time
	if !job.EndTime.IsZero() {
		end = start.Add(10 * time.Second)
	}
	return CSEPhase{
		Name: name, StartTime: start, EndTime: end, Duration: 10 * time.Second, Description: desc,
		Tasks: []CSETask{{
			ID: job.ID*10 + int64(order), Assigned: "", TaskName: task, EngineName: "engine",
			TaskOrder: int64(order), StartTime: start, EndTime: end, CreateTime: job.StartTime,
			UpdateTime: start.Add(10 * time.Second), Timeout: -1, Duration: 10 * time.Second, Description: desc,
		}},
	}
}

// GenerateDLFJobs adds n jobs named job-0001, job-0002, ... to a workspace,
// of jobType (BATCH or REAL_TIME): statuses, owners, priorities and paths vary
// in fixed cycles; every job has the tag "generated", even-numbered ones
// "even" and multiples of three "three". Deterministic.
func (e *Emulator) GenerateDLFJobs(workspace, jobType string, n int) {
	if jobType == "" {
		jobType = "BATCH"
	}
	statuses := []string{"SCHEDULING", "STOPPED", "PAUSED"}
	if jobType == "REAL_TIME" {
		statuses = []string{"NORMAL", "STARTING", "EXCEPTION", "STOPPING", "STOPPED"}
	}
	instances := []string{"success", "fail", "running", "success"}
	for i := 1; i <= n; i++ {
		created := generatedEpoch.Add(time.Duration(i) * time.Hour)
		j := DLFJob{
			Name: fmt.Sprintf("job-%04d", i), JobType: jobType, Owner: fmt.Sprintf("user_%d", i%3),
			Priority: int64(i % 3), Status: statuses[(i-1)%len(statuses)], CreateUser: "generator",
			CreateTime: created, LastUpdateUser: "generator", LastUpdateTime: created.Add(30 * time.Minute),
			Path: fmt.Sprintf("/folder-%d", i%4), SingleNodeJobFlag: i%5 == 0, Tags: []string{"generated"},
		}
		if i%4 == 0 {
			j.Path = "/"
		}
		if jobType == "BATCH" {
			j.LastInstanceStatus = instances[(i-1)%len(instances)]
			j.LastInstanceEndTime = created.Add(time.Hour)
		} else {
			j.StartTime = created.Add(time.Minute)
			if j.Status == "STOPPED" {
				j.EndTime = created.Add(2 * time.Hour)
			}
		}
		if i%2 == 0 {
			j.Tags = append(j.Tags, "even")
		}
		if i%3 == 0 {
			j.Tags = append(j.Tags, "three")
		}
		e.AddDLFJob(workspace, j)
	}
}

// GenerateCCEJobs adds n jobs, each with a tree of subjobs depth levels deep:
// two subjobs under the job, each the head of a chain down to depth (2*depth
// descendants). Every fifth job has Failed (with a reason) and every seventh
// is Running; the others have succeeded. Deterministic; UIDs are
// uuid-shaped and unique.
func (e *Emulator) GenerateCCEJobs(n, depth int) {
	types := []string{"CreateCluster", "ScaleupCluster", "UpgradeCluster", "DeleteNode", "CreateNodePool"}
	subTypes := []string{"CreateNode", "InstallNode", "ConfigureNode", "CheckNode"}
	for i := 1; i <= n; i++ {
		status, reason := "Success", ""
		switch {
		case i%5 == 0:
			status, reason = "Failed", fmt.Sprintf("generated failure of job %d: node install timed out", i)
		case i%7 == 0:
			status = "Running"
		}
		created := generatedEpoch.Add(time.Duration(i)*time.Minute + time.Duration(i)*time.Microsecond)
		job := CCEJob{
			UID: cceUID(i, 0, 0), Type: types[(i-1)%len(types)], ClusterUID: fmt.Sprintf("c%07x-83db-11f0-8baa-0255ac10003e", i%3),
			ResourceID: cceUID(i, 0, 9), ResourceName: fmt.Sprintf("resource-%d", i),
			ExtendParam: map[string]string{"generated": "true", "index": fmt.Sprint(i)},
			Status:      status, Reason: reason, Created: created, Updated: created.Add(5 * time.Minute),
		}
		if status != "Running" {
			job.Completed = job.Updated
		}
		for branch := 1; branch <= 2 && depth > 0; branch++ {
			job.SubJobs = append(job.SubJobs, cceChain(job, i, branch, 1, depth, subTypes))
		}
		e.AddCCEJob(job)
	}
}

func cceChain(parent CCEJob, i, branch, level, depth int, types []string) CCEJob {
	sub := CCEJob{
		UID: cceUID(i, branch, level), Type: types[(level-1)%len(types)], ClusterUID: parent.ClusterUID,
		ResourceID: parent.ResourceID, ResourceName: fmt.Sprintf("%s-%d-%d", parent.ResourceName, branch, level),
		Status: parent.Status, Created: parent.Created.Add(time.Duration(level) * time.Second),
		Updated: parent.Updated, Completed: parent.Completed,
	}
	if parent.Status == "Failed" && branch == 2 {
		sub.Reason = parent.Reason
	} else if parent.Status == "Failed" {
		sub.Status = "Success"
	}
	if level < depth {
		sub.SubJobs = []CCEJob{cceChain(sub, i, branch, level+1, depth, types)}
	}
	return sub
}

func cceUID(i, branch, level int) string {
	return fmt.Sprintf("%08x-%04x-11f0-%04x-0255ac10003f", i, branch, level)
}

// Demo fixtures of SeedDemo.
const (
	DemoEngineID         = "demo-engine"
	DemoWorkspace        = "demo-workspace"
	DemoServiceStageJob  = "JOB-demo-wait"
	DemoCCEJob           = "0d1c2b3a-0020-11f0-8000-0255ac10003f"
	DemoDLFJob           = "demo_daily_etl"
	DemoDLFRunningID     = 9003
	demoRunTime          = 4 * time.Second
	demoStepEvery        = 2 * time.Second
	demoServiceStageTime = 4 * time.Second
)

// SeedDemo loads the demo data set: LoadExamples; CSE engine demo-engine with
// job 41 (Finished), job 42 (Init → Executing → Finished, a status every 2s)
// and job 43 (Init → Executing → Error every 2s, with a failure log); 230
// BATCH jobs in DLF workspace demo-workspace; two CCE jobs with nested
// subjobs besides the example, one of them Failed with a reason, and CCE job
// DemoCCEJob, Running with two sub-jobs that succeed after 2s and 4s, itself
// Success after 4s; ServiceStage job JOB-demo-wait, RUNNING and SUCCEEDED
// after 4s, with 3 tasks; three runs today of DataArts job demo_daily_etl in
// demo-workspace (not in its job list, which keeps its 230 jobs): 9001
// succeeded, 9002 failed in its node aggregate, and 9003, the latest, running
// and success after 4s; and the jobs of the documentation's examples
// (seedDocs).
func (e *Emulator) SeedDemo() {
	e.LoadExamples()
	now := e.cfg.Clock().UTC().Truncate(time.Millisecond)

	phase := func(id int64, name, task, desc string, start time.Time) CSEPhase {
		return CSEPhase{Name: name, StartTime: start, Duration: 2 * time.Second, Description: desc,
			Tasks: []CSETask{{ID: id, TaskName: task, EngineName: DemoEngineID, StartTime: start,
				CreateTime: start, UpdateTime: start, Timeout: -1, Duration: 2 * time.Second, Description: desc}}}
	}
	e.AddCSEJob(DemoEngineID, CSEJob{
		ID: 41, Type: "Create", Description: "create the demo engine", Status: "Finished",
		CreateUser: "demo", Context: "{}", StartTime: now.Add(-time.Hour), EndTime: now.Add(-50 * time.Minute),
		Phases: []CSEPhase{phase(4101, "resourcePrepare", "TenantTaskExecutor", "Tenant processing", now.Add(-time.Hour))},
	})
	e.AddCSEJob(DemoEngineID, CSEJob{
		ID: 42, Type: "Upgrade", Description: "upgrade the demo engine", CreateUser: "demo", Context: "{}",
		StartTime: now, Scheduling: true,
		Phases: []CSEPhase{
			phase(4201, "resourcePrepare", "TenantTaskExecutor", "Tenant processing", now),
			phase(4202, "engineUpgrade", "UpgradeTaskExecutor", "Engine upgrade", now.Add(2*time.Second)),
		},
		Progress: Progress{Statuses: []string{"Init", "Executing", "Finished"}, Every: demoStepEvery},
	})
	e.AddCSEJob(DemoEngineID, CSEJob{
		ID: 43, Type: "Configure", Description: "configure the demo engine", CreateUser: "demo", Context: "{}",
		StartTime: now.Add(time.Millisecond), Scheduling: true,
		Phases: []CSEPhase{
			phase(4301, "resourcePrepare", "TenantTaskExecutor", "Tenant processing", now),
			phase(4302, "engineConfigure", "ConfigTaskExecutor", "Engine configuration", now.Add(2*time.Second)),
		},
		Progress:   Progress{Statuses: []string{"Init", "Executing", "Error"}, Every: demoStepEvery},
		FailureLog: "ConfigTaskExecutor failed: the configuration item service.limit is out of range (0-100)",
	})

	e.GenerateDLFJobs(DemoWorkspace, "BATCH", 230)

	created := now.Add(-10 * time.Minute)
	e.AddCCEJob(CCEJob{
		UID: "0d1c2b3a-0000-11f0-8000-0255ac10003f", Type: "CreateCluster", ClusterUID: "0d1c2b3a-cccc-11f0-8000-0255ac10003f",
		ResourceID: "0d1c2b3a-cccc-11f0-8000-0255ac10003f", ResourceName: "demo-cluster",
		ExtendParam: map[string]string{"orderID": "CS-DEMO-0001"}, Status: "Success",
		Created: created, Updated: created.Add(8 * time.Minute), Completed: created.Add(8 * time.Minute),
		SubJobs: []CCEJob{{
			UID: "0d1c2b3a-0001-11f0-8000-0255ac10003f", Type: "CreateMaster", ClusterUID: "0d1c2b3a-cccc-11f0-8000-0255ac10003f",
			Status: "Success", Created: created, Updated: created.Add(5 * time.Minute), Completed: created.Add(5 * time.Minute),
			SubJobs: []CCEJob{{
				UID: "0d1c2b3a-0002-11f0-8000-0255ac10003f", Type: "InstallMaster", ClusterUID: "0d1c2b3a-cccc-11f0-8000-0255ac10003f",
				Status: "Success", Created: created, Updated: created.Add(4 * time.Minute), Completed: created.Add(4 * time.Minute),
			}},
		}, {
			UID: "0d1c2b3a-0003-11f0-8000-0255ac10003f", Type: "CreateAddon", ClusterUID: "0d1c2b3a-cccc-11f0-8000-0255ac10003f",
			ResourceName: "coredns", Status: "Success", Created: created.Add(5 * time.Minute),
			Updated: created.Add(8 * time.Minute), Completed: created.Add(8 * time.Minute),
		}},
	})
	e.AddCCEJob(CCEJob{
		UID: "0d1c2b3a-0010-11f0-8000-0255ac10003f", Type: "ScaleupCluster", ClusterUID: "0d1c2b3a-cccc-11f0-8000-0255ac10003f",
		ResourceID: "0d1c2b3a-dddd-11f0-8000-0255ac10003f", ResourceName: "demo-node-1",
		ExtendParam: map[string]string{"nodepooluid": "", "v3-scaleup": "true"}, Status: "Failed",
		Reason:  "Create node demo-node-1 failed: insufficient ECS quota in the AZ",
		Created: created.Add(2 * time.Minute), Updated: created.Add(6 * time.Minute), Completed: created.Add(6 * time.Minute),
		SubJobs: []CCEJob{{
			UID: "0d1c2b3a-0011-11f0-8000-0255ac10003f", Type: "CreateNode", ClusterUID: "0d1c2b3a-cccc-11f0-8000-0255ac10003f",
			ResourceName: "demo-node-1", Status: "Failed", Reason: "insufficient ECS quota in the AZ",
			Created: created.Add(2 * time.Minute), Updated: created.Add(6 * time.Minute), Completed: created.Add(6 * time.Minute),
			SubJobs: []CCEJob{{
				UID: "0d1c2b3a-0012-11f0-8000-0255ac10003f", Type: "CreateServer", ClusterUID: "0d1c2b3a-cccc-11f0-8000-0255ac10003f",
				Status: "Failed", Reason: "ECS quota exceeded",
				Created: created.Add(2 * time.Minute), Updated: created.Add(6 * time.Minute), Completed: created.Add(6 * time.Minute),
			}},
		}},
	})

	e.AddCCEJob(CCEJob{
		UID: DemoCCEJob, Type: "CreateNode", ClusterUID: "0d1c2b3a-cccc-11f0-8000-0255ac10003f",
		ResourceName: "demo-node-2", ExtendParam: map[string]string{"nodepooluid": "demo-pool"},
		Created: now, Updated: now,
		Progress: Progress{Statuses: []string{"Running", "Running", "Success"}, Every: demoStepEvery},
		SubJobs: []CCEJob{{
			UID: "0d1c2b3a-0021-11f0-8000-0255ac10003f", Type: "CreateServer", ClusterUID: "0d1c2b3a-cccc-11f0-8000-0255ac10003f",
			ResourceName: "demo-node-2", Created: now, Updated: now,
			Progress: Progress{Statuses: []string{"Running", "Success"}, Every: demoStepEvery},
		}, {
			UID: "0d1c2b3a-0022-11f0-8000-0255ac10003f", Type: "InstallNode", ClusterUID: "0d1c2b3a-cccc-11f0-8000-0255ac10003f",
			ResourceID: "0d1c2b3a-eeee-11f0-8000-0255ac10003f", ResourceName: "demo-node-2", Created: now, Updated: now,
			Progress: Progress{Statuses: []string{"Initializing", "Running", "Success"}, Every: demoStepEvery},
		}},
	})

	e.seedDemoRuns(now)
	e.seedDocs(now)
	e.seedDocFamilies(now)
	e.seedDemoFamilies(now)

	e.AddServiceStageJob(ServiceStageJob{
		ID: DemoServiceStageJob, Type: "PROVISION",
		Tasks: []ServiceStageTask{
			{ID: "Task-demo-0001", Index: 1, Name: "VMAPP_CONTEXT_PREPARE_01", Status: "SUCCEEDED", CreatedAt: now, UpdatedAt: now.Add(500 * time.Millisecond)},
			{ID: "Task-demo-0002", Index: 2, Name: "VMAPP_DEPLOY_001", CreatedAt: now.Add(500 * time.Millisecond), UpdatedAt: now.Add(time.Second)},
			{ID: "Task-demo-0003", Index: 3, Name: "VMAPP_HEALTH_CHECK_001", CreatedAt: now.Add(time.Second), UpdatedAt: now.Add(time.Second)},
		},
		Progress: Progress{Statuses: []string{"RUNNING", "SUCCEEDED"}, Every: demoServiceStageTime},
	})
}

// seedDemoRuns adds the runs of DemoDLFJob to the demo workspace.
func (e *Emulator) seedDemoRuns(now time.Time) {
	logs := "obs://demo-dlf-logs/" + DemoDLFJob + "/"
	nodes := func(plan time.Time, aggregate DLFNode) []DLFNode {
		aggregate.Name, aggregate.Type, aggregate.Queue = "aggregate", "DLISQL", "sql_queue_demo"
		aggregate.StartTime = plan.Add(time.Minute)
		return []DLFNode{{
			Name: "extract_orders", Type: "CDMJob", Status: "success", StartTime: plan.Add(time.Second),
			EndTime: plan.Add(time.Minute), InputRowCount: 48211, Speed: 803.5, LogPath: logs + "extract_orders.log",
		}, aggregate}
	}
	plan := now.Add(-30 * time.Minute)
	e.AddDLFInstance(DemoWorkspace, DLFInstance{
		JobName: DemoDLFJob, JobID: 77, InstanceID: 9001, Status: "success", Version: 3,
		PlanTime: plan, SubmitTime: plan, StartTime: plan.Add(time.Second), EndTime: plan.Add(3 * time.Minute),
		Nodes: nodes(plan, DLFNode{Status: "success", EndTime: plan.Add(3 * time.Minute), InputRowCount: 1204, Speed: 10.2,
			LogPath: logs + "aggregate-9001.log"}),
	})
	plan = now.Add(-20 * time.Minute)
	e.AddDLFInstance(DemoWorkspace, DLFInstance{
		JobName: DemoDLFJob, JobID: 77, InstanceID: 9002, Status: "fail", Version: 3,
		PlanTime: plan, SubmitTime: plan, StartTime: plan.Add(time.Second), EndTime: plan.Add(2 * time.Minute),
		ErrorMessage: "DLI.0999: SQL job failed: the table orders_agg does not exist",
		Nodes: nodes(plan, DLFNode{Status: "fail", EndTime: plan.Add(2 * time.Minute), RetryTimes: 1,
			LogPath: logs + "aggregate-9002.log"}),
	})
	plan = now.Add(-time.Second)
	e.AddDLFInstance(DemoWorkspace, DLFInstance{
		JobName: DemoDLFJob, JobID: 77, InstanceID: DemoDLFRunningID, InstanceType: 2, Version: 3,
		PlanTime: plan, SubmitTime: plan, StartTime: plan,
		Nodes:    nodes(plan, DLFNode{LogPath: logs + "aggregate-9003.log"}),
		Progress: Progress{Statuses: []string{"running", "success"}, Every: demoRunTime},
	})
}

// The jobs that the documentation's examples (examples/data-sources,
// examples/guides) name, in SeedDemo. The pages' own examples, which
// LoadExamples serves byte for byte, do not suit them: the CSE list example
// reports a total of 100 for the one job it lists (a read of it ends with
// the warning "Incomplete Job List"), and the CCE job example has failed (a
// wait on it fails). These jobs have all ended, so that a plan of the
// examples reads them without waiting, and none has failed that a wait would
// fail on.
const (
	DocEngineID  = "5b0f3c9e-7d41-4a8e-9c2b-1f6e8d4a7b30"
	DocCCEJob    = "8a3e5c71-9b2d-11f0-8c4e-0255ac100b05"
	DocWorkspace = "b1e2c3d4a5f60718293a4b5c6d7e8f90"
	DocCSEJobID  = 12339
	// DocDLFRunID is the latest run of ExampleDLFJobName in DocWorkspace,
	// planned an hour before SeedDemo; DocDLFFailedRunID failed in the
	// week of 2025-06-02.
	DocDLFRunID       = 3320001
	DocDLFFailedRunID = 3313907
)

// seedDocs adds the jobs of the documentation's examples: CSE engine
// DocEngineID with a finished Create job (DocCSEJobID), an Upgrade two days
// ago that ended in Error and a finished Configure job; CCE job DocCCEJob,
// a CreateNode that succeeded, on the cluster of the CCE examples; and in
// DataArts workspace DocWorkspace, the batch job etl_orders_daily with a
// successful run an hour ago and a failed one in the week of 2025-06-02,
// and two real-time jobs, one tagged orders and production.
func (e *Emulator) seedDocs(now time.Time) {
	phase := func(id int64, name, task, desc, status string, start time.Time, log string) CSEPhase {
		return CSEPhase{Name: name, Status: status, StartTime: start, EndTime: start.Add(5 * time.Minute), Duration: 5 * time.Minute,
			Description: desc, Tasks: []CSETask{{ID: id, TaskName: task, EngineName: "cse-prod", Status: status, StartTime: start,
				EndTime: start.Add(5 * time.Minute), CreateTime: start, UpdateTime: start.Add(5 * time.Minute), Timeout: -1,
				Log: log, Duration: 5 * time.Minute, Description: desc}}}
	}
	start := now.Add(-3 * time.Hour)
	e.AddCSEJob(DocEngineID, CSEJob{
		ID: DocCSEJobID, Type: "Create", Description: "create engine cse-prod", Status: "Finished", CreateUser: "ops",
		Context: "{}", StartTime: start, EndTime: start.Add(10 * time.Minute),
		Phases: []CSEPhase{
			phase(89117, "resourcePrepare", "TenantTaskExecutor", "Tenant processing", "Finished", start, ""),
			phase(89118, "engineDeploy", "EngineTaskExecutor", "Engine deployment", "Finished", start.Add(5*time.Minute), ""),
		},
	})
	start = now.Add(-48 * time.Hour)
	e.AddCSEJob(DocEngineID, CSEJob{
		ID: DocCSEJobID + 1, Type: "Upgrade", Description: "upgrade engine cse-prod", Status: "Error", CreateUser: "ops",
		Context: "{}", StartTime: start, EndTime: start.Add(5 * time.Minute),
		Phases: []CSEPhase{phase(89120, "engineUpgrade", "UpgradeTaskExecutor", "Engine upgrade", "Error", start,
			"UpgradeTaskExecutor failed: the engine version 2.4.0 cannot be upgraded to 2.2.0")},
	})
	start = now.Add(-time.Hour)
	e.AddCSEJob(DocEngineID, CSEJob{
		ID: DocCSEJobID + 2, Type: "Configure", Description: "configure engine cse-prod", Status: "Finished", CreateUser: "ops",
		Context: "{}", StartTime: start, EndTime: start.Add(5 * time.Minute),
		Phases: []CSEPhase{phase(89121, "engineConfigure", "ConfigTaskExecutor", "Engine configuration", "Finished", start, "")},
	})

	const cluster = "7ec8b73d-83db-11f0-8baa-0255ac10003e"
	created := now.Add(-2 * time.Hour)
	e.AddCCEJob(CCEJob{
		UID: DocCCEJob, Type: "CreateNode", ClusterUID: cluster, ResourceName: "node-orders-01",
		ExtendParam: map[string]string{"nodepooluid": ""}, Status: "Success",
		Created: created, Updated: created.Add(6 * time.Minute), Completed: created.Add(6 * time.Minute),
		SubJobs: []CCEJob{{
			UID: "8a3e5c71-9b2d-11f0-8c4e-0255ac100b06", Type: "CreateServer", ClusterUID: cluster, ResourceName: "node-orders-01",
			Status: "Success", Created: created, Updated: created.Add(3 * time.Minute), Completed: created.Add(3 * time.Minute),
		}, {
			UID: "8a3e5c71-9b2d-11f0-8c4e-0255ac100b07", Type: "InstallNode", ClusterUID: cluster,
			ResourceID: "c2d8e6a4-9b2d-11f0-8c4e-0255ac100b08", ResourceName: "node-orders-01", Status: "Success",
			Created: created.Add(3 * time.Minute), Updated: created.Add(6 * time.Minute), Completed: created.Add(6 * time.Minute),
		}},
	})

	e.AddDLFJob(DocWorkspace, DLFJob{
		Name: ExampleDLFJobName, JobType: "BATCH", Owner: "etl_team", Priority: 0, Status: "SCHEDULING", CreateUser: "etl_team",
		CreateTime: time.UnixMilli(1680783636000), LastInstanceStatus: "success", LastInstanceEndTime: now.Add(-55 * time.Minute),
		LastUpdateUser: "etl_team", Path: "/orders", Tags: []string{"orders", "production"},
	})
	for _, name := range []string{"orders_stream", "orders_stream_staging"} {
		tags := []string{"orders", "production"}
		if name == "orders_stream_staging" {
			tags = []string{"orders"}
		}
		e.AddDLFJob(DocWorkspace, DLFJob{
			Name: name, JobType: "REAL_TIME", Owner: "stream_team", Priority: 1, Status: "NORMAL", CreateUser: "stream_team",
			CreateTime: time.UnixMilli(1680783636000), StartTime: time.UnixMilli(1680783700000), LastUpdateUser: "stream_team",
			Path: "/orders", SingleNodeJobFlag: true, Tags: tags,
		})
	}
	logs := "obs://dlf-log-orders/" + ExampleDLFJobName + "/"
	plan := now.Add(-time.Hour)
	e.AddDLFInstance(DocWorkspace, DLFInstance{
		JobName: ExampleDLFJobName, JobID: 1046, InstanceID: DocDLFRunID, Status: "success", Version: 7,
		PlanTime: plan, SubmitTime: plan, StartTime: plan.Add(time.Second), EndTime: plan.Add(5 * time.Minute),
		Nodes: []DLFNode{{
			Name: "load_orders", Type: "DLISQL", Status: "success", Queue: "etl_queue", StartTime: plan.Add(time.Second),
			EndTime: plan.Add(5 * time.Minute), InputRowCount: 52318, Speed: 174.4, LogPath: logs + "load_orders.log",
		}},
	})
	plan = time.UnixMilli(1748908800000)
	e.AddDLFInstance(DocWorkspace, DLFInstance{
		JobName: ExampleDLFJobName, JobID: 1046, InstanceID: DocDLFFailedRunID, Status: "fail", Version: 7,
		PlanTime: plan, SubmitTime: plan, StartTime: plan.Add(time.Second), EndTime: plan.Add(2 * time.Minute),
		ErrorMessage: "DLI.0005: the table orders_raw does not exist",
		Nodes: []DLFNode{{
			Name: "load_orders", Type: "DLISQL", Status: "fail", Queue: "etl_queue", StartTime: plan.Add(time.Second),
			EndTime: plan.Add(2 * time.Minute), LogPath: logs + "load_orders-3313907.log",
		}},
	})
}

// The demo jobs of hwcjobs_job and hwcjobs_mrs_job.
const (
	DemoECSJob     = "ff8080827e7810fb017f06338a731328"
	DemoRDSJob     = "dff1d289-4d03-4942-8b9f-463ea07c000d"
	DemoMRSCluster = "c7d1e0f2-5a3b-4c6d-8e9f-0a1b2c3d4e5f"
	DemoMRSJob     = "431b135e-c090-489f-b1db-0abe3822b855"
)

// seedDemoFamilies adds an ECS resize that runs for 4 seconds, an RDS
// restore whose job id RDS knows only 2 seconds after the emulator starts
// (missing_grace waits it through) and that completes 2 seconds later, and an MRS Spark job that YARN reports
// FINISHED with the result FAILED after 4 seconds.
func (e *Emulator) seedDemoFamilies(now time.Time) {
	jobs := []FamilyJob{
		{Service: "ecs", ID: DemoECSJob, Type: "resizeServer", Statuses: []string{"RUNNING", "RUNNING", "SUCCESS"},
			Every: demoStepEvery.String(), Started: now, Entities: map[string]any{"server_id": "1c74e090-c569-4b52-9eaa-fd34776cec28"},
			SubJobs: []FamilySubJob{{ID: "ff8080827e7810fb017f06338ae3132c", Type: "resizeSingleServer",
				Entities: map[string]any{"server_id": "1c74e090-c569-4b52-9eaa-fd34776cec28"}}}},
		{Service: "rds", ID: DemoRDSJob, Type: "RestoreInstance", Statuses: []string{"Running", "Running", "Completed"},
			Every: demoStepEvery.String(), Started: now, MissingFor: demoStepEvery, Progress: "100%",
			Entities: map[string]any{"instance_id": "d87f5b33049144ec95f0cab0a5f22cfbin01", "instance_name": "demo-rds"}},
	}
	for _, j := range jobs {
		if _, err := e.AddFamilyJob(j); err != nil {
			panic(err) // the demo data is ours
		}
	}
	if _, err := e.AddMRSJob(MRSJob{ID: DemoMRSJob, ClusterID: DemoMRSCluster, Name: "pyspark1", Type: "SparkSubmit",
		User: "demo", Queue: "default", AppID: "application_1717750800000_0007",
		TrackingURL: "http://demo-mrs-master:8088/proxy/application_1717750800000_0007/", Submitted: now,
		Statuses: []string{"ACCEPTED", "RUNNING", "FINISHED"}, Every: demoStepEvery.String(), Result: "FAILED"}); err != nil {
		panic(err)
	}
}

// The jobs of hwcjobs_job and hwcjobs_mrs_job that the documentation's
// examples name: all ended in success, so that a plan of the examples waits
// for none of them.
const (
	DocECSJob     = "ff80808288d41e1b0188f0b9b3a20f7c"
	DocRDSJob     = "0b3c7e2a-5d1f-4a9e-8c6b-2f7d9e1a3c5b"
	DocDLIJob     = "8e5e0d4f-3c2b-4a1d-9e8f-7a6b5c4d3e2f"
	DocMRSCluster = "e1d2c3b4-a5f6-4789-8a0b-1c2d3e4f5a6b"
	DocMRSJob     = "5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d"
)

// seedDocFamilies adds the jobs of DocECSJob (a server resize with its
// sub-job), DocRDSJob (a restore), DocDLIJob (an INSERT into orders_agg) and
// the MRS Spark job DocMRSJob of cluster DocMRSCluster.
func (e *Emulator) seedDocFamilies(now time.Time) {
	begun := now.Add(-30 * time.Minute)
	for _, j := range []FamilyJob{
		{Service: "ecs", ID: DocECSJob, Type: "resizeServer", Statuses: []string{"SUCCESS"}, Started: begun,
			Entities: map[string]any{"server_id": "6c1e2a4b-8d3f-4e5a-9b7c-0d1e2f3a4b5c"},
			SubJobs: []FamilySubJob{{ID: "ff80808288d41e1b0188f0b9b3a20f7d", Type: "resizeSingleServer", Started: begun,
				Entities: map[string]any{"server_id": "6c1e2a4b-8d3f-4e5a-9b7c-0d1e2f3a4b5c"}}}},
		{Service: "rds", ID: DocRDSJob, Type: "RestoreInstance", Statuses: []string{"Completed"}, Started: begun, Progress: "100%",
			Entities: map[string]any{"instance_id": "f1e2d3c4b5a6478990a1b2c3d4e5f6a7in01", "instance_name": "orders-db"}},
		{Service: "dli", ID: DocDLIJob, Type: "INSERT", Statuses: []string{"FINISHED"}, Started: begun,
			Entities: map[string]any{"queue_name": "etl_queue", "database_name": "orders", "table_name": "orders_agg", "owner": "etl_team"}},
	} {
		if _, err := e.AddFamilyJob(j); err != nil {
			panic(err)
		}
	}
	if _, err := e.AddMRSJob(MRSJob{ID: DocMRSJob, ClusterID: DocMRSCluster, Statuses: []string{"FINISHED"}, Result: "SUCCEEDED",
		Name: "nightly-aggregate", Type: "SparkSubmit", User: "etl_team", Queue: "default", AppID: "application_1700000000000_0042",
		TrackingURL: "https://mrs-yarn.example.internal:26001/proxy/application_1700000000000_0042/", Submitted: begun}); err != nil {
		panic(err)
	}
}

// Benchmark fixtures of SeedBench.
const (
	BenchEngineID  = "bench-engine"
	BenchWorkspace = "bench-workspace"
	BenchJobs      = 10000
)

// SeedBench loads the data set of scripts/bench.sh: SeedDemo, plus
// BenchJobs generated jobs in CSE engine BenchEngineID (ids 1 to BenchJobs,
// one or two tasks each), BenchJobs BATCH jobs in DLF workspace
// BenchWorkspace, and BenchJobs CCE jobs with two sub-jobs each, in the
// project's CCE job list beside the demo's.
func (e *Emulator) SeedBench() {
	e.SeedDemo()
	e.GenerateCSEJobs(BenchEngineID, BenchJobs)
	e.GenerateDLFJobs(BenchWorkspace, "BATCH", BenchJobs)
	e.GenerateCCEJobs(BenchJobs, 1)
	e.seedBenchSingleJobs()
}

// BenchSingleJobs is how many ServiceStage jobs (bench-ss-001, ...) and ECS
// jobs of hwcjobs_job (bench-ecs-001, ...) SeedBench adds, finished, for
// the comparison of one single-job read with another.
const BenchSingleJobs = 300

func (e *Emulator) seedBenchSingleJobs() {
	started := e.cfg.Clock().UTC().Add(-time.Hour)
	for i := 1; i <= BenchSingleJobs; i++ {
		e.AddServiceStageJob(ServiceStageJob{ID: fmt.Sprintf("bench-ss-%03d", i), Type: "PROVISION", Status: "SUCCEEDED"})
		if _, err := e.AddFamilyJob(FamilyJob{Service: "ecs", ID: fmt.Sprintf("bench-ecs-%03d", i), Statuses: []string{"SUCCESS"},
			Started: started, Entities: map[string]any{"server_id": fmt.Sprintf("bench-server-%03d", i)}}); err != nil {
			panic(err) // the bench data is ours
		}
	}
}
