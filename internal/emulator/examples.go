// Code copied from the API reference pages in shared/api-docs; keep it byte for byte.

package emulator

// The example response bodies of the five API pages and of the fact sheets of
// revision 2, byte for byte as they show them (no trailing newline). The emulator serves them unchanged after
// LoadExamples.
const (
	// ExampleCSEList is the 200 example of "Querying the Engine Job List" (CSE,
	// api-docs/cse-list-engine-jobs.txt). Its total (100) overstates the one
	// job it holds.
	ExampleCSEList = `{
  "total": 100,
  "data": [
    {
      "id": 12339,
      "engineId": "ad76972c-a743-4770-859c-c98a680f4d98",
      "type": "Create",
      "description": "",
      "status": "Finished",
      "scheduling": 0,
      "createUser": "test",
      "startTime": 1636540095901,
      "endTime": 1636540460230,
      "context": "string",
      "tasks": [
        {
          "jobId": 12339,
          "id": 89117,
          "type": "Create",
          "assigned": "string",
          "taskName": "TenantTaskExecutor",
          "engineName": "test",
          "taskOrder": 0,
          "status": "Init",
          "startTime": 1636540100216,
          "endTime": 1636540110215,
          "createTime": 1636540095910,
          "updateTime": 1636540110230,
          "timeout": -1,
          "log": "string",
          "output": "{}",
          "taskExecutorBrief": {
            "duration": 6000,
            "description": "Tenant processing"
          }
        }
      ]
    }
  ]
}`

	// ExampleCSEJob is the example of "Querying Details About an Exclusive
	// Microservice Engine Job" (CSE, api-docs/cse-show-engine-job.txt), tabs
	// and stray spaces included.
	ExampleCSEJob = `{
	"id": 12339,
	"engineId": "ad76972c-a743-4770-859c-c98a680f4d98",
	"type": "Create",
	"description": "",
	"status": "Finished",
	"scheduling": 0,
	"createUser": "test",
	"startTime": 1636540095901,
	"endTime": 1636540460230,
	"context": "",
	"tasks": [{
		"taskName": "resourcePrepare",
		"taskNames": ["TenantTaskExecutor"],
		"status": "Finished",
		"startTime": 1636540100216,
		"endTime": 1636540110215,
		"taskExecutorBrief": {
			"duration": 60000,
                        "description": "Resource preparation"
		},
		"tasks": [{
			"jobId": 12339,
			"id": 89117,
			"type": "Create",
			"assigned": "",
			"taskName": "TenantTaskExecutor",
			"engineName": "test",
			"taskOrder": 0,
			"status": "Init",
			"startTime": 1636540100216,
			"endTime": 1636540110215,
			"createTime": 1636540095910,
			"updateTime": 1636540110230,
			"timeout": -1,
			"log": "",
			"output": "{}",
			"taskExecutorBrief": {
				"duration": 60000,
                                "description": "Tenant processing"
			}
		}]
	}]
}`

	// ExampleDLFList is the success example of "Viewing a Job List" (DataArts
	// Studio DLF, api-docs/dlf-list-jobs.txt), without the four spaces of list
	// indentation the page puts before every line.
	ExampleDLFList = `{
    "jobs": [
        {
            "createTime": 1680783636000,
            "createUser": "test_user",
            "jobType": "BATCH",
            "lastInstanceEndTime": 1682519407000,
            "lastInstanceStatus": "success",
            "lastUpdateUser": "test_user",
            "name": "myJob",
            "owner": "test_user",
            "path": "/",
            "priority": 0,
            "singleNodeJobFlag": false,
            "status": "SCHEDULING"
        }
    ],
    "total": 1
}`

	// ExampleDLFError is the failure example (HTTP 400) of "Viewing a Job List" (DataArts Studio DLF), dedented like ExampleDLFList. Source: api-docs/dlf-list-jobs.txt.
	ExampleDLFError = `{
    "error_code":"DLF.3051",
    "error_msg":"The request parameter is invalid."
}`

	// ExampleCCEList is the 200 example of "Obtaining the Job List" (CCE): Jackson's pretty printer with the indentation lost, a bare array. Source: api-docs/cce-list-jobs.txt.
	ExampleCCEList = `[ {
"kind" : "Job",
"apiVersion" : "v2",
"metadata" : {
"uid" : "e43c6f3b-87e6-11f0-be88-0255ac10003f",
"creationTimestamp" : "2025-09-02 10:23:38.987955 +0000 UTC",
"updateTimestamp" : "2025-09-02 11:26:03.218087 +0000 UTC"
},
"spec" : {
"type" : "ScaleupCluster",
"clusteruid" : "7ec8b73d-83db-11f0-8baa-0255ac10003e",
"resourceid" : "3b4410fa-87e6-11f0-be88-0255ac10003f",
"resourcename" : "node-iv28j9",
"extendparam" : {
"claimrollback" : "true",
"node.zone" : "",
"nodepooluid" : "",
"orderID" : "CS25090218238EI5V",
"v3-scaleup" : "true"
}
},
"status" : {
"status" : "Failed",
"reason" : "Something bad happened at server, recycle resource",
"completionTime" : "2025-09-02 11:26:03.218087 +0000 UTC"
}
} ]`

	// ExampleServiceStageJob is the example of "Obtaining Job Details" (ServiceStage), with the lower-case keys that real responses use. Source: api-docs/servicestage-show-job.txt.
	ExampleServiceStageJob = `{
    "job": {
        "execution_status": "SUCCEEDED",
        "job_id": "JOB17cb1778-07b1-4c8f-a183-c86cffbe8f9e",
        "job_type": "PROVISION"
    },
    "tasks": [
        {
            "task_id": "Task-af75dd60-0b04-4f4b-b669-0bad38fcdd97",
            "task_index": 4,
            "task_name": "VMAPP_CONTEXT_PREPARE_01",
            "task_status": "SUCCEEDED",
            "created_at": "2024-06-06T15:55:31.115Z",
            "update_at": "2024-06-06T15:55:31.136Z",
            "messages": "{}"
        },
        {
            "task_id": "Task-50110d26-3973-49e1-95d3-d46755e865af",
            "task_index": 5,
            "task_name": "VMAPP_UPGRADE_002",
            "task_status": "SUCCEEDED",
            "created_at": "2024-06-06T15:55:31.136Z",
            "update_at": "2024-06-06T15:55:31.36Z",
            "messages": "{}"
        }
    ],
    "task_count": 2
}`

	// ExampleCCEJob is the assembled example of "CCE: Querying a Job (v3)": a failed CreateNode job with a failed InstallNode sub-job. Source: api-docs/cce-show-job.md.
	ExampleCCEJob = `{
  "kind": "Job",
  "apiVersion": "v3",
  "metadata": {
    "uid": "5f1c2a3b-8d4e-11ef-9b2a-0255ac100b05",
    "creationTimestamp": "2025-06-02 08:11:42.114358 +0000 UTC",
    "updateTimestamp": "2025-06-02 08:17:09.600211 +0000 UTC"
  },
  "spec": {
    "type": "CreateNode",
    "clusterUID": "9c1e7d52-8d4d-11ef-9b2a-0255ac100b05",
    "resourceID": "",
    "resourceName": "",
    "extendParam": {},
    "subJobs": [
      {
        "kind": "Job",
        "apiVersion": "v3",
        "metadata": {"uid": "61aa0c1e-8d4e-11ef-9b2a-0255ac100b05",
                     "creationTimestamp": "2025-06-02 08:11:42.2 +0000 UTC",
                     "updateTimestamp": "2025-06-02 08:17:09.5 +0000 UTC"},
        "spec": {"type": "InstallNode",
                 "clusterUID": "9c1e7d52-8d4d-11ef-9b2a-0255ac100b05",
                 "resourceID": "0b0f4cc1-8d4e-11ef-9b2a-0255ac100b05",
                 "resourceName": "pool-a-node-01"},
        "status": {"phase": "Failed", "reason": "install kubelet timeout"}
      }
    ]
  },
  "status": {"phase": "Failed", "reason": "sub job InstallNode failed"}
}`

	// ExampleDLFInstances is the assembled example of "List job instances" (DataArts Studio DLF): a successful scheduled run and a running manual one. Source: api-docs/dlf-job-instances.md.
	ExampleDLFInstances = `{
  "total": 2,
  "instances": [
    {"jobName": "etl_orders_daily", "jobId": 1046, "instanceId": 3312771, "jobInstanceName": "etl_orders_daily",
     "status": "success", "planTime": 1748822400000, "submitTime": 1748822400120,
     "startTime": 1748822401000, "endTime": 1748822688000, "executeTime": 287000,
     "instanceType": 0, "version": 7, "forceSuccess": false, "ignoreSuccess": false, "errorMessage": ""},
    {"jobName": "etl_orders_daily", "jobId": 1046, "instanceId": 3313905, "jobInstanceName": "etl_orders_daily",
     "status": "running", "planTime": 1748908800000, "submitTime": 1748908800090,
     "startTime": 1748908801000, "executeTime": 52000,
     "instanceType": 2, "version": 7, "forceSuccess": false, "ignoreSuccess": false}
  ]
}`

	// ExampleDLFInstance is the assembled example of "Show a job instance with its node instances" (DataArts Studio DLF): run 3312771 failed in its node aggregate, although ExampleDLFInstances lists it as a success. Source: api-docs/dlf-job-instances.md.
	ExampleDLFInstance = `{
  "jobName": "etl_orders_daily", "instanceId": 3312771, "status": "fail",
  "planTime": 1748822400000, "startTime": 1748822401000, "endTime": 1748822500000,
  "executeTime": 99000, "instanceType": 0, "forceSuccess": false, "ignoreSuccess": false, "total": 2,
  "nodes": [
    {"nodeName": "load_to_dws", "status": "success", "type": "CDMJob", "queue": "",
     "planTime": 1748822400000, "startTime": 1748822401000, "endTime": 1748822470000,
     "retryTimes": 0, "instanceId": 3312771, "inputRowCount": 120034, "speed": 1714.7,
     "logPath": "obs://dlf-log-xxxx/etl_orders_daily/load_to_dws.log"},
    {"nodeName": "aggregate", "status": "fail", "type": "DLISQL", "queue": "sql_queue_a",
     "planTime": 1748822400000, "startTime": 1748822471000, "endTime": 1748822500000,
     "retryTimes": 1, "instanceId": 3312771, "inputRowCount": 0, "speed": 0,
     "logPath": "obs://dlf-log-xxxx/etl_orders_daily/aggregate.log"}
  ]
}`
)
