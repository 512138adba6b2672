package main

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"

	"github.com/opsmanager/opsmanager/auth"
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
		key := make([]byte, 32)
		if _, err := rand.Read(key); err != nil {
			return err
		}
		fmt.Println(base64.StdEncoding.EncodeToString(key))
		return nil
	}
	return fmt.Errorf("usage: opsmanager keys jwt FILE | opsmanager keys encryption")
}
