package emulator

import (
	"bytes"
	"maps"
	"time"
)

// CCE jobs

// CCEJob is a CCE job (V2Job); SubJobs nest to any depth.
type CCEJob struct {
	UID          string
	Type         string
	ClusterUID   string
	ResourceID   string
	ResourceName string
	ExtendParam  map[string]string
	Status       string // Init, Running, Success, Failed
	Reason       string
	Created      time.Time
	Updated      time.Time
	Completed    time.Time
	SubJobs      []CCEJob
}

// AddCCEJob adds a job, replacing the job of the same UID in place.
func (e *Emulator) AddCCEJob(job CCEJob) {
	job = cloneCCE(job)
	e.mu.Lock()
	defer e.mu.Unlock()
	for i, old := range e.cce {
		if old.UID == job.UID {
			e.cce[i] = &job
			return
		}
	}
	e.cce = append(e.cce, &job)
}

func cloneCCE(j CCEJob) CCEJob {
	j.ExtendParam = maps.Clone(j.ExtendParam)
	subs := make([]CCEJob, len(j.SubJobs))
	for i, s := range j.SubJobs {
		subs[i] = cloneCCE(s)
	}
	if j.SubJobs != nil {
		j.SubJobs = subs
	}
	return j
}

type cceJobJSON struct {
	Kind       string `json:"kind"`
	APIVersion string `json:"apiVersion"`
	Metadata   struct {
		UID               string `json:"uid"`
		CreationTimestamp string `json:"creationTimestamp,omitempty"`
		UpdateTimestamp   string `json:"updateTimestamp,omitempty"`
	} `json:"metadata"`
	Spec struct {
		Type         string            `json:"type"`
		ClusterUID   string            `json:"clusteruid,omitempty"`
		ResourceID   string            `json:"resourceid,omitempty"`
		ResourceName string            `json:"resourcename,omitempty"`
		ExtendParam  map[string]string `json:"extendparam,omitempty"`
		SubJobs      []cceJobJSON      `json:"subjobs,omitempty"`
	} `json:"spec"`
	Status struct {
		Status         string `json:"status"`
		Reason         string `json:"reason,omitempty"`
		CompletionTime string `json:"completionTime,omitempty"`
	} `json:"status"`
}

func cceJSON(j CCEJob) cceJobJSON {
	var out cceJobJSON
	out.Kind, out.APIVersion = "Job", "v2"
	out.Metadata.UID = j.UID
	out.Metadata.CreationTimestamp = goTimeString(j.Created)
	out.Metadata.UpdateTimestamp = goTimeString(j.Updated)
	out.Spec.Type, out.Spec.ClusterUID = j.Type, j.ClusterUID
	out.Spec.ResourceID, out.Spec.ResourceName = j.ResourceID, j.ResourceName
	out.Spec.ExtendParam = j.ExtendParam
	for _, s := range j.SubJobs {
		out.Spec.SubJobs = append(out.Spec.SubJobs, cceJSON(s))
	}
	out.Status.Status, out.Status.Reason = j.Status, j.Reason
	out.Status.CompletionTime = goTimeString(j.Completed)
	return out
}

// cceList: GET /api/v2/projects/{project_id}/jobs, a bare array in the style
// of the page's example.
func (e *Emulator) cceList() reply {
	e.mu.Lock()
	defer e.mu.Unlock()
	list := []cceJobJSON{}
	for _, j := range e.cce {
		list = append(list, cceJSON(*j))
	}
	return okReply(jacksonStyle(marshal(list, "")))
}

// jacksonStyle re-formats compact JSON the way the CCE page's example shows
// it: Jackson's default pretty printer ("[ {", "} ]", `"key" : value`, one
// object member per line) with its indentation lost.
func jacksonStyle(compact []byte) []byte {
	var out bytes.Buffer
	var stack []byte
	inString, escaped := false, false
	for i := 0; i < len(compact); i++ {
		c := compact[i]
		if inString {
			out.WriteByte(c)
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
			continue
		}
		switch c {
		case '"':
			inString = true
			out.WriteByte(c)
		case '{', '[':
			if i+1 < len(compact) && (compact[i+1] == '}' || compact[i+1] == ']') {
				out.Write([]byte{c, ' ', compact[i+1]})
				i++
				continue
			}
			stack = append(stack, c)
			if c == '{' {
				out.WriteString("{\n")
			} else {
				out.WriteString("[ ")
			}
		case '}':
			stack = stack[:len(stack)-1]
			out.WriteString("\n}")
		case ']':
			stack = stack[:len(stack)-1]
			out.WriteString(" ]")
		case ':':
			out.WriteString(" : ")
		case ',':
			if stack[len(stack)-1] == '{' {
				out.WriteString(",\n")
			} else {
				out.WriteString(", ")
			}
		default:
			out.WriteByte(c)
		}
	}
	return out.Bytes()
}

// ===========================================================================
