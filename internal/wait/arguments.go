package wait

import (
	"context"
	"errors"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/client"
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

// Arguments are the wait arguments of every single-job data source; models
// embed them.
type Arguments struct {
	WaitForCompletion types.Bool     `tfsdk:"wait_for_completion"`
	FailOnError       types.Bool     `tfsdk:"fail_on_error"`
	PollInterval      types.String   `tfsdk:"poll_interval"`
	Timeouts          timeouts.Value `tfsdk:"timeouts"`
}

// AddAttributes adds the wait arguments to a data source schema.
func AddAttributes(ctx context.Context, attrs map[string]schema.Attribute) map[string]schema.Attribute {
	attrs["wait_for_completion"] = schema.BoolAttribute{
		Optional: true,
		MarkdownDescription: "Poll the job until its status is terminal before the read completes, so that everything " +
			"that depends on this data source waits for the job. Default `false`: read the job once.",
	}
	attrs["fail_on_error"] = schema.BoolAttribute{
		Optional: true,
		MarkdownDescription: "When the wait ends in a failure status, fail the read with an error that names the job, " +
			"its status and its own failure text. Set `false` to read the failed job instead. Default `true`.",
	}
	attrs["poll_interval"] = schema.StringAttribute{
		Optional:            true,
		MarkdownDescription: "Time between polls while waiting, as a duration such as `\"10s\"`; at least `100ms`. Default `\"10s\"`. The first poll is immediate.",
		Validators:          []validator.String{validate.Duration(MinPollInterval)},
	}
	attrs["timeouts"] = timeoutsAttribute(ctx)
	return attrs
}

// timeoutsAttribute is the library's timeouts attribute, documented.
func timeoutsAttribute(ctx context.Context) schema.Attribute {
	attr := timeouts.AttributesWithOpts(ctx, timeouts.Opts{
		ReadDescription: "How long the read may take in all, waiting included, as a duration such as `\"30m\"`. Default `\"20m\"`.",
	}).(schema.SingleNestedAttribute)
	attr.MarkdownDescription = "Time limits of the read."
	return attr
}

// Read reads a job as its arguments ask: once, or polling until it is done
// within timeouts.read. Its errors are diagnostics a user can act on.
func Read[T any](ctx context.Context, args Arguments, j Job[T]) (T, diag.Diagnostics) {
	var diags diag.Diagnostics
	var zero T
	timeout, d := args.Timeouts.Read(ctx, DefaultTimeout)
	diags.Append(d...)
	if diags.HasError() {
		return zero, diags
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	j.Interval = DefaultPollInterval
	if s := args.PollInterval.ValueString(); s != "" {
		// The validator has checked it.
		if d, err := time.ParseDuration(s); err == nil {
			j.Interval = d
		}
	}
	j.FailOnError = args.FailOnError.IsNull() || args.FailOnError.ValueBool()

	var job T
	var err error
	if args.WaitForCompletion.ValueBool() {
		job, err = Until(ctx, j)
	} else {
		job, err = j.Poll(ctx)
	}
	if err == nil {
		return job, nil
	}
	var failed *FailedError
	var timedOut *TimeoutError
	switch {
	case errors.As(err, &failed):
		diags.AddError("Job Failed", err.Error()+"\n\nSet fail_on_error = false to read the failed job instead of failing.")
	case errors.As(err, &timedOut):
		diags.AddError("Timed Out Waiting For Job", err.Error())
	default:
		diags.AddError(client.Describe(err, j.Subject))
	}
	return zero, diags
}
