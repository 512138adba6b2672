package api

import (
	"github.com/gin-gonic/gin"

	"github.com/opsmanager/opsmanager/domain"
)

// Route is one /api/v1 endpoint and the permission it requires. Every API
// route is declared here, so tests can check that none lacks a permission.
type Route struct {
	Method     string
	Path       string
	Permission domain.Permission
	handler    gin.HandlerFunc
}

func (s *Server) registerRoutes(g *gin.RouterGroup) {
	s.routes = []Route{
		{"GET", "/playbooks", domain.PermPlaybooksRead, s.listPlaybooks},
		{"GET", "/playbooks/:name", domain.PermPlaybooksRead, s.getPlaybook},
		{"POST", "/playbooks/:name/runs", domain.PermPlaybooksRun, s.startRun},
		{"GET", "/runs", domain.PermPlaybooksRead, s.listRuns},
		{"GET", "/runs/:id", domain.PermPlaybooksRead, s.getRun},
	}
	for i := range s.routes {
		r := &s.routes[i]
		r.Path = g.BasePath() + r.Path
		g.Handle(r.Method, r.Path[len(g.BasePath()):], r.handler)
	}
}
