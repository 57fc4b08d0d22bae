package hwcjobstest_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/hwcjobs/terraform-provider-hwcjobs/hwcjobstest"
)

// A job that runs for two polls and then fails, as a test of something that
// waits for it would script it.
func Example() {
	em := hwcjobstest.NewEmulator()
	defer em.Close()

	job, err := em.AddJob(hwcjobstest.Job{
		Service:  "cce",
		Statuses: []string{"Running", "Running", "Failed"},
		Every:    hwcjobstest.EveryPoll,
		Reason:   "insufficient ECS quota in the AZ",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(job.ID)
	// Then: em.ProviderConfig() and a data "hwcjobs_cce_job" with
	// job_id = job.ID, run with hwcjobstest.ProtoV6ProviderFactories().
	// Output: 00000000-0000-4000-8000-000000000001
}

func ExampleNewEmulator() {
	em := hwcjobstest.NewEmulator()
	defer em.Close()
	fmt.Println(strings.HasPrefix(em.URL, "http://127.0.0.1:"))
	// Output: true
}

func ExampleEmulator_Close() {
	em := hwcjobstest.NewEmulator()
	em.Close()
	_, err := em.Jobs()
	fmt.Println(err != nil)
	// Output: true
}

func ExampleEmulator_ProviderConfig() {
	em := hwcjobstest.NewEmulator()
	defer em.Close()
	block := strings.ReplaceAll(em.ProviderConfig(), em.URL, "http://127.0.0.1:PORT")
	// Every endpoint key of the provider is at the emulator; two of them:
	for _, line := range strings.Split(block, "\n") {
		if !strings.HasPrefix(line, "    ") || strings.Contains(line, "cce ") || strings.Contains(line, "servicestage ") {
			fmt.Println(line)
		}
	}
	// Output:
	// provider "hwcjobs" {
	//   region     = "cn-north-4"
	//   project_id = "0123456789abcdef0123456789abcdef"
	//   access_key = "test-ak"
	//   secret_key = "test-sk"
	//   endpoints = {
	//     cce           = "http://127.0.0.1:PORT/cce"
	//     servicestage  = "http://127.0.0.1:PORT/servicestage"
	//   }
	// }
}

func ExampleEmulator_AddJob() {
	em := hwcjobstest.NewEmulator()
	defer em.Close()

	// Statuses in any case; the emulator holds them as the API spells them.
	job, err := em.AddJob(hwcjobstest.Job{
		Service: "cse", EngineID: "my-engine",
		Statuses: []string{"init", "executing", "finished"}, Every: "2s",
	})
	fmt.Println(job.ID, job.Statuses, err)

	// A status the API does not have is refused, with the reason.
	_, err = em.AddJob(hwcjobstest.Job{Service: "cce", Statuses: []string{"Done"}})
	fmt.Println(err)
	// Output:
	// 1 [Init Executing Finished] <nil>
	// hwcjobstest: adding a cce job: "Done" is not a status of a cce job: one of Initializing, Running, Success, Failed (HTTP 400)
}

func ExampleEmulator_ForgetJob() {
	em := hwcjobstest.NewEmulator()
	defer em.Close()
	job, _ := em.AddJob(hwcjobstest.Job{Service: "servicestage", ID: "JOB-old", Statuses: []string{"SUCCEEDED"}})

	// Reads of the job are answered "not found" from now on.
	fmt.Println(em.ForgetJob(job.ID))
	fmt.Println(em.ForgetJob(job.ID))
	// Output:
	// <nil>
	// hwcjobstest: forgetting job JOB-old: the job API holds no job "JOB-old" (HTTP 404)
}

func ExampleEmulator_Jobs() {
	em := hwcjobstest.NewEmulator()
	defer em.Close()
	_, _ = em.AddJob(hwcjobstest.Job{Service: "cce", ID: "job-1", Statuses: []string{"Success"}})
	_, _ = em.AddJob(hwcjobstest.Job{Service: "servicestage", ID: "JOB-2", Statuses: []string{"FAILED"}, Reason: "no quota"})

	jobs, err := em.Jobs()
	for _, j := range jobs {
		fmt.Printf("%s %s %v %q\n", j.Service, j.ID, j.Statuses, j.Reason)
	}
	fmt.Println(err)
	// Output:
	// cce job-1 [Success] ""
	// servicestage JOB-2 [FAILED] "no quota"
	// <nil>
}

func ExampleJob() {
	em := hwcjobstest.NewEmulator()
	defer em.Close()
	// The emulator makes the id when it is left out.
	job, err := em.AddJob(hwcjobstest.Job{Service: "servicestage", Statuses: []string{"RUNNING"}})
	fmt.Printf("%+v %v\n", job, err)
	// Output: {Service:servicestage ID:JOB00000000-0000-4000-8000-000000000001 Statuses:[RUNNING] Every: Reason: ClusterID: EngineID: Result:} <nil>
}

func ExampleProtoV6ProviderFactories() {
	factories := hwcjobstest.ProtoV6ProviderFactories()
	server, err := factories["hwcjobs"]()
	if err != nil {
		fmt.Println(err)
		return
	}
	schema, err := server.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		fmt.Println(err)
		return
	}
	_, ok := schema.DataSourceSchemas["hwcjobs_cce_job"]
	fmt.Println(ok)
	// Output: true
}
