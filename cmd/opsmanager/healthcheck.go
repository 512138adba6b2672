package main

import (
	"fmt"
	"net/http"
	"time"
)

// healthcheck GETs url and fails unless it answers 2xx. Container images
// without a shell use it as their HEALTHCHECK.
func healthcheck(args []string) error {
	if len(args) != 1 {
		return fmt.Errorf("usage: opsmanager healthcheck <url>")
	}
	c := http.Client{Timeout: 3 * time.Second}
	resp, err := c.Get(args[0])
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("%s answered %d", args[0], resp.StatusCode)
	}
	return nil
}
