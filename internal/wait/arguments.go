package wait

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/client"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/tfwire"
	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/validate"
)

const (
	// DefaultPollInterval is poll_interval when unset.
	DefaultPollInterval = 10 * time.Second
	// MinPollInterval is the shortest poll_interval allowed.
	MinPollInterval = 100 * time.Millisecond
	// DefaultTimeout is timeouts.read when unset.
	DefaultTimeout = 20 * time.Minute
)

// ErrNotFound is an error a Poll may wrap when it finds by itself that the
// job does not exist (no instance where one was looked for, say): Read
// treats it as a "not found" answer of the API (see client.NotFoundOf).
var ErrNotFound = client.ErrJobNotFound

// ReadTimeout is the timeouts argument of every data source; models embed
// it, or ListArguments or Arguments, which embed it.
type ReadTimeout struct {
	Timeouts timeouts.Value `tfsdk:"timeouts"`
}

// Context bounds a read by timeouts.read.
func (t ReadTimeout) Context(ctx context.Context) (context.Context, context.CancelFunc, diag.Diagnostics) {
	timeout, diags := t.Timeouts.Read(ctx, DefaultTimeout)
	if diags.HasError() {
		return ctx, func() {}, diags
	}
	ctx, cancel := client.WithReadTimeout(ctx, timeout)
	return ctx, cancel, diags
}

// ListArguments are the wait arguments of the list data sources that can
// wait; models embed them.
type ListArguments struct {
	WaitForCompletion types.Bool   `tfsdk:"wait_for_completion"`
	FailOnError       types.Bool   `tfsdk:"fail_on_error"`
	PollInterval      types.String `tfsdk:"poll_interval"`
	ReadTimeout
}

// Arguments are the wait arguments of every single-job data source, with
// allow_missing and the computed found; models embed them.
type Arguments struct {
	ListArguments
	AllowMissing types.Bool `tfsdk:"allow_missing"`
	Found        types.Bool `tfsdk:"found"`
}

// AddTimeouts adds the timeouts argument to a data source schema.
func AddTimeouts(ctx context.Context, attrs map[string]schema.Attribute) map[string]schema.Attribute {
	attr := timeouts.AttributesWithOpts(ctx, timeouts.Opts{})
	// The library's attribute is a single nested one; it gets a description,
	// and read a validator that also refuses "0s" and negative durations,
	// on the read attribute itself.
	if nested, ok := attr.(schema.SingleNestedAttribute); ok {
		nested.MarkdownDescription = "Time limits of the read."
		nested.Attributes = map[string]schema.Attribute{
			"read": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "How long the read may take in all, retries and waiting included, as a positive duration " +
					"such as `\"30m\"` or `\"1h30m\"`. Default `\"20m\"`.",
				Validators: []validator.String{positiveDuration{}},
			},
		}
		attr = nested
	}
	attrs["timeouts"] = attr
	return attrs
}

// positiveDuration accepts a duration longer than zero: timeouts.read = "0s"
// would fail every read at its first request.
type positiveDuration struct{}

func (positiveDuration) Description(context.Context) string {
	return `must be a positive duration such as "30m"`
}

func (v positiveDuration) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (positiveDuration) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	s := req.ConfigValue.ValueString()
	d, err := time.ParseDuration(s)
	switch {
	case err != nil:
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Duration",
			fmt.Sprintf("%q is not a duration. Write it like \"30m\", \"1h30m\" or \"90s\" (units h, m, s, ms).", s))
	case d <= 0:
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Duration",
			fmt.Sprintf("%q is not a positive duration: timeouts.read bounds the whole read, which needs time for at least "+
				"one request. Write it like \"30m\", or leave timeouts out for the default of 20m.", s))
	}
}

// AddAttributes adds the wait arguments, allow_missing, found and timeouts
// to the schema of a single-job data source.
func AddAttributes(ctx context.Context, attrs map[string]schema.Attribute) map[string]schema.Attribute {
	attrs["wait_for_completion"] = schema.BoolAttribute{
		Optional: true,
		MarkdownDescription: "Poll the job until its status is terminal before the read completes, so that everything " +
			"that depends on this data source waits for the job. Default `false`: read the job once.",
	}
	attrs["fail_on_error"] = schema.BoolAttribute{
		Optional: true,
		MarkdownDescription: "When the wait ends in a failure status, fail the read with an error that names the job, " +
			"its status and its own failure text. Set `false` to read the failed job instead. Default `true`. " +
			"Only with `wait_for_completion = true`.",
	}
	attrs["poll_interval"] = pollIntervalAttribute()
	attrs["allow_missing"] = schema.BoolAttribute{
		Optional: true,
		MarkdownDescription: "Read a job that the API says does not exist (APIs forget finished jobs after a while) as " +
			"`found = false`, with every other attribute null, instead of failing; a wait on it ends at once. Default `false`.",
	}
	attrs["found"] = schema.BoolAttribute{
		Computed:            true,
		MarkdownDescription: "Whether the job exists: `false` only with `allow_missing = true` for a job that the API does not know.",
	}
	return AddTimeouts(ctx, attrs)
}

// AddListAttributes adds the wait arguments and timeouts to the schema of a
// list data source that can wait.
func AddListAttributes(ctx context.Context, attrs map[string]schema.Attribute) map[string]schema.Attribute {
	attrs["wait_for_completion"] = schema.BoolAttribute{
		Optional: true,
		MarkdownDescription: "List again, with the same filters, until no listed job is pending before the read completes, " +
			"so that everything that depends on this data source waits for the jobs. The attributes are those of the last " +
			"listing. Default `false`: list once.",
	}
	attrs["fail_on_error"] = schema.BoolAttribute{
		Optional: true,
		MarkdownDescription: "Fail the read as soon as a job that the wait saw pending is in a failure status, with an " +
			"error that names each such job (up to 10) with its status and failure text. Jobs that had already failed " +
			"when the wait began, or that it never saw pending, never fail it. Set `false` to wait until no job is " +
			"pending and read the list whatever the jobs' ends. Default `true`. Only with `wait_for_completion = true`.",
	}
	attrs["poll_interval"] = pollIntervalAttribute()
	return AddTimeouts(ctx, attrs)
}

func pollIntervalAttribute() schema.Attribute {
	return schema.StringAttribute{
		Optional: true,
		MarkdownDescription: "Time between polls while waiting, as a duration such as `\"10s\"`; at least `100ms`. " +
			"Default `\"10s\"`. The first poll is immediate. Only with `wait_for_completion = true`.",
		Validators: []validator.String{validate.Duration(MinPollInterval)},
	}
}

// Read reads a job as its arguments ask: once, or polling until it is done
// within timeouts.read. A job that the API says does not exist reads as not
// found (false, and no error) with allow_missing, and is an error that says
// so without. Read sets args.Found. Its errors are diagnostics a user can
// act on.
func Read[T any](ctx context.Context, args *Arguments, j Job[T]) (T, bool, diag.Diagnostics) {
	var zero T
	var diags diag.Diagnostics
	v, err := run(ctx, args.ListArguments, j, &diags)
	switch {
	case diags.HasError():
		return zero, false, diags
	case err == nil:
		args.Found = types.BoolValue(true)
		return v, true, diags
	case jobMissing(err, j.Service):
		if args.AllowMissing.ValueBool() {
			tflog.Info(ctx, "The job does not exist; allow_missing reads it as not found", map[string]any{"job": j.Subject, "error": err.Error()})
			args.Found = types.BoolValue(false)
			return zero, false, diags
		}
		summary, detail := client.Describe(err, j.Subject)
		head, rest, _ := strings.Cut(detail, "\n\n")
		diags.AddError(summary, head+" If the job may not exist (APIs forget finished jobs after a while), set allow_missing = true "+
			"to read it as found = false instead of failing.\n\n"+rest)
	default:
		diags.Append(errorDiagnostic(err, j.Subject, "the failed job"))
	}
	return zero, false, diags
}

// jobMissing reports an error that says that the job does not exist, as
// client.NotFoundOf decides it, from a request of the job's own API s.
func jobMissing(err error, s client.Service) bool {
	nf := client.NotFoundOf(err)
	return nf.What == client.JobMissing && (nf.Service == "" || s == "" || nf.Service == s)
}

// ReadList reads a list as its arguments ask: once, or listing again until
// no listed job is pending within timeouts.read. j is a List.
func ReadList[T any](ctx context.Context, args ListArguments, j Job[T]) (T, diag.Diagnostics) {
	var zero T
	var diags diag.Diagnostics
	v, err := run(ctx, args, j, &diags)
	switch {
	case diags.HasError():
		return zero, diags
	case err != nil:
		diags.Append(errorDiagnostic(err, j.Subject, "the list"))
		return zero, diags
	}
	return v, diags
}

// run reads once or waits, within timeouts.read. Problems of the arguments
// go to diags.
func run[T any](ctx context.Context, args ListArguments, j Job[T], diags *diag.Diagnostics) (T, error) {
	var zero T
	ctx, cancel, d := args.Context(ctx)
	defer cancel()
	diags.Append(d...)
	if diags.HasError() {
		return zero, nil
	}
	if !args.WaitForCompletion.ValueBool() {
		return j.Poll(ctx)
	}
	j.Interval = DefaultPollInterval
	if s := args.PollInterval.ValueString(); s != "" {
		// The validator has checked it.
		if d, err := time.ParseDuration(s); err == nil {
			j.Interval = d
		}
	}
	j.FailOnError = args.FailOnError.IsNull() || args.FailOnError.ValueBool()
	v, err := Until(ctx, j)
	if err == nil && !j.FailOnError && j.Blocked != nil {
		if waitsFor := j.Blocked(v); waitsFor != "" {
			blocked := &BlockedError{Subject: j.Subject, Status: j.Status(v), WaitsFor: waitsFor}
			diags.AddWarning("Job Blocked", blocked.Error()+". fail_on_error = false reads it as it is.")
		}
	}
	return v, err
}

// errorDiagnostic is the diagnostic of a failed read; what names what
// fail_on_error = false reads instead.
func errorDiagnostic(err error, subject, what string) diag.Diagnostic {
	var (
		blocked    *BlockedError
		failed     *FailedError
		jobsFailed *JobsFailedError
		timedOut   *TimeoutError
	)
	hint := "\n\nSet fail_on_error = false to read " + what + " instead of failing."
	switch {
	case errors.As(err, &blocked):
		return diag.NewErrorDiagnostic("Job Blocked", err.Error()+".\n\nSet fail_on_error = false to read the blocked job instead of failing.")
	case errors.As(err, &failed):
		return diag.NewErrorDiagnostic("Job Failed", err.Error()+hint)
	case errors.As(err, &jobsFailed):
		return diag.NewErrorDiagnostic("Jobs Failed", err.Error()+hint)
	case errors.As(err, &timedOut) && timedOut.Listing:
		return diag.NewErrorDiagnostic("Timed Out Waiting For Jobs", err.Error())
	case errors.As(err, &timedOut):
		return diag.NewErrorDiagnostic("Timed Out Waiting For Job", err.Error())
	}
	return diag.NewErrorDiagnostic(client.Describe(err, subject))
}

// ConfigValidators are the validators of every data source that takes wait
// arguments: fail_on_error or poll_interval written without
// wait_for_completion = true would do nothing, which is a warning.
func ConfigValidators() []datasource.ConfigValidator {
	return []datasource.ConfigValidator{idleArguments{}}
}

type idleArguments struct{}

func (idleArguments) Description(context.Context) string {
	return "fail_on_error and poll_interval need wait_for_completion = true"
}

func (idleArguments) MarkdownDescription(context.Context) string {
	return "`fail_on_error` and `poll_interval` need `wait_for_completion = true`"
}

func (idleArguments) ValidateDataSource(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var waits, failOnError types.Bool
	var pollInterval types.String
	for name, target := range map[string]any{"wait_for_completion": &waits, "fail_on_error": &failOnError, "poll_interval": &pollInterval} {
		if d := req.Config.GetAttribute(ctx, path.Root(name), target); d.HasError() {
			return // not a data source that waits; the framework reports schema errors itself
		}
	}
	if waits.IsUnknown() || waits.ValueBool() {
		return
	}
	// missing_grace is an argument of some data sources only.
	var missingGrace types.String
	_ = req.Config.GetAttribute(ctx, path.Root("missing_grace"), &missingGrace)
	for _, a := range []struct {
		name    string
		written bool
	}{
		{"fail_on_error", !failOnError.IsNull()},
		{"poll_interval", !pollInterval.IsNull()},
		{"missing_grace", !missingGrace.IsNull()},
	} {
		if a.written {
			resp.Diagnostics.AddAttributeWarning(path.Root(a.name), "Argument Has No Effect",
				fmt.Sprintf("%s only applies while waiting, and this data source does not wait: set wait_for_completion = true, "+
					"or remove %s.", a.name, a.name))
		}
	}
}

// UnsetTimeouts is the ReadTimeout of a configuration without timeouts, as
// the framework reads it.
func UnsetTimeouts() ReadTimeout {
	return ReadTimeout{Timeouts: timeouts.Value{Object: types.ObjectNull(map[string]attr.Type{"read": types.StringType})}}
}

// ArgumentsOf reads the wait arguments of a single-job data source from its
// configuration's attributes, timeouts included, without the framework's
// reflection or path lookups.
func ArgumentsOf(args tfwire.Arguments) Arguments {
	var a Arguments
	a.WaitForCompletion, a.FailOnError = args.Bool("wait_for_completion"), args.Bool("fail_on_error")
	a.PollInterval = args.String("poll_interval")
	a.AllowMissing = args.Bool("allow_missing")
	a.Timeouts = timeoutsOf(args["timeouts"])
	return a
}

// timeoutAttrTypes are the attributes of the timeouts argument.
var timeoutAttrTypes = map[string]attr.Type{"read": types.StringType}

// timeoutsOf is the timeouts argument from its configured value.
func timeoutsOf(v tftypes.Value) timeouts.Value {
	var inner map[string]tftypes.Value
	switch {
	case v.Type() == nil || v.IsNull():
		return timeouts.Value{Object: types.ObjectNull(timeoutAttrTypes)}
	case !v.IsKnown():
		return timeouts.Value{Object: types.ObjectUnknown(timeoutAttrTypes)}
	case v.As(&inner) != nil:
		return timeouts.Value{Object: types.ObjectNull(timeoutAttrTypes)}
	}
	read := tfwire.Arguments(inner).String("read")
	return timeouts.Value{Object: types.ObjectValueMust(timeoutAttrTypes, map[string]attr.Value{"read": read})}
}
