package api

// ScheduleStore is what the API needs of the on-call schedule repository.
type ScheduleStore interface{}

// scheduleRoutes are the on-call schedule routes.
func (s *Server) scheduleRoutes() []Route { return nil }
