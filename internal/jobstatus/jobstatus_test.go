package jobstatus

import "testing"

func TestClasses(t *testing.T) {
	cse := Classes{Success: []string{"Finished"}, Failure: []string{"Error", "Timeout"}}
	tests := []struct {
		status          string
		done, succeeded bool
	}{
		{"Finished", true, true},
		{"FINISHED", true, true},
		{"error", true, false},
		{"Timeout", true, false},
		{"Executing", false, false},
		{"", false, false},
	}
	for _, tt := range tests {
		if got := cse.Done(tt.status); got != tt.done {
			t.Errorf("Done(%q) = %v", tt.status, got)
		}
		if got := cse.Succeeded(tt.status); got != tt.succeeded {
			t.Errorf("Succeeded(%q) = %v", tt.status, got)
		}
		if got := cse.Failed(tt.status); got != (tt.done && !tt.succeeded) {
			t.Errorf("Failed(%q) = %v", tt.status, got)
		}
	}

	// DataArts runs: skip-by-depend ends a run that neither failed nor succeeded.
	dlf := Classes{Success: []string{"success"}, Failure: []string{"fail"}, Neither: []string{"skip-by-depend"}}
	if !dlf.Done("Skip-By-Depend") || dlf.Failed("skip-by-depend") || dlf.Succeeded("skip-by-depend") {
		t.Error("skip-by-depend: want done, neither failed nor succeeded")
	}
	if dlf.Done("running") {
		t.Error("running is done")
	}
}
