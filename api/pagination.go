package api

import (
	"fmt"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/opsmanager/opsmanager/domain"
)

// Pagination is the page metadata of numbered list pages.
type Pagination struct {
	Page       int `json:"page"`
	Limit      int `json:"limit"`
	Total      int `json:"total"`
	TotalPages int `json:"totalPages"`
}

// newPagination describes page of limit items out of total.
func newPagination(page, limit, total int) Pagination {
	return Pagination{Page: page, Limit: limit, Total: total, TotalPages: (total + limit - 1) / limit}
}

// CursorPagination is the page metadata of lists read after a cursor:
// pass nextCursor back for the next page; empty means the end.
type CursorPagination struct {
	Limit      int    `json:"limit"`
	NextCursor string `json:"nextCursor"`
}

// LogCursor is where a run's output continues: pass next back as after.
type LogCursor struct {
	Next string `json:"next"`
}

// pageQuery reads ?page= (from 1) and ?limit= (1 to 100, default 20).
func pageQuery(c *gin.Context, bad *[]domain.FieldError) (page, limit int) {
	return intQuery(c, "page", 1, 1, 1_000_000, bad), intQuery(c, "limit", 20, 1, 100, bad)
}

func intQuery(c *gin.Context, name string, def, min, max int, bad *[]domain.FieldError) int {
	raw, ok := c.GetQuery(name)
	if !ok {
		return def
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < min || n > max {
		*bad = append(*bad, domain.FieldError{Field: name, Message: fmt.Sprintf("must be a whole number from %d to %d", min, max)})
		return def
	}
	return n
}
