#!/usr/bin/env bash
# A throw-away 3-node MariaDB Galera cluster on local ports, for the Galera tests and for developers.
#
#   scripts/galera-cluster.sh start        three nodes, waits until wsrep_cluster_size=3 and every node is Synced
#   scripts/galera-cluster.sh status       one line per node: sql port, pid, state, cluster size
#   scripts/galera-cluster.sh stop         stops the nodes and deletes the directory
#   scripts/galera-cluster.sh kill-node N  kill -9 of node N (1-3), as a crash would
#   scripts/galera-cluster.sh start-node N starts node N again; it rejoins and catches up (IST or SST)
#
# Run it as root: everything lives in GALERA_DIR (default: $TMPDIR/obp-galera), handed to the mysql user the nodes
# drop to (the rsync state transfer runs as that user). Ports are picked free at start and written to GALERA_DIR/cluster.env
# (GALERA_SQL_PORTS=p1,p2,p3), which the tests read. The system MariaDB (port 3306, /var/lib/mysql) is not touched:
# each node reads only its own option file.
set -euo pipefail

DIR="${GALERA_DIR:-${TMPDIR:-/tmp}/obp-galera}"
MARIADBD="${MARIADBD:-/usr/sbin/mariadbd}"
PROVIDER="${GALERA_PROVIDER:-/usr/lib/galera/libgalera_smm.so}"
RUN_AS="${GALERA_USER:-mysql}"
NODES=(1 2 3)

die() { echo "galera-cluster: $*" >&2; exit 1; }

client() { # client PORT SQL...
  local port=$1; shift
  mariadb --no-defaults --protocol=TCP -h127.0.0.1 -P"$port" -uroot -N -B --connect-timeout=2 -e "$*"
}

free_port() {
  local p
  for _ in $(seq 1 200); do
    p=$((20000 + RANDOM % 30000))
    if ! ss -Hltn "sport = :$p" | grep -q . && ! grep -qw "$p" "$DIR/ports.taken" 2>/dev/null; then
      echo "$p" >>"$DIR/ports.taken"
      echo "$p"
      return
    fi
  done
  die "no free port found"
}

load_env() {
  [ -f "$DIR/cluster.env" ] || die "no cluster in $DIR (run: $0 start)"
  # shellcheck disable=SC1091
  . "$DIR/cluster.env"
}

sql_port() { local ports; IFS=, read -r -a ports <<<"$GALERA_SQL_PORTS"; echo "${ports[$(($1 - 1))]}"; }

pid_of() { cat "$DIR/node$1/mariadbd.pid" 2>/dev/null || true; }

alive() { local pid; pid=$(pid_of "$1"); [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; }

write_config() { # write_config N
  local n=$1 gport ist sst
  gport=$(free_port); ist=$(free_port); sst=$(free_port)
  local cnf="$DIR/node$n.cnf"
  cat >"$cnf" <<EOF
[mysqld]
user = $RUN_AS
datadir = $DIR/node$n/data
socket = $DIR/node$n/mariadbd.sock
pid-file = $DIR/node$n/mariadbd.pid
log-error = $DIR/node$n/error.log
port = $(sql_port "$n")
bind-address = 127.0.0.1
character-set-server = utf8mb4
collation-server = utf8mb4_general_ci
# Small: three nodes share a developer machine.
innodb_buffer_pool_size = 32M
innodb_log_file_size = 16M
performance_schema = OFF
max_connections = 200
binlog_format = ROW
default_storage_engine = InnoDB
innodb_autoinc_lock_mode = 2
wsrep_on = ON
wsrep_provider = $PROVIDER
wsrep_cluster_name = obp_test
wsrep_node_name = node$n
wsrep_node_address = 127.0.0.1:$gport
wsrep_sst_receive_address = 127.0.0.1:$sst
wsrep_cluster_address = gcomm://$GALERA_GCOMM
wsrep_sst_method = rsync
# One applier thread (MariaDB's default): writes from other nodes are applied strictly in order, so a busy node
# visibly lags (the ordering test relies on it).
wsrep_slave_threads = 1
# What the service must run under unchanged (issue 13): every table has a primary key, InnoDB only, and so on.
wsrep_mode = REQUIRED_PRIMARY_KEY,STRICT_REPLICATION
# A crashed peer is declared gone after ~3 s instead of the default 15 s, so that writes stall for less than the
# service's request budget while the cluster re-forms.
wsrep_provider_options = "base_port=$gport;ist.recv_addr=127.0.0.1:$ist;gcache.size=64M;evs.keepalive_period=PT0.5S;evs.suspect_timeout=PT2S;evs.inactive_timeout=PT3S;evs.inactive_check_period=PT0.5S;evs.install_timeout=PT3S"
EOF
  echo "127.0.0.1:$gport"
}

start_node() { # start_node N [--wsrep-new-cluster]
  local n=$1; shift
  alive "$n" && return 0
  rm -f "$DIR/node$n/mariadbd.pid"
  # Detached, so that the node outlives this script; its own log says what went wrong.
  setsid "$MARIADBD" --defaults-file="$DIR/node$n.cnf" "$@" >>"$DIR/node$n/stdout.log" 2>&1 </dev/null &
}

node_state() { # prints "<state comment> <cluster size>" or "down"
  local port; port=$(sql_port "$1")
  client "$port" "SELECT MAX(IF(VARIABLE_NAME='WSREP_LOCAL_STATE_COMMENT',VARIABLE_VALUE,NULL)), MAX(IF(VARIABLE_NAME='WSREP_CLUSTER_SIZE',VARIABLE_VALUE,NULL)) FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME IN ('WSREP_LOCAL_STATE_COMMENT','WSREP_CLUSTER_SIZE')" 2>/dev/null | tr '\t' ' ' || echo down
}

wait_for() { # wait_for N SIZE SECONDS
  local n=$1 size=$2 deadline=$((SECONDS + $3)) state
  while [ $SECONDS -lt $deadline ]; do
    state=$(node_state "$n")
    [ "$state" = "Synced $size" ] && return 0
    # The process wrote its pid file and is gone: it gave up (a failed state transfer ends the joiner).
    if [ -f "$DIR/node$n/mariadbd.pid" ] && ! alive "$n"; then break; fi
    sleep 0.5
  done
  echo "node$n: $(node_state "$n") (wanted Synced $size); last lines of its log:" >&2
  tail -n 20 "$DIR/node$n/error.log" >&2 || true
  return 1
}

# Starts a joiner and waits until it is Synced in a cluster of SIZE. A joiner that dies on the way (its state
# transfer failed, e.g. on a machine too busy to answer in time) is started again from an empty data directory.
join_node() { # join_node N SIZE
  local n=$1 attempt
  for attempt in 1 2 3; do
    start_node "$n"
    wait_for "$n" "$2" 120 && return 0
    alive "$n" && return 1
    echo "node$n stopped while joining (attempt $attempt of 3)" >&2
    rm -rf "$DIR/node$n/data" "$DIR/node$n/mariadbd.pid"
    mkdir -p "$DIR/node$n/data"
    chown "$RUN_AS": "$DIR/node$n/data"
  done
  return 1
}

cmd_start() {
  command -v rsync >/dev/null || die "rsync is needed for the state transfer (apt-get install rsync)"
  [ -x "$MARIADBD" ] || die "$MARIADBD not found (apt-get install mariadb-server)"
  [ -f "$PROVIDER" ] || die "$PROVIDER not found (apt-get install galera-4)"
  if [ -f "$DIR/cluster.env" ]; then
    load_env
    if alive 1 && alive 2 && alive 3; then echo "already running in $DIR"; cmd_status; return; fi
    cmd_stop
  fi
  mkdir -p "$DIR"
  : >"$DIR/ports.taken"
  local sql=() n
  for n in "${NODES[@]}"; do sql+=("$(free_port)"); done
  GALERA_SQL_PORTS=$(IFS=,; echo "${sql[*]}")
  # The group addresses are known only after the ports are picked: one pass for the ports, one for the files.
  local gports=()
  GALERA_GCOMM=""
  for n in "${NODES[@]}"; do
    mkdir -p "$DIR/node$n"
    gports+=("$(write_config "$n")")
    GALERA_GCOMM=$(IFS=,; echo "${gports[*]}")
  done
  for n in "${NODES[@]}"; do write_config_final "$n" "$GALERA_GCOMM"; done
  printf 'GALERA_DIR=%s\nGALERA_SQL_PORTS=%s\n' "$DIR" "$GALERA_SQL_PORTS" >"$DIR/cluster.env"
  # Only the first node needs a fresh data directory: the others receive theirs by state transfer.
  mariadb-install-db --no-defaults --user="$RUN_AS" --datadir="$DIR/node1/data" --auth-root-authentication-method=normal \
    --skip-test-db >"$DIR/node1/install.log" 2>&1 || { cat "$DIR/node1/install.log" >&2; die "mariadb-install-db failed"; }
  mkdir -p "$DIR/node2/data" "$DIR/node3/data"
  chown -R "$RUN_AS": "$DIR"
  start_node 1 --wsrep-new-cluster
  wait_for 1 1 60 || die "node1 did not come up"
  join_node 2 2 || die "node2 did not join"
  join_node 3 3 || die "node3 did not join"
  for n in "${NODES[@]}"; do wait_for "$n" 3 30 || die "node$n is not Synced in a cluster of 3"; done
  cmd_status
}

# Rewrites the gcomm address list into each option file once every node's group port is known.
write_config_final() {
  sed -i "s|^wsrep_cluster_address = .*|wsrep_cluster_address = gcomm://$2|" "$DIR/node$1.cnf"
}

cmd_status() {
  load_env
  local n
  for n in "${NODES[@]}"; do
    echo "node$n sql_port=$(sql_port "$n") pid=$(alive "$n" && pid_of "$n" || echo -) state=$(node_state "$n" | tr ' ' /)"
  done
}

cmd_stop() {
  [ -f "$DIR/cluster.env" ] || { rm -rf "$DIR"; return 0; }
  load_env
  local n pid
  for n in "${NODES[@]}"; do
    pid=$(pid_of "$n")
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  done
  for _ in $(seq 1 60); do
    alive 1 || alive 2 || alive 3 || break
    sleep 0.5
  done
  for n in "${NODES[@]}"; do
    pid=$(pid_of "$n")
    [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || true
  done
  rm -rf "$DIR"
}

cmd_kill_node() {
  load_env
  local pid; pid=$(pid_of "$1")
  [ -n "$pid" ] || die "node$1 is not running"
  kill -9 "$pid"
  while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
}

cmd_start_node() {
  load_env
  start_node "$1"
  wait_for "$1" 3 120 || die "node$1 did not rejoin"
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  kill-node) cmd_kill_node "${2:?node number}" ;;
  start-node) cmd_start_node "${2:?node number}" ;;
  *) echo "usage: $0 start|stop|status|kill-node N|start-node N" >&2; exit 2 ;;
esac
