#!/usr/bin/env bash
# Starts the product as `npm start` does on a fresh machine (embedded database, empty data
# directory), waits for it, checks health and a grid lookup, and stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
data_dir=$(mktemp -d)
port=${SMOKE_PORT:-18080}
log="$data_dir/server.log"
started=$(date +%s)
env -u DATABASE_URL DATA_DIR="$data_dir" PORT="$port" npm start >"$log" 2>&1 &
pid=$!
cleanup() { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$data_dir"; }
trap cleanup EXIT

for _ in $(seq 240); do
  if curl -fsS "http://127.0.0.1:$port/api/v1/health" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$pid" 2>/dev/null; then echo "server died:"; cat "$log"; exit 1; fi
  sleep 1
done
echo "ready after $(( $(date +%s) - started )) s"
health=$(curl -fsS "http://127.0.0.1:$port/api/v1/health")
echo "health: $health"
echo "$health" | grep -q '"database":"embedded"'
grid=$(curl -fsS "http://127.0.0.1:$port/api/v1/grids" | node -e '
  let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
    const fc = JSON.parse(s); console.log(fc.features.length);
  });')
echo "grids: $grid"
[ "$grid" = 456 ]
point=$(curl -fsS "http://127.0.0.1:$port/api/v1/search?q=320111001001001" | node -e '
  let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
    const b = JSON.parse(s).items[0].bbox; console.log(`lon=${(b[0] + b[2]) / 2}&lat=${(b[1] + b[3]) / 2}`);
  });')
lookup=$(curl -sS "http://127.0.0.1:$port/api/v1/lookup?$point")
echo "lookup $point: $lookup"
echo "$lookup" | grep -q '"district":{"code":"320111"'
curl -fsS "http://127.0.0.1:$port/" | grep -q '<div' && echo "web UI served"
echo "smoke check passed"
