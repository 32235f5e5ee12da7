#!/usr/bin/env bash
# Starts the product as `npm start` does on a fresh machine (embedded database, empty data
# directory), waits for it, runs scripts/smoke-check.ts against it, and stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
data_dir=$(mktemp -d)
port=${SMOKE_PORT:-18080}
log="$data_dir/server.log"
if curl -fsS "http://127.0.0.1:$port/api/v1/health" >/dev/null 2>&1; then
  echo "port $port is already in use"; exit 1
fi
started=$(date +%s)
# Its own process group, so that stopping it stops npm's children (tsx, node) too.
setsid env -u DATABASE_URL DATA_DIR="$data_dir" PORT="$port" npm start >"$log" 2>&1 &
pid=$!
cleanup() { kill -- -"$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$data_dir"; }
trap cleanup EXIT

for _ in $(seq 240); do
  if curl -fsS "http://127.0.0.1:$port/api/v1/health" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$pid" 2>/dev/null; then echo "server died:"; cat "$log"; exit 1; fi
  sleep 1
done
echo "ready after $(( $(date +%s) - started )) s"
npx tsx scripts/smoke-check.ts "http://127.0.0.1:$port"
echo "smoke check passed"
