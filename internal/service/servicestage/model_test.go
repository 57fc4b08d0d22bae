package servicestage

import (
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hwcjobs/terraform-provider-hwcjobs/internal/wait"
)

// jobDataSourceModel is every attribute of the data source as one struct,
// which TestSchemaAndModel round-trips through the schema's state to check
// that jobModel names the computed attributes as the schema does. The data
// source itself reads its arguments and writes its attributes one by one,
// without the framework's reflection (ReadComputed).
type jobDataSourceModel struct {
	jobModel
	wait.Arguments
	JobID types.String `tfsdk:"job_id"`
}
