#!/usr/bin/env bash
# record-histories.sh — records, on the real platform (Temporal dev server, Postgres, Redis and
# the test sshd of `make deps`), the histories of the playbooks that TestReplayRecordedHistories
# replays and TestEveryWorkflowTypeAndVersionHasAHistory requires: restart-service and
# rolling-restart (approved, health-checked), run-command and free-disk-space. The recorder is
# e2e/record_test.go (build tag `record`); it writes into workflows/testdata/. Also records the
# asset-import workflow (batches with relationships, and an atomic import a bad row rejects) and
# collect-facts selecting its server by an asset query, and the scheduled-run workflow of a
# discovery schedule.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
go test -tags record -count=1 -run '^(TestRecordHistories|TestRecordAssetImportHistories|TestRecordCollectFactsHistory|TestRecordScheduledRunHistory)$' -v ./e2e/ | grep -E 'recorded|FAIL|ok|---'
