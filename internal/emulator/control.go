package emulator

// The job API: a control API, without credentials, with which a user's own
// test makes jobs that move through statuses of its choosing.
//
//	POST   /hwcjobs-emulator/jobs       a JobSpec -> 201 and the job as held
//	GET    /hwcjobs-emulator/jobs       -> {"jobs": [...]}, oldest first
//	GET    /hwcjobs-emulator/jobs/{id}  -> the job as held
//	DELETE /hwcjobs-emulator/jobs/{id}  -> 204; the cloud API then answers "not found"
//
// Errors are {"error": "why"}: 400 for a body that cannot make a job, 409
// for an id already held, 404 for an id the job API did not make. The jobs
// of each service are made by the service's own adder (AddCCEJob, ...), so
// that the cloud API answers them exactly as the jobs of tests and seeds.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/jobfamily"
)

// ControlPrefix is the path prefix of the job API.
const ControlPrefix = "/hwcjobs-emulator/"

// EveryPoll is the JobSpec.Every that moves a job one status further at each
// read of it.
const EveryPoll = "poll"

// JobSpec is the body of POST /hwcjobs-emulator/jobs, and a job as the job
// API holds it.
type JobSpec struct {
	// Service is the API the job belongs to: one of JobServices.
	Service string `json:"service"`
	// ID is the job's id; one is made when it is empty.
	ID string `json:"id,omitempty"`
	// Statuses are shown in turn, the last one for good; each must be a
	// status the service's API documents (any case; held in the API's
	// spelling).
	Statuses []string `json:"statuses"`
	// Every is the time between statuses from the job's creation, on the
	// emulator's clock ("2s"), or EveryPoll. Needed with more than one
	// status.
	Every string `json:"every,omitempty"`
	// Reason is the job's failure text, shown once it has failed.
	Reason string `json:"reason,omitempty"`
	// ClusterID, EngineID and Result are for the services that need them
	// (EngineID: cse).
	ClusterID string `json:"cluster_id,omitempty"`
	EngineID  string `json:"engine_id,omitempty"`
	Result    string `json:"result,omitempty"`
}

// ErrJobExists is the error of AddJob for an id already held.
var ErrJobExists = errors.New("job already held")

// jobService is how the job API makes, finds and forgets the jobs of one
// service. A new service is one entry of jobServices: its documented
// statuses, the fields it needs, and three functions over its adder.
type jobService struct {
	statuses []string // every status the API documents, in its spelling
	needs    []string // JSON names of the fields it must have (engine_id, cluster_id)
	optional []string // JSON names of the fields it may have (result)
	// checkID refuses an id the API could not have made; nil accepts any.
	checkID func(id string) error
	// newID makes an id when none is given; nil makes a uuid-shaped one.
	newID func(e *Emulator, s JobSpec, n int) string
	// held reports whether the emulator holds a job of that id already,
	// beyond those of the job API; nil: never.
	held func(e *Emulator, s JobSpec) bool
	// add makes the job (an error says why it cannot); forget makes the
	// API forget it.
	add    func(e *Emulator, s JobSpec, p Progress) error
	forget func(e *Emulator, s JobSpec)
}

// jobServices is the dispatch table of the job API, keyed by JobSpec.Service.
var jobServices = map[string]jobService{
	// A v3 CCE job (hwcjobs_cce_job); it shows in the v2 list too.
	"cce": {
		statuses: []string{"Initializing", "Running", "Success", "Failed"},
		held:     func(e *Emulator, s JobSpec) bool { return e.hasCCEJob(s.ID) },
		add: func(e *Emulator, s JobSpec, p Progress) error {
			now := e.cfg.Clock()
			e.AddCCEJob(CCEJob{UID: s.ID, Type: "CreateNode", Reason: s.Reason, Created: now, Updated: now, Progress: p})
			return nil
		},
		forget: func(e *Emulator, s JobSpec) { e.forgetCCEJob(s.ID) },
	},
	// A CSE engine job (hwcjobs_cse_engine_job and the engine's list).
	"cse": {
		statuses: []string{"PreInit", "Init", "Executing", "Error", "Timeout", "Finished"},
		needs:    []string{"engine_id"},
		checkID: func(id string) error {
			if n, err := strconv.ParseInt(id, 10, 64); err != nil || n <= 0 {
				return fmt.Errorf("id %q is not a CSE job id: CSE job ids are positive integers", id)
			}
			return nil
		},
		newID: func(e *Emulator, s JobSpec, n int) string {
			return strconv.FormatInt(max(e.nextCSEJobID(s.EngineID), int64(n)), 10)
		},
		held: func(e *Emulator, s JobSpec) bool { return e.hasCSEJob(s.EngineID, s.ID) },
		add: func(e *Emulator, s JobSpec, p Progress) error {
			id, _ := strconv.ParseInt(s.ID, 10, 64)
			now := e.cfg.Clock()
			e.AddCSEJob(s.EngineID, CSEJob{
				ID: id, Type: "Upgrade", Description: "made by the job API", CreateUser: "hwcjobs-emulator",
				Context: "{}", StartTime: now, Scheduling: true, Progress: p, FailureLog: s.Reason,
				Phases: []CSEPhase{{Name: "resourcePrepare", StartTime: now, Description: "Tenant processing",
					Tasks: []CSETask{{ID: id * 10, TaskName: "TenantTaskExecutor", EngineName: s.EngineID,
						StartTime: now, CreateTime: now, UpdateTime: now, Timeout: -1, Description: "Tenant processing"}}}},
			})
			return nil
		},
		forget: func(e *Emulator, s JobSpec) { e.forgetCSEJob(s.EngineID, s.ID) },
	},
	// A ServiceStage job (hwcjobs_servicestage_job), with one task that
	// carries the failure text.
	"servicestage": {
		statuses: []string{"SUBMITTED", "SCHEDULED", "RUNNING", "FAILED", "SUCCEEDED", "CANCELLED",
			"PARTIALLY_FAILED", "ROLLBACKING", "ROLLBACKED", "UNKNOWN"},
		newID: func(_ *Emulator, _ JobSpec, n int) string { return "JOB" + uuidShaped(n) },
		held:  func(e *Emulator, s JobSpec) bool { return e.hasServiceStageJob(s.ID) },
		add: func(e *Emulator, s JobSpec, p Progress) error {
			now := e.cfg.Clock()
			e.AddServiceStageJob(ServiceStageJob{
				ID: s.ID, Type: "PROVISION", Progress: p, FailureMessages: s.Reason,
				Tasks: []ServiceStageTask{{ID: "Task-" + s.ID, Index: 1, Name: "VMAPP_DEPLOY_001", CreatedAt: now, UpdatedAt: now}},
			})
			return nil
		},
		forget: func(e *Emulator, s JobSpec) { e.forgetServiceStageJob(s.ID) },
	},
	// An MRS job execution (hwcjobs_mrs_job): statuses are its job_state,
	// result its job_result once the state is terminal.
	"mrs": {
		statuses: []string{"NEW", "NEW_SAVING", "SUBMITTED", "ACCEPTED", "RUNNING", "FINISHED", "FAILED", "KILLED"},
		needs:    []string{"cluster_id"},
		optional: []string{"result"},
		held:     func(e *Emulator, s JobSpec) bool { return e.holdsFamilyJob(s.ID) },
		add: func(e *Emulator, s JobSpec, _ Progress) error {
			if s.Reason != "" {
				return errors.New("reason is not a field of an mrs job: MRS gives no failure text, only job_state and job_result")
			}
			_, err := e.AddMRSJob(MRSJob{ID: s.ID, ClusterID: s.ClusterID, Statuses: s.Statuses, Every: s.Every, Result: s.Result,
				Name: "job-" + s.ID, Type: "SparkSubmit", User: "hwcjobs-emulator", Queue: "default", Submitted: e.cfg.Clock()})
			return err
		},
		forget: func(e *Emulator, s JobSpec) { e.ForgetFamilyJob(s.ID) },
	},
}

// The services of hwcjobs_job join the job API from their table, each with
// the statuses the table knows; reason is the job's fail_reason (error_msg,
// message or the log's last line, as the API spells it).
func init() {
	for _, name := range jobfamily.Names() {
		svc, _ := jobfamily.Lookup(name)
		jobServices[name] = jobService{
			statuses: svc.Statuses(),
			held:     func(e *Emulator, s JobSpec) bool { return e.holdsFamilyJob(s.ID) },
			add: func(e *Emulator, s JobSpec, _ Progress) error {
				_, err := e.AddFamilyJob(FamilyJob{Service: s.Service, ID: s.ID, Statuses: s.Statuses, Every: s.Every,
					Reason: s.Reason, Started: e.cfg.Clock()})
				return err
			},
			forget: func(e *Emulator, s JobSpec) { e.ForgetFamilyJob(s.ID) },
		}
	}
}

// JobServices are the services the job API makes jobs of, sorted.
func JobServices() []string {
	names := make([]string, 0, len(jobServices))
	for name := range jobServices {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// uuidShaped is an id in the shape of a UUID, unique to n.
func uuidShaped(n int) string {
	return fmt.Sprintf("00000000-0000-4000-8000-%012d", n)
}

// controlState is what the job API holds, in order of creation.
type controlState struct {
	mu   sync.Mutex // serialises the job API, so that checks and adds do not interleave
	jobs []JobSpec
	made int // ids made so far
}

// AddJob makes a job as POST /hwcjobs-emulator/jobs does, and returns it as
// held, its id made when it had none. An id already held is ErrJobExists
// (wrapped); any other error says why the body cannot make a job.
func (e *Emulator) AddJob(s JobSpec) (JobSpec, error) {
	c := &e.ctl
	c.mu.Lock()
	defer c.mu.Unlock()
	svc, p, err := checkJob(&s)
	if err != nil {
		return JobSpec{}, err
	}
	if svc.held == nil {
		svc.held = func(*Emulator, JobSpec) bool { return false }
	}
	if s.ID == "" {
		newID := svc.newID
		if newID == nil {
			newID = func(_ *Emulator, _ JobSpec, n int) string { return uuidShaped(n) }
		}
		for s.ID == "" || c.holds(s.ID) || svc.held(e, s) {
			c.made++
			s.ID = newID(e, s, c.made)
		}
	} else {
		if svc.checkID != nil {
			if err := svc.checkID(s.ID); err != nil {
				return JobSpec{}, err
			}
		}
		if c.holds(s.ID) || svc.held(e, s) {
			return JobSpec{}, fmt.Errorf("%w: the emulator holds a %s job %q already; leave id out to have one made", ErrJobExists, s.Service, s.ID)
		}
	}
	if err := svc.add(e, s, p); err != nil {
		return JobSpec{}, err
	}
	c.jobs = append(c.jobs, s)
	return s, nil
}

// checkJob checks a body, puts its statuses in the API's spelling and
// returns its service and progress.
func checkJob(s *JobSpec) (jobService, Progress, error) {
	if s.Service == "" {
		return jobService{}, Progress{}, fmt.Errorf("service is missing: one of %s", strings.Join(JobServices(), ", "))
	}
	svc, ok := jobServices[s.Service]
	if !ok {
		return jobService{}, Progress{}, fmt.Errorf("unknown service %q: one of %s", s.Service, strings.Join(JobServices(), ", "))
	}
	fields := map[string]string{"engine_id": s.EngineID, "cluster_id": s.ClusterID, "result": s.Result}
	for _, name := range []string{"engine_id", "cluster_id", "result"} {
		needed := slices.Contains(svc.needs, name)
		switch {
		case needed && fields[name] == "":
			return jobService{}, Progress{}, fmt.Errorf("%s is missing: a %s job needs it", name, s.Service)
		case !needed && !slices.Contains(svc.optional, name) && fields[name] != "":
			return jobService{}, Progress{}, fmt.Errorf("%s is not a field of a %s job", name, s.Service)
		}
	}
	if len(s.Statuses) == 0 {
		return jobService{}, Progress{}, fmt.Errorf("statuses is missing: at least one of %s", strings.Join(svc.statuses, ", "))
	}
	s.Statuses = slices.Clone(s.Statuses)
	for i, st := range s.Statuses {
		k := slices.IndexFunc(svc.statuses, func(known string) bool { return strings.EqualFold(known, st) })
		if k < 0 {
			return jobService{}, Progress{}, fmt.Errorf("%q is not a status of a %s job: one of %s", st, s.Service, strings.Join(svc.statuses, ", "))
		}
		s.Statuses[i] = svc.statuses[k]
	}
	p := Progress{Statuses: s.Statuses}
	switch {
	case s.Every == "" && len(s.Statuses) > 1:
		return jobService{}, Progress{}, errors.New(`every is missing: with several statuses it says when the next one shows, a duration such as "2s" or "poll"`)
	case s.Every == "" || s.Every == EveryPoll:
	default:
		d, err := time.ParseDuration(s.Every)
		if err != nil || d <= 0 {
			return jobService{}, Progress{}, fmt.Errorf(`every %q is neither a positive duration such as "2s" nor "poll"`, s.Every)
		}
		p.Every = d
	}
	return svc, p, nil
}

func (c *controlState) holds(id string) bool {
	return slices.ContainsFunc(c.jobs, func(j JobSpec) bool { return j.ID == id })
}

// LoadJobs adds the jobs of a JSON array of JobSpec bodies, as -jobs FILE
// does; the error names the first job that cannot be made, and why.
func (e *Emulator) LoadJobs(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var specs []JobSpec
	if err := dec.Decode(&specs); err != nil {
		return fmt.Errorf("not a JSON array of jobs: %w", err)
	}
	for i, s := range specs {
		if _, err := e.AddJob(s); err != nil {
			return fmt.Errorf("job %d of %d: %w", i+1, len(specs), err)
		}
	}
	return nil
}

// Jobs are the jobs the job API holds, oldest first.
func (e *Emulator) Jobs() []JobSpec {
	e.ctl.mu.Lock()
	defer e.ctl.mu.Unlock()
	out := make([]JobSpec, len(e.ctl.jobs))
	for i, j := range e.ctl.jobs {
		j.Statuses = slices.Clone(j.Statuses)
		out[i] = j
	}
	return out
}

// ForgetJob makes the API forget a job the job API made; false when it made
// none of that id.
func (e *Emulator) ForgetJob(id string) bool {
	c := &e.ctl
	c.mu.Lock()
	defer c.mu.Unlock()
	i := slices.IndexFunc(c.jobs, func(j JobSpec) bool { return j.ID == id })
	if i < 0 {
		return false
	}
	jobServices[c.jobs[i].Service].forget(e, c.jobs[i])
	c.jobs = slices.Delete(c.jobs, i, i+1)
	return true
}

// serveControl answers the job API.
func (e *Emulator) serveControl(w http.ResponseWriter, r *http.Request) {
	began := time.Now()
	status, body, allow := e.control(r)
	if body != nil {
		body = append(body, '\n') // for a terminal: curl prints the answer as is
	}
	if allow != "" {
		w.Header().Set("Allow", allow)
	}
	w.Header().Set("Content-Type", "application/json")
	if body != nil {
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	}
	w.WriteHeader(status)
	_, _ = w.Write(body)
	if e.cfg.Logger != nil {
		e.cfg.Logger.Printf("%s %s -> %d in %s (job API)", r.Method, r.URL.RequestURI(), status, time.Since(began).Round(time.Microsecond))
	}
}

func (e *Emulator) control(r *http.Request) (status int, body []byte, allow string) {
	fail := func(status int, why string) (int, []byte, string) {
		return status, marshal(map[string]string{"error": why}, ""), ""
	}
	rest := strings.TrimPrefix(r.URL.EscapedPath(), ControlPrefix)
	switch {
	case rest == "jobs" || rest == "jobs/":
		switch r.Method {
		case http.MethodGet:
			return http.StatusOK, marshal(map[string][]JobSpec{"jobs": e.Jobs()}, "  "), ""
		case http.MethodPost:
			dec := json.NewDecoder(http.MaxBytesReader(nil, r.Body, 1<<20))
			dec.DisallowUnknownFields()
			var s JobSpec
			if err := dec.Decode(&s); err != nil {
				return fail(http.StatusBadRequest, "the body is not a job: "+err.Error())
			}
			held, err := e.AddJob(s)
			switch {
			case errors.Is(err, ErrJobExists):
				return fail(http.StatusConflict, err.Error())
			case err != nil:
				return fail(http.StatusBadRequest, err.Error())
			}
			return http.StatusCreated, marshal(held, "  "), ""
		}
		status, body, _ := fail(http.StatusMethodNotAllowed, "the jobs are listed with GET and made with POST")
		return status, body, "GET, POST"
	case strings.HasPrefix(rest, "jobs/") && !strings.Contains(rest[len("jobs/"):], "/"):
		id, err := url.PathUnescape(rest[len("jobs/"):])
		if err != nil {
			return fail(http.StatusBadRequest, "bad job id in the path: "+err.Error())
		}
		switch r.Method {
		case http.MethodGet:
			for _, j := range e.Jobs() {
				if j.ID == id {
					return http.StatusOK, marshal(j, "  "), ""
				}
			}
		case http.MethodDelete:
			if e.ForgetJob(id) {
				return http.StatusNoContent, nil, ""
			}
		default:
			status, body, _ := fail(http.StatusMethodNotAllowed, "a job is read with GET and forgotten with DELETE")
			return status, body, "GET, DELETE"
		}
		return fail(http.StatusNotFound, fmt.Sprintf("the job API holds no job %q", id))
	}
	return fail(http.StatusNotFound, "no such path in the job API: POST or GET "+ControlPrefix+"jobs, GET or DELETE "+ControlPrefix+"jobs/{id}")
}

// ---------------------------------------------------------------------------
// What the job API needs of each service's model.

func (e *Emulator) hasCCEJob(id string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return slices.ContainsFunc(e.cce, func(ent *cceEntry) bool { return ent.job.UID == id })
}

func (e *Emulator) forgetCCEJob(id string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.cce = slices.DeleteFunc(e.cce, func(ent *cceEntry) bool { return ent.job.UID == id })
}

func (e *Emulator) hasCSEJob(engineID, id string) bool {
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		return false
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	return slices.ContainsFunc(e.cse[engineID], func(ent *cseEntry) bool { return ent.job.ID == n })
}

// nextCSEJobID is one more than the largest job id of the engine.
func (e *Emulator) nextCSEJobID(engineID string) int64 {
	e.mu.Lock()
	defer e.mu.Unlock()
	var last int64
	for _, ent := range e.cse[engineID] {
		last = max(last, ent.job.ID)
	}
	return last + 1
}

func (e *Emulator) forgetCSEJob(engineID, id string) {
	n, _ := strconv.ParseInt(id, 10, 64)
	e.mu.Lock()
	defer e.mu.Unlock()
	if jobs, ok := e.cse[engineID]; ok {
		e.cse[engineID] = slices.DeleteFunc(jobs, func(ent *cseEntry) bool { return ent.job.ID == n })
	}
}

func (e *Emulator) hasServiceStageJob(id string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return slices.ContainsFunc(e.ss, func(ent *ssEntry) bool { return ent.job.ID == id })
}

func (e *Emulator) forgetServiceStageJob(id string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.ss = slices.DeleteFunc(e.ss, func(ent *ssEntry) bool { return ent.job.ID == id })
}

// ---------------------------------------------------------------------------
// The provider block to paste.

// RoutesEndpointKey reports whether the emulator takes key as the first
// segment of a path (http://host/<key>/...), as ProviderBlock points it.
func RoutesEndpointKey(key string) bool { return endpointPrefixes[key] }

// ProviderBlock is a provider block, formatted as terraform fmt does, that
// sends the provider to the emulator at baseURL with its credentials,
// region and project: each endpoint key of keys at baseURL/<key>. The
// caller gives the keys (the provider's own list), as the emulator does not
// import the client.
func (e *Emulator) ProviderBlock(baseURL string, keys []string) string {
	cfg := e.Config()
	aks := slices.Sorted(maps.Keys(cfg.Keys))
	var b strings.Builder
	b.WriteString("provider \"hwcjobs\" {\n")
	fmt.Fprintf(&b, "  region     = %q\n  project_id = %q\n", cfg.Region, cfg.ProjectID)
	if len(aks) > 0 {
		fmt.Fprintf(&b, "  access_key = %q\n  secret_key = %q\n", aks[0], cfg.Keys[aks[0]])
	}
	width := 0
	for _, k := range keys {
		width = max(width, len(k))
	}
	b.WriteString("  endpoints = {\n")
	for _, k := range keys {
		fmt.Fprintf(&b, "    %-*s = %q\n", width, k, strings.TrimSuffix(baseURL, "/")+"/"+k)
	}
	b.WriteString("  }\n}\n")
	return b.String()
}
