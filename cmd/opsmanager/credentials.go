package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/opsmanager/opsmanager/config"
	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/store"
	"github.com/opsmanager/opsmanager/vault"
)

const rotateUsage = "usage: opsmanager credentials rotate-key --new-key KEY (base64 of 32 bytes, from `opsmanager keys encryption`; - reads it from standard input)"

// credentialsCommand runs `opsmanager credentials rotate-key --new-key KEY`:
// every value sealed with ENCRYPTION_KEY (server credentials and users'
// MFA secrets) is re-sealed under KEY in one transaction.
func credentialsCommand(ctx context.Context, cfg config.Config, args []string, stdin io.Reader, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "rotate-key" {
		return errors.New(rotateUsage)
	}
	fs := flag.NewFlagSet("credentials rotate-key", flag.ContinueOnError)
	newKeyArg := fs.String("new-key", "", "the new ENCRYPTION_KEY; - reads it from standard input")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	fromStdin := *newKeyArg == "-"
	if fromStdin {
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && line == "" {
			return fmt.Errorf("read the new key: %w", err)
		}
		*newKeyArg = line
	}
	if strings.TrimSpace(*newKeyArg) == "" {
		return errors.New(rotateUsage)
	}
	newKey, err := vault.ParseKey(*newKeyArg)
	if err != nil {
		return fmt.Errorf("--new-key: %w", err)
	}
	oldKey, keyFile, err := currentEncryptionKey(cfg)
	if err != nil {
		return err
	}
	if bytes.Equal(oldKey, newKey) {
		return errors.New("--new-key is the key in use; generate a new one with `opsmanager keys encryption`")
	}
	stats, err := rotate(ctx, cfg, oldKey, newKey)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Re-encrypted %d credential(s) and %d MFA secret(s) under the new key (%d already were).\n",
		stats.Credentials, stats.MFASecrets, stats.AlreadyRotated)
	return reportNewKey(stdout, keyFile, newKey, fromStdin)
}

// currentEncryptionKey returns the key in use, as loadSecrets finds it:
// ENCRYPTION_KEY, else (dev) the generated key file, whose path it returns.
func currentEncryptionKey(cfg config.Config) ([]byte, string, error) {
	if cfg.EncryptionKey != "" {
		key, err := vault.ParseKey(cfg.EncryptionKey)
		if err != nil {
			return nil, "", fmt.Errorf("ENCRYPTION_KEY: %w", err)
		}
		return key, "", nil
	}
	file := filepath.Join(cfg.DataDir, "encryption.key")
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, "", fmt.Errorf("ENCRYPTION_KEY is not set and the dev key file cannot be read: %w", err)
	}
	key, err := vault.ParseKey(string(data))
	if err != nil {
		return nil, "", fmt.Errorf("key file %s: %w", file, err)
	}
	return key, file, nil
}

func rotate(ctx context.Context, cfg config.Config, oldKey, newKey []byte) (store.RotationStats, error) {
	oldBox, err := vault.NewBox(oldKey)
	if err != nil {
		return store.RotationStats{}, err
	}
	newBox, err := vault.NewBox(newKey)
	if err != nil {
		return store.RotationStats{}, err
	}
	pool, err := connectPostgres(ctx, cfg)
	if err != nil {
		return store.RotationStats{}, err
	}
	defer pool.Close()
	stats, err := store.RotateKey(ctx, pool, oldBox, newBox)
	if err != nil {
		return stats, fmt.Errorf("rotate the encryption key: %w", err)
	}
	_ = store.NewAudit(pool).Append(ctx, domain.AuditEntry{ActorType: domain.ActorSystem, ActorName: "cli",
		Action: "credentials.rotate_key", Outcome: domain.OutcomeSuccess,
		Summary: map[string]any{"credentials": stats.Credentials, "mfaSecrets": stats.MFASecrets, "alreadyRotated": stats.AlreadyRotated}})
	return stats, nil
}

// reportNewKey tells the operator what to configure. A dev key file is
// replaced in place, so `opsmanager dev` keeps working.
func reportNewKey(w io.Writer, keyFile string, newKey []byte, fromStdin bool) error {
	encoded := base64.StdEncoding.EncodeToString(newKey)
	if keyFile != "" {
		if err := replaceFile(keyFile, []byte(encoded+"\n")); err != nil {
			fmt.Fprintf(w, "Could not update %s (%v): set ENCRYPTION_KEY=%s instead.\n", keyFile, err, encoded)
			return err
		}
		fmt.Fprintf(w, "Updated the dev key file %s. Restart OpsManager.\n", keyFile)
		return nil
	}
	if fromStdin {
		fmt.Fprintln(w, "Now set ENCRYPTION_KEY to the new key for the API and every worker, and restart them.")
	} else {
		fmt.Fprintf(w, "Now set, for the API and every worker, and restart them:\n  ENCRYPTION_KEY=%s\n", encoded)
	}
	fmt.Fprintln(w, "Until they restart, processes still holding the old key cannot open credentials or MFA secrets.")
	return nil
}

// replaceFile writes data to path atomically with mode 0600.
func replaceFile(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-key-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
