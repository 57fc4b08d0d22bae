package dlf_test

import (
	"encoding/json"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/acctest"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/emulator"
)

// The answers as the official Go SDK's response models spell them
// (huaweicloud-sdk-go-v3, services/dataartsstudio/v1/model: JobResp of
// ListFactoryJobsResponse, JobInstance of
// ListFactoryJobInstancesByNameResponse): the same field names and JSON
// types, every field filled. The SDK has no model of the run detail with
// nodes; sdkRunDetail spells the detail's fields the SDK's way.
type sdkJobResp struct {
	CreateTime          int64  `json:"create_time"`
	CreateUser          string `json:"create_user"`
	JobType             string `json:"job_type"`
	LastInstanceEndTime int64  `json:"last_instance_end_time"`
	LastInstanceStatus  string `json:"last_instance_status"`
	LastUpdateTime      int64  `json:"last_update_time"`
	LastUpdateUser      string `json:"last_update_user"`
	Name                string `json:"name"`
	Owner               string `json:"owner"`
	Path                string `json:"path"`
	Priority            int32  `json:"priority"`
	SingleNodeJobFlag   bool   `json:"single_node_job_flag"`
	StartTime           int64  `json:"start_time"`
	Status              string `json:"status"`
}

type sdkJobInstance struct {
	JobName         string `json:"job_name"`
	Status          string `json:"status"`
	JobInstanceName string `json:"job_instance_name"`
	PlanTime        int64  `json:"plan_time"`
	StartTime       int64  `json:"start_time"`
	EndTime         int64  `json:"end_time"`
	ExecuteTime     int64  `json:"execute_time"`
	InstanceID      int64  `json:"instance_id"`
	InstanceType    int32  `json:"instance_type"`
	SubmitTime      int64  `json:"submit_time"`
	JobID           int64  `json:"job_id"`
	Version         int32  `json:"version"`
	ForceSuccess    bool   `json:"force_success"`
	IgnoreSuccess   bool   `json:"ignore_success"`
}

type sdkRunDetail struct {
	JobName       string    `json:"job_name"`
	InstanceID    int64     `json:"instance_id"`
	Status        string    `json:"status"`
	PlanTime      int64     `json:"plan_time"`
	StartTime     int64     `json:"start_time"`
	EndTime       int64     `json:"end_time"`
	ExecuteTime   int64     `json:"execute_time"`
	InstanceType  int32     `json:"instance_type"`
	ForceSuccess  bool      `json:"force_success"`
	IgnoreSuccess bool      `json:"ignore_success"`
	Total         int       `json:"total"`
	Nodes         []sdkNode `json:"nodes"`
}

type sdkNode struct {
	NodeName      string  `json:"node_name"`
	Status        string  `json:"status"`
	Type          string  `json:"type"`
	Queue         string  `json:"queue"`
	PlanTime      int64   `json:"plan_time"`
	StartTime     int64   `json:"start_time"`
	EndTime       int64   `json:"end_time"`
	RetryTimes    int32   `json:"retry_times"`
	InstanceID    int64   `json:"instance_id"`
	InputRowCount int64   `json:"input_row_count"`
	Speed         float64 `json:"speed"`
	LogPath       string  `json:"log_path"`
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// Answers spelt as the SDK spells them read, through every DataArts data
// source, as the same answers spelt as the API pages spell them: no time,
// id or flag is lost.
func TestAccSDKSpelling(t *testing.T) {
	e, baseURL := acctest.Emulator(t)
	const runID = 9007199254740993 // 2^53+1: kept exactly, not through a float
	run := sdkJobInstance{
		JobName: "sdk_job", Status: "fail", JobInstanceName: "sdk_job_20250602",
		PlanTime: 1748822400000, StartTime: 1748822460000, EndTime: 1748822520000, ExecuteTime: 60000,
		InstanceID: runID, InstanceType: 2, SubmitTime: 1748822430500, JobID: 1234567890123, Version: 3,
		ForceSuccess: true, IgnoreSuccess: true,
	}
	e.Stub(emulator.Stub{Path: "/v1/" + emulator.DefaultProjectID + "/jobs", Body: mustJSON(t, map[string]any{
		"total": 1,
		"jobs": []sdkJobResp{{
			CreateTime: 1748822400000, CreateUser: "sdk_user", JobType: "REAL_TIME", LastInstanceEndTime: 1748826000000,
			LastInstanceStatus: "fail", LastUpdateTime: 1748829600000, LastUpdateUser: "sdk_editor", Name: "sdk_job",
			Owner: "sdk_owner", Path: "/sdk/dir", Priority: 1, SingleNodeJobFlag: true, StartTime: 1748833200000,
			Status: "NORMAL",
		}},
	})})
	e.Stub(emulator.Stub{Path: instancesPath, Body: mustJSON(t, map[string]any{"total": 1, "instances": []sdkJobInstance{run}})})
	e.Stub(emulator.Stub{Path: instancePath("sdk_job", runID), Body: mustJSON(t, sdkRunDetail{
		JobName: "sdk_job", InstanceID: runID, Status: "fail", PlanTime: 1748822400000, StartTime: 1748822460000,
		EndTime: 1748822520000, ExecuteTime: 60000, InstanceType: 2, ForceSuccess: true, IgnoreSuccess: true, Total: 1,
		Nodes: []sdkNode{{
			NodeName: "load", Status: "fail", Type: "DLISQL", Queue: "etl_queue", PlanTime: 1748822400000,
			StartTime: 1748822470000, EndTime: 1748822510000, RetryTimes: 2, InstanceID: 77, InputRowCount: 1000,
			Speed: 12.5, LogPath: "obs://dlf-log/load.log",
		}},
	})})
	config := acctest.ProviderConfig(e, baseURL) +
		`data "hwcjobs_dataarts_factory_jobs" "test" {
  workspace_id = "sdk"
  process_type = "REAL_TIME"
}
` + block("hwcjobs_dataarts_factory_job_instances", `workspace_id = "sdk"`, `job_name = "sdk_job"`) +
		block("hwcjobs_dataarts_factory_job_instance", `workspace_id = "sdk"`, `job_name = "sdk_job"`)
	runTimes := map[string]knownvalue.Check{
		"plan_time":      knownvalue.StringExact("2025-06-02T00:00:00Z"),
		"start_time":     knownvalue.StringExact("2025-06-02T00:01:00Z"),
		"end_time":       knownvalue.StringExact("2025-06-02T00:02:00Z"),
		"duration_ms":    knownvalue.Int64Exact(60000),
		"instance_type":  knownvalue.Int64Exact(2),
		"force_success":  knownvalue.Bool(true),
		"ignore_success": knownvalue.Bool(true),
		"status":         knownvalue.StringExact("fail"),
		"done":           knownvalue.Bool(true),
		"succeeded":      knownvalue.Bool(false),
	}
	listedRun := map[string]knownvalue.Check{
		"id":            knownvalue.StringExact("9007199254740993"),
		"job_name":      knownvalue.StringExact("sdk_job"),
		"job_id":        knownvalue.StringExact("1234567890123"),
		"name":          knownvalue.StringExact("sdk_job_20250602"),
		"submit_time":   knownvalue.StringExact("2025-06-02T00:00:30.5Z"),
		"version":       knownvalue.Int64Exact(3),
		"error_message": knownvalue.Null(), // not in the SDK's model
	}
	shownRun := map[string]knownvalue.Check{
		"id":          knownvalue.StringExact("9007199254740993"),
		"instance_id": knownvalue.StringExact("9007199254740993"),
		"nodes": knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectExact(map[string]knownvalue.Check{
			"name":            knownvalue.StringExact("load"),
			"type":            knownvalue.StringExact("DLISQL"),
			"status":          knownvalue.StringExact("fail"),
			"queue":           knownvalue.StringExact("etl_queue"),
			"plan_time":       knownvalue.StringExact("2025-06-02T00:00:00Z"),
			"start_time":      knownvalue.StringExact("2025-06-02T00:01:10Z"),
			"end_time":        knownvalue.StringExact("2025-06-02T00:01:50Z"),
			"retry_times":     knownvalue.Int64Exact(2),
			"input_row_count": knownvalue.Int64Exact(1000),
			"speed":           knownvalue.Float64Exact(12.5),
			"log_path":        knownvalue.StringExact("obs://dlf-log/load.log"),
			"done":            knownvalue.Bool(true),
			"succeeded":       knownvalue.Bool(false),
		})}),
	}
	for name, check := range runTimes {
		listedRun[name] = check
		shownRun[name] = check
	}
	checks := acctest.Attributes(runAddress, shownRun)
	checks = append(checks, statecheck.ExpectKnownValue("data.hwcjobs_dataarts_factory_jobs.test", tfjsonpath.New("jobs"),
		knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectExact(map[string]knownvalue.Check{
			"name":                   knownvalue.StringExact("sdk_job"),
			"process_type":           knownvalue.StringExact("REAL_TIME"),
			"owner":                  knownvalue.StringExact("sdk_owner"),
			"priority":               knownvalue.Int64Exact(1),
			"status":                 knownvalue.StringExact("NORMAL"),
			"created_by":             knownvalue.StringExact("sdk_user"),
			"created_at":             knownvalue.StringExact("2025-06-02T00:00:00Z"),
			"start_time":             knownvalue.StringExact("2025-06-02T03:00:00Z"),
			"end_time":               knownvalue.Null(), // not in the SDK's model
			"last_instance_status":   knownvalue.StringExact("fail"),
			"last_instance_end_time": knownvalue.StringExact("2025-06-02T01:00:00Z"),
			"updated_at":             knownvalue.StringExact("2025-06-02T02:00:00Z"),
			"updated_by":             knownvalue.StringExact("sdk_editor"),
			"directory":              knownvalue.StringExact("/sdk/dir"),
			"is_single_task_job":     knownvalue.Bool(true),
		})})))
	checks = append(checks, statecheck.ExpectKnownValue(runsAddress, tfjsonpath.New("instances"),
		knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectExact(listedRun)})))
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: e.Reset,
			Config:    config,
			Check: resource.ComposeTestCheckFunc(
				acctest.CheckRequests(e, "/v1/"+emulator.DefaultProjectID+"/jobs", 1),
				acctest.CheckRequests(e, instancesPath, 2), // the list, and the latest run's lookup
				acctest.CheckRequests(e, instancePath("sdk_job", runID), 1),
			),
			ConfigStateChecks: checks,
		}},
	})
}
