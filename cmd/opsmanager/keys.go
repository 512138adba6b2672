package main

import (
	"encoding/base64"
	"fmt"

	"github.com/opsmanager/opsmanager/auth"
	"github.com/opsmanager/opsmanager/vault"
)

// keysCommand makes the secrets production needs:
// `keys jwt FILE` (JWT_PRIVATE_KEY_FILE) and `keys encryption` (ENCRYPTION_KEY).
func keysCommand(args []string) error {
	switch {
	case len(args) == 2 && args[0] == "jwt":
		if err := auth.GenerateKeyFile(args[1]); err != nil {
			return err
		}
		fmt.Printf("wrote %s; set JWT_PRIVATE_KEY_FILE=%s\n", args[1], args[1])
		return nil
	case len(args) == 1 && args[0] == "encryption":
		fmt.Println(base64.StdEncoding.EncodeToString(vault.NewKey()))
		return nil
	}
	return fmt.Errorf("usage: opsmanager keys jwt FILE | opsmanager keys encryption")
}
