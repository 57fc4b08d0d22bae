package emulator

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
)

// The IAM project lookup (GET /v3/projects?name=).

func (e *Emulator) iamProjects(r *http.Request) reply {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	base := scheme + "://" + r.Host + "/v3/projects"
	self := base
	if r.URL.RawQuery != "" {
		self += "?" + r.URL.RawQuery
	}
	type links struct {
		Next     *string `json:"next"`
		Previous *string `json:"previous"`
		Self     string  `json:"self"`
	}
	type project struct {
		DomainID    string `json:"domain_id"`
		IsDomain    bool   `json:"is_domain"`
		ParentID    string `json:"parent_id"`
		Name        string `json:"name"`
		Description string `json:"description"`
		Links       links  `json:"links"`
		ID          string `json:"id"`
		Enabled     bool   `json:"enabled"`
	}
	projects := []project{}
	if name := r.URL.Query().Get("name"); name == "" || name == e.cfg.Region {
		sum := sha256.Sum256([]byte("domain:" + e.cfg.ProjectID))
		domain := hex.EncodeToString(sum[:16])
		projects = append(projects, project{
			DomainID: domain, ParentID: domain, Name: e.cfg.Region,
			Links: links{Self: base + "/" + e.cfg.ProjectID}, ID: e.cfg.ProjectID, Enabled: true,
		})
	}
	return okReply(marshal(struct {
		Projects []project `json:"projects"`
		Links    links     `json:"links"`
	}{projects, links{Self: self}}, ""))
}
